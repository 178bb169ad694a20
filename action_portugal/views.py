from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from . import search as site_search
from .i18n import DEFAULT_LANGUAGE, LANGUAGE_CODES, page_languages, page_url_in
from .page_cache import LISTS, mark_cacheable

ONE_YEAR = 365 * 24 * 60 * 60
RESULTS_PER_PAGE = 10


@require_GET
@never_cache
def switch_language(request, language):
    """The language switcher's link: remember the visitor's choice (for their next visit to
    ``/``) and go to the page they asked for in that language."""
    if language not in LANGUAGE_CODES:
        return HttpResponse(status=404)
    target = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not (safe and target.startswith(f"/{language}/")):
        target = f"/{language}/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=ONE_YEAR,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response


def search(request):
    """The search results page, in the language of its URL."""
    raw_query = request.GET.get("q", "")
    query = site_search.clean_query(raw_query)
    results = site_search.search(query, translation.get_language())
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    for entry in page:
        entry.headline = site_search.headline(entry, query)
    return render(
        request,
        "action_portugal/search.html",
        {
            "query": query,
            "shortened": len(" ".join(raw_query.split())) > len(query),
            "results": page,
        },
    )


def lists_all_pages(view):
    """Feeds and the sitemap list every page: cached until any page is published."""

    def wrapped(request, *args, **kwargs):
        return mark_cacheable(view(request, *args, **kwargs), request, LISTS)

    return wrapped


@lists_all_pages
def sitemap(request):
    """Every public page in each language it has text of its own in, each with its
    alternates and x-default (Wagtail's sitemap lists one language and no alternates)."""
    site = Site.find_for_request(request)
    pages = (
        Page.objects.live().public().descendant_of(site.root_page, inclusive=True).specific()
        if site
        else Page.objects.none()
    )
    entries = []
    for page in pages.order_by("path"):
        urls = {
            code: request.build_absolute_uri(page_url_in(page, code, request))
            for code in page_languages(page)
        }
        for url in urls.values():
            entries.append(
                {
                    "loc": url,
                    "lastmod": page.last_published_at,
                    "alternates": urls.items(),
                    "x_default": urls.get(DEFAULT_LANGUAGE),
                }
            )
    return render(request, "sitemap.xml", {"entries": entries}, content_type="application/xml")


@lists_all_pages
def robots_txt(request):
    search_paths = []
    for code in LANGUAGE_CODES:
        with translation.override(code):
            search_paths.append(reverse("search"))
    lines = ["User-agent: *", "Disallow: /admin/"]
    lines += [f"Disallow: {path}" for path in search_paths]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def server_error(request, template_name="500.html"):
    """The 500 page in the language of the URL, rendered without the database (which may
    be the very thing that failed): no context processors, no page lookups."""
    language = translation.get_language_from_path(request.path_info) or DEFAULT_LANGUAGE
    with translation.override(language):
        html = render_to_string(template_name, {"LANGUAGE_CODE": language})
    return HttpResponseServerError(html)
