import unicodedata

from django.conf import settings
from django.core.paginator import Paginator
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail import views as wagtail_views
from wagtail.admin.views import account as wagtail_account
from wagtail.documents.views import serve as wagtail_documents
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site

from . import search as site_search
from . import throttle
from .forms import MalformedForm
from .i18n import DEFAULT_LANGUAGE, LANGUAGE_CODES, absolute_url, page_languages, page_url_in
from .page_cache import LISTS, cache_variant, mark_cacheable
from .privacy import visible
from .security import client_ip

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
    cache_variant(request, q=query, page=page.number if page.number > 1 else None)
    response = render(
        request,
        "action_portugal/search.html",
        {
            "query": query,
            "shortened": len(" ".join(raw_query.split())) > len(query),
            "results": page,
        },
    )
    # Never kept by a CDN: a page that stops being public must leave the results at once.
    patch_cache_control(response, private=True, no_cache=True)
    return response


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
        visible(Page.objects.descendant_of(site.root_page, inclusive=True)).specific()
        if site
        else Page.objects.none()
    )
    entries = []
    for page in pages.order_by("path"):
        urls = {
            code: absolute_url(page_url_in(page, code, request)) for code in page_languages(page)
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
    lines.append(f"Sitemap: {absolute_url(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception):
    """Django's 404 page, with a deliberate Cache-Control: a CDN may answer a flood of one
    missing address for a minute (publishing a page purges its address anyway), browsers
    ask again."""
    response = defaults.page_not_found(request, exception)
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True, s_maxage=60)
    return response


def server_error(request, template_name="500.html"):
    """The 500 page in the language of the URL, rendered without the database (which may
    be the very thing that failed): no context processors, no page lookups."""
    language = translation.get_language_from_path(request.path_info) or DEFAULT_LANGUAGE
    with translation.override(language):
        html = render_to_string(template_name, {"LANGUAGE_CODE": language})
    response = HttpResponseServerError(html)
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request, exception, template_name="400.html"):
    """The 400 page, like the 500 page without the database: in the language of the form
    that could not be read (the admin's, for a malformed editor form), else of the URL."""
    language = (
        getattr(exception, "language", None)
        or translation.get_language_from_path(request.path_info)
        or translation.get_language()
        or DEFAULT_LANGUAGE
    )
    context = {"LANGUAGE_CODE": language, "malformed_form": isinstance(exception, MalformedForm)}
    with translation.override(language):
        html = render_to_string(template_name, context)
    response = HttpResponseBadRequest(html)
    response["Cache-Control"] = "no-store"
    return response


def normal_email(value):
    """An e-mail address as Django's password reset matches it to accounts."""
    return unicodedata.normalize("NFKC", value or "").strip().casefold()


class PasswordResetView(wagtail_account.PasswordResetView):
    """Wagtail's password reset, limited per e-mail address typed and per visitor address
    (action_portugal.throttle). Over a limit no e-mail is sent, and the answer does not
    depend on whether an account has that e-mail address."""

    def form_valid(self, form):
        checks = [
            (throttle.PASSWORD_RESET_ACCOUNT, normal_email(form.cleaned_data.get("email"))),
            (throttle.PASSWORD_RESET_ADDRESS, client_ip(self.request)),
        ]
        refused_for = throttle.refused_for(*checks)
        if not refused_for:
            throttle.count(*checks)
            return super().form_valid(form)
        minutes = throttle.minutes(refused_for)
        form.add_error(
            None,
            ngettext(
                "Too many password reset requests for this e-mail address or from your "
                "address. No e-mail was sent. Try again in %(minutes)d minute.",
                "Too many password reset requests for this e-mail address or from your "
                "address. No e-mail was sent. Try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
        )
        response = self.render_to_response(self.get_context_data(form=form), status=429)
        add_never_cache_headers(response)
        return response


def wrong_password_message(refused_for):
    minutes = throttle.minutes(refused_for)
    return ngettext(
        "Too many wrong passwords from your address. Try again in %(minutes)d minute.",
        "Too many wrong passwords from your address. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def throttled_password(view, restriction_key, refusal):
    """Wagtail's password form for a private page or collection (``view``), limited per
    visitor address for this restriction and for all of them. While refused, no password
    is checked, not even the right one: ``refusal(request, *args)`` shows the form again."""

    def wrapped(request, *args, **kwargs):
        address = client_ip(request)
        checks = [
            (throttle.PRIVATE_PASSWORD, f"{restriction_key(*args, **kwargs)} {address}"),
            (throttle.PRIVATE_PASSWORD_ADDRESS, address),
        ]
        refused_for = throttle.refused_for(*checks) if request.method == "POST" else 0
        if refused_for:
            response = refusal(request, *args, **kwargs)
        else:
            response = view(request, *args, **kwargs)
            failed = request.method == "POST" and response.status_code == 200
            if failed and throttle.count(*checks):
                refused_for = throttle.refused_for(*checks)
        if refused_for and isinstance(response, TemplateResponse):
            response.status_code = 429
            response.context_data["refusal"] = wrong_password_message(refused_for)
        add_never_cache_headers(response)
        return response

    return wrapped


def refused_form(request):
    """The password form again, unchecked, with where to go once it is accepted."""
    return {"initial": {"return_url": request.POST.get("return_url", "")}}


def page_password_refused(request, page_view_restriction_id, page_id):
    restriction = get_object_or_404(PageViewRestriction, id=page_view_restriction_id)
    page = get_object_or_404(Page, id=page_id).specific
    form = PasswordViewRestrictionForm(instance=restriction, **refused_form(request))
    action_url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
    return page.serve_password_required_response(request, form, action_url)


def document_password_refused(request, restriction_id):
    restriction = get_object_or_404(CollectionViewRestriction, id=restriction_id)
    form = PasswordViewRestrictionForm(instance=restriction, **refused_form(request))
    action_url = reverse("wagtaildocs_authenticate_with_password", args=[restriction.id])
    context = {"form": form, "action_url": action_url}
    return TemplateResponse(request, settings.WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE, context)


page_password = throttled_password(
    wagtail_views.authenticate_with_password,
    lambda page_view_restriction_id, page_id: f"page {page_view_restriction_id}",
    page_password_refused,
)
document_password = throttled_password(
    wagtail_documents.authenticate_with_password,
    lambda restriction_id: f"collection {restriction_id}",
    document_password_refused,
)
