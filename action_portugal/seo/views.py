"""The sitemap, robots.txt and the sections' feeds: cached until any page is published;
and /favicon.ico."""

from django.contrib.staticfiles import finders
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

from action_portugal.base.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGE_CODES,
    absolute_url,
    page_languages,
    page_url_in,
)
from action_portugal.base.privacy import visible
from action_portugal.caching.pages import mark_cacheable
from action_portugal.caching.store import LISTS
from action_portugal.seo.feeds import section_feeds


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


# Its address has no hash in it, unlike the other static files: a month, not a year.
FAVICON_MAX_AGE = 30 * 24 * 60 * 60


@require_safe
@cache_control(public=True, max_age=FAVICON_MAX_AGE)
def favicon(request):
    """/favicon.ico, which browsers, feed readers and search engines ask for whatever the
    page's icon links say: static/favicon.ico (the mark of static/icons/favicon.svg)."""
    path = finders.find("favicon.ico")
    if path is None:  # a deployment without the project's static/ folder
        raise Http404
    return FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115 - FileResponse closes it


@lists_all_pages
def feed(request):
    """The first section's feed (``Section.feed``), at the address feeds always had."""
    feeds = section_feeds()
    if not feeds:
        raise Http404
    return feeds[0][1]()(request)


@lists_all_pages
def section_feed(request, key):
    """The feed of the section ``key``."""
    feed = dict(section_feeds()).get(key)
    if feed is None:
        raise Http404
    instance = feed()
    instance.section_key = key
    return instance(request)
