"""The parts every page shares (the main menu's sections, the footer, the list of areas of
work) and the home page's glimpse of each section.

The shared parts change only when a section or the settings change, so they are kept in
the cache under a version that those changes bump (``bump_chrome``): a page render reads
them without touching the database.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from wagtail.models import Page, Site

from .i18n import in_every_language
from .page_cache import depends_on
from .privacy import visible
from .renditions import prefetch_renditions

HOME_STORIES = 3
HOME_TESTIMONIALS = 3
HOME_TEAM = 6
CHROME_VERSION_KEY = "site-chrome-version"
CHROME_TIMEOUT = 24 * 60 * 60
# What a link to a page needs: where it is in the tree, its title and address in each
# language.
PAGE_LINK_FIELDS = (
    "id",
    "path",
    "depth",
    "content_type_id",
    "live",
    "show_in_menus",
    *in_every_language("title", "url_path"),
)


# The version, read once per request (``request_chrome_version``), not once per use.
_request_chrome_version = ContextVar("request_chrome_version", default=None)


def chrome_version():
    version = _request_chrome_version.get()
    if version is None:
        from .page_cache import first_version

        version = cache.get_or_set(CHROME_VERSION_KEY, first_version, None)
    return version


@contextmanager
def request_chrome_version():
    """Within a request, every part of the chrome reads the version the request began
    with: one cache round trip, and one consistent menu, footer and pillar list."""
    token = _request_chrome_version.set(chrome_version())
    try:
        yield
    finally:
        _request_chrome_version.reset(token)


def bump_chrome():
    """Something every page shows changed: menus, footers and pillar lists are rebuilt,
    and every cached page with them."""
    from .page_cache import CHROME, bump, first_version

    try:
        cache.incr(CHROME_VERSION_KEY)
    except ValueError:
        cache.set(CHROME_VERSION_KEY, first_version(), None)
    _request_chrome_version.set(None)  # the rest of this request sees the change too
    bump(CHROME)


def chrome_key(name, *parts):
    return ":".join(["site-chrome", name, str(chrome_version()), *map(str, parts)])


def site_home(request):
    site = Site.find_for_request(request)
    return site.root_page if site else None


def cached_pages(name, queryset, model=Page, extra_fields=()):
    """``queryset``'s pages as ``model`` objects carrying what a link needs (and
    ``extra_fields``), read from the cache until the next ``bump_chrome``."""
    key = chrome_key(name)
    rows = cache.get(key)
    if rows is None:
        rows = list(queryset.values(*PAGE_LINK_FIELDS, *extra_fields))
        cache.set(key, rows, CHROME_TIMEOUT)
    return [page_from_values(model, row) for row in rows]


def page_from_values(model, row):
    """A ``model`` page with just the fields of ``row`` (a ``values()`` row with ``id``;
    others are ignored), as the database would hand it over (``Model.from_db``: cheaper
    than building it field by field), without a query."""
    values = {**row, model._meta.pk.attname: row["id"]}  # a subclass's pk is page_ptr_id
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db("default", names, [values[name] for name in names])


def section_pages(request):
    """The live menu pages under the site's home page, in tree order (the main menu)."""
    cached = getattr(request, "_section_pages", None)
    if cached is None:
        site = Site.find_for_request(request)
        cached = (
            cached_pages(
                f"sections-{site.pk}",
                visible(Page.objects.child_of(site.root_page)).in_menu().order_by("path"),
            )
            if site
            else []
        )
        request._section_pages = cached
    return cached


def pillar_pages():
    """Every live area of work, in the editors' order, with what its card shows: for the
    home page, the areas-of-work page and the timeline's filter. Any change to an area of
    work bumps the chrome (``page_cache.touches_chrome``)."""
    from pillars.models import PillarPage

    return cached_pages(
        "pillars",
        visible(PillarPage.objects.all()).order_by("order", "path"),
        model=PillarPage,
        extra_fields=("icon", "order", *in_every_language("summary")),
    )


def section_index(request, model):
    from django.contrib.contenttypes.models import ContentType

    content_type_id = ContentType.objects.get_for_model(model).pk
    return next((p for p in section_pages(request) if p.content_type_id == content_type_id), None)


def home_sections(request) -> dict:
    """The home page's glimpse of each section, read from the live pages under each
    section's index (known from the menu, so no query to find them)."""
    from pillars.models import PillarIndexPage
    from team.models import TeamIndexPage, TeamMemberPage
    from testimonials.models import TestimonialIndexPage, TestimonialPage
    from timeline.models import StoryPage, TimelineIndexPage

    index_pages = {
        "pillars": section_index(request, PillarIndexPage),
        "testimonials": section_index(request, TestimonialIndexPage),
        "team": section_index(request, TeamIndexPage),
        "timeline": section_index(request, TimelineIndexPage),
    }

    def listed(model, section, limit):
        index = index_pages[section]
        if index is None:
            return []
        return list(model.objects.for_listing().child_of(index)[:limit])

    pillars = pillar_pages() if index_pages["pillars"] is not None else []
    stories = listed(StoryPage, "timeline", HOME_STORIES)
    testimonials = listed(TestimonialPage, "testimonials", HOME_TESTIMONIALS)
    team = listed(TeamMemberPage, "team", HOME_TEAM)
    prefetch_renditions(
        [(t.photo, "testimonial") for t in testimonials] + [(m.photo, "team card") for m in team]
    )
    depends_on(request, *pillars, *stories, *testimonials, *team)
    return {
        "index_pages": index_pages,
        "pillars": pillars,
        "stories": stories,
        "testimonials": testimonials,
        "team": team,
    }
