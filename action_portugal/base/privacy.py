"""Which pages visitors may see: live ones under no view restriction (a password, signed-in
users, chosen groups), neither on themselves nor on any ancestor.

Wagtail keeps restrictions in rows of their own (``PageViewRestriction``): saving one
publishes nothing, and ``live()`` is not ``public()``. Every public surface (listings, menus,
neighbours, search, feeds, the sitemap, the page cache) asks here, from one list of the
restricted pages' tree paths kept in the cache: no query per listing, and none at all while
nothing is restricted. The list is dropped whenever a restriction or the tree changes
(``forget``), and whoever drops it also renews every cached page (``signals``).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db.models import Q
from wagtail.models import PageViewRestriction

RESTRICTED_PATHS_KEY = "privacy:restricted-page-paths"
# Within a request (``per_request``): the list, once read.
_request_paths = ContextVar("restricted_paths", default=None)


def restricted_paths() -> tuple[str, ...]:
    """The tree paths of the pages that carry a view restriction, of any kind."""
    known = _request_paths.get()
    if known:
        return known[0]
    paths = cache.get(RESTRICTED_PATHS_KEY)
    if paths is None:
        paths = tuple(sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True))))
        cache.set(RESTRICTED_PATHS_KEY, paths, None)
    if known is not None:
        known.append(paths)
    return paths


@contextmanager
def per_request():
    """Within it, the list is read from the cache once, however many listings a page shows
    (``forget`` reads it again)."""
    token = _request_paths.set([])
    try:
        yield
    finally:
        _request_paths.reset(token)


def forget(**kwargs):
    cache.delete(RESTRICTED_PATHS_KEY)
    known = _request_paths.get()
    if known:
        known.clear()


def is_public(page) -> bool:
    """Whether no restriction covers ``page`` (on itself or an ancestor). Live or not is
    the caller's question."""
    return not any(page.path.startswith(path) for path in restricted_paths())


def public_q(prefix: str = "") -> Q:
    """A filter for pages no restriction covers; ``prefix`` ("page__") for models that
    point at a page."""
    condition = Q()
    for path in restricted_paths():
        condition &= ~Q(**{f"{prefix}path__startswith": path})
    return condition


def visible(pages):
    """What visitors may see of a page queryset: live and public."""
    return pages.live().filter(public_q())
