"""Lists of pages a render shows (what the home page and an area of work show of each
section), kept in the page cache's store with the versions of the tags they depend on: the
page they are a list of (a section's index, an area of work), every page in them, and
``chrome`` (privacy, moves). A publish that changes a list bumps one of those, so a list is
never stale; while none moves on, the list costs no query."""

import pickle

from django.conf import settings

from action_portugal.caching.store import CHROME, page_tag, store, tag_versions

LIST_PREFIX = "page-list:"
HTML_PREFIX = "page-list-html:"
VALUE_PREFIX = "page-list-value:"


def remembered_pages(name, of, build):
    """``(pages, versions)``: the pages ``build()`` gives, for the list ``name`` of the page
    ``of`` (or ``None``), from the store while neither ``of``, nor any page in the list,
    nor the chrome changed; and the versions of those tags, for HTML made of the list
    (``remember_html``). Each call gets pages of its own (unpickled), free to be changed
    by the request."""
    key = LIST_PREFIX + name
    entry = store().get_valid(key)
    if entry is not None:
        return pickle.loads(entry["pages"]), entry["tags"]  # noqa: S301 - our own data
    # The list's own tags are read before it is built: a change meanwhile leaves it stale
    # for nobody.
    versions = tag_versions({CHROME} | ({page_tag(of)} if of is not None else set()))
    pages = list(build())
    versions.update(tag_versions({page_tag(page) for page in pages}))
    entry = {"tags": versions, "pages": pickle.dumps(pages)}
    store().set(key, entry, settings.PAGE_CACHE_TIMEOUT)
    return pages, versions


def remembered_html(name):
    """The HTML kept as ``name``, while the tags it was kept with have not moved on."""
    entry = store().get_valid(HTML_PREFIX + name)
    return None if entry is None else entry["html"]


def remember_html(name, versions, html):
    """Keep ``html`` as ``name`` until one of ``versions``' tags moves on: the versions a
    list had when it was read (``remembered_pages``) for HTML made of that list."""
    store().set(
        HTML_PREFIX + name, {"tags": versions, "html": str(html)}, settings.PAGE_CACHE_TIMEOUT
    )


def remembered_value(name, of, build):
    """What ``build()`` gives (a count of a section's pages, say) for the page ``of``, from
    the store while neither ``of`` (bumped whenever a page under it is published,
    unpublished, moved or deleted) nor the chrome (privacy) changed."""
    key = VALUE_PREFIX + name
    entry = store().get_valid(key)
    if entry is not None:
        return entry["value"]
    versions = tag_versions({CHROME, page_tag(of)})
    value = build()
    store().set(key, {"tags": versions, "value": value}, settings.PAGE_CACHE_TIMEOUT)
    return value
