"""The parts every page shares (the main menu, the footer, the list of areas of work), kept
in the cache under one version that every change to them bumps (``bump_chrome``): a page
render reads them without touching the database, and every cached page with them is
renewed when they change."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from wagtail.models import Page, Site

from action_portugal.base.countries import own_pages
from action_portugal.base.pages import PAGE_LINK_FIELDS, page_from_values
from action_portugal.base.privacy import visible
from action_portugal.caching.store import CHROME, bump, entry_name, first_version

CHROME_VERSION_KEY = "site-chrome-version"
CHROME_TIMEOUT = 24 * 60 * 60

# The version, read once per request (``request_chrome_version``), not once per use.
_request_chrome_version = ContextVar("request_chrome_version", default=None)


def chrome_version():
    version = _request_chrome_version.get()
    if version is None:
        version = cache.get_or_set(CHROME_VERSION_KEY, first_version, None)
    return version


@contextmanager
def request_chrome_version():
    """Within a request, every part of the chrome reads the version the request began
    with: one cache round trip, and one consistent menu, footer and list of areas."""
    token = _request_chrome_version.set(chrome_version())
    try:
        yield
    finally:
        _request_chrome_version.reset(token)


def bump_chrome():
    """Something every page shows changed: menus, footers and area lists are rebuilt, and
    every cached page with them."""
    try:
        cache.incr(CHROME_VERSION_KEY)
    except ValueError:
        cache.set(CHROME_VERSION_KEY, first_version(), None)
    _request_chrome_version.set(None)  # the rest of this request sees the change too
    bump(CHROME)


def chrome_key(name, *parts):
    return entry_name(":".join(["site-chrome", name, str(chrome_version()), *map(str, parts)]))


def cached_pages(name, queryset, model=Page, extra_fields=()):
    """The pages of ``queryset()`` as ``model`` objects carrying what a link needs (and
    ``extra_fields``), read from the cache until the next ``bump_chrome``: the query set is
    built only when the cache does not have them. A page whose changes should reach such a
    list declares ``in_chrome``."""
    key = chrome_key(name)
    rows = cache.get(key)
    if rows is None:
        rows = list(queryset().values(*PAGE_LINK_FIELDS, *extra_fields))
        cache.set(key, rows, CHROME_TIMEOUT)
    return [page_from_values(model, row) for row in rows]


def chrome_value(name, build):
    """What ``build()`` gives, from the cache until the next ``bump_chrome``: for what is
    made of pages that declare ``in_chrome``."""
    key = chrome_key(name)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CHROME_TIMEOUT)
    return value


def own_country_pages(request=None):
    """``{country code: page}``: each country's own page that visitors may see (live and
    public), carrying what a link needs (``base.countries.countries_have_pages``). From the
    cache until the next ``bump_chrome`` (such pages are ``in_chrome``, and privacy and
    moves bump it too), and read once per request."""
    cached = getattr(request, "_country_pages", None)
    if cached is None:
        rows = chrome_value(
            "country-pages",
            lambda: [
                row
                for pages in own_pages()
                for row in visible(pages).order_by("path").values(*PAGE_LINK_FIELDS, "country")
            ],
        )
        cached = {}
        for row in rows:
            cached.setdefault(row["country"], page_from_values(Page, row))
        if request is not None:
            request._country_pages = cached
    return cached


def site_home(request):
    site = Site.find_for_request(request)
    return site.root_page if site else None


def section_pages(request):
    """The live menu pages under the site's home page, in tree order (the main menu)."""
    cached = getattr(request, "_section_pages", None)
    if cached is None:
        site = Site.find_for_request(request)
        cached = (
            cached_pages(
                f"sections-{site.pk}",
                lambda: visible(Page.objects.child_of(site.root_page)).in_menu().order_by("path"),
            )
            if site
            else []
        )
        request._section_pages = cached
    return cached
