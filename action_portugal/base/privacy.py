"""Which pages visitors may see: live ones under no view restriction (a password, signed-in
users, chosen groups), neither on themselves nor on any ancestor.

Documents are the same with collections (``document_is_public``).

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
from wagtail.models import CollectionViewRestriction, PageViewRestriction

RESTRICTED_PATHS_KEY = "privacy:restricted-page-paths"
RESTRICTED_COLLECTIONS_KEY = "privacy:restricted-collection-paths"
# Within a request (``per_request``): each list, once read.
_request_paths = ContextVar("restricted_paths", default=None)


def cached_paths(key, read):
    known = _request_paths.get()
    if known is not None and key in known:
        return known[key]
    paths = cache.get(key)
    if paths is None:
        paths = tuple(sorted(set(read())))
        cache.set(key, paths, None)
    if known is not None:
        known[key] = paths
    return paths


def restricted_paths() -> tuple[str, ...]:
    """The tree paths of the pages that carry a view restriction, of any kind."""
    return cached_paths(
        RESTRICTED_PATHS_KEY,
        lambda: PageViewRestriction.objects.values_list("page__path", flat=True),
    )


def restricted_collection_paths() -> tuple[str, ...]:
    """The tree paths of the collections of documents that carry a view restriction: a
    document in one of them, or under one, is not for every visitor."""
    return cached_paths(
        RESTRICTED_COLLECTIONS_KEY,
        lambda: CollectionViewRestriction.objects.values_list("collection__path", flat=True),
    )


@contextmanager
def per_request():
    """Within it, each list is read from the cache once, however many listings a page
    shows (``forget`` reads them again)."""
    token = _request_paths.set({})
    try:
        yield
    finally:
        _request_paths.reset(token)


def document_is_public(document) -> bool:
    """Whether every visitor may download ``document``: no restriction on its collection or
    an ancestor. What a page says of a document (its size, pages, cover) is shown only
    then."""
    path = document.collection.path
    return not any(path.startswith(restricted) for restricted in restricted_collection_paths())


def forget(**kwargs):
    cache.delete_many([RESTRICTED_PATHS_KEY, RESTRICTED_COLLECTIONS_KEY])
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
