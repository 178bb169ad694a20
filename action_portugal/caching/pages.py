"""Pages for visitors, from the cache, and never stale after a publish.

Anonymous GETs of public pages are kept in the shared cache (Redis in production), one
entry per address (so per language) and query as the page reads it
(``action_portugal.base.queries``): any other query (``?x=1``, ``?page=abc``, campaign
parameters) is answered from the entry of what the page makes of it, without a render.
Pages that are not public are never kept.

What an entry depends on is derived, not declared by hand: every page the render's context
holds (the page itself, the items of its lists, its neighbours, what the home page shows of
each section) gives a tag ``page:<id>``; every page depends on ``chrome`` (menus, footer, the
areas-of-work list); feeds and the sitemap on ``lists``. What bumps which tag is
``action_portugal.caching.invalidation``.
"""

import hashlib
import logging
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.paginator import Page as ListPage
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from wagtail.models import Page

from action_portugal.base import privacy
from action_portugal.base.pages import SitePageMixin
from action_portugal.base.queries import (
    filters_query,
    normal_query,
    query_use,
    read_query,
    searched_in,
)
from action_portugal.caching.store import CHROME, page_tag, store, tag_versions

logger = logging.getLogger(__name__)

ENTRY_PREFIX = "page-cache:"
PARAMETERS_PREFIX = "page-cache-parameters:"
SKIP_PREFIXES = ("/admin/", "/documents/", "/language/", "/health/", "/static/", "/media/")
# The name of Wagtail's page-serving view (wagtail.urls): what a visitor's page comes from.
SERVE_VIEW = "wagtail_serve"


# What a render depends on -------------------------------------------------------------------

# Pages this near the root (the home page, the sections' index pages) are in every page's
# menu: a change to one renews every page (``chrome``).
CHROME_DEPTH = 3


def in_chrome(page):
    """Whether a change to ``page`` renews every page: the home page, a section's index, or
    a page that says it is listed on every page (``SitePage.in_chrome``)."""
    return page.depth <= CHROME_DEPTH or (isinstance(page, SitePageMixin) and page.in_chrome)


def shown_pages(context):
    """The ids of every page ``context`` holds, at any depth of lists, tuples, dicts and
    paginated lists: what the rendered page shows. Lists not evaluated by the render (a
    query set never iterated) were not shown, and are not evaluated here. Pages in the
    chrome need no tag of their own: ``chrome`` covers them."""
    found = set()
    stack = list(context.values())
    while stack:
        value = stack.pop()
        if isinstance(value, Page):
            if not in_chrome(value):
                found.add(value.pk)
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, (list, tuple, set, frozenset)):
            stack.extend(value)
        elif isinstance(value, ListPage) and isinstance(value.object_list, list):
            stack.extend(value.object_list)
    return found


def keep_until(request, moment):
    """The page being made shows something that changes with time alone (activities still
    to come): it is kept no later than ``moment``, an aware datetime."""
    current = getattr(request, "page_cache_until", None)
    if current is None or moment < current:
        request.page_cache_until = moment


def entry_timeout(request):
    """How long the page being made may be kept: ``PAGE_CACHE_TIMEOUT``, or less when it
    shows something that changes with time alone (``keep_until``)."""
    timeout = settings.PAGE_CACHE_TIMEOUT
    until = getattr(request, "page_cache_until", None)
    if until is not None:
        timeout = max(1, min(timeout, int((until - timezone.now()).total_seconds())))
    return timeout


def mark_cacheable(response, request, *tags):
    """``response`` may be kept for other visitors, with these tags and the query the view
    said it read."""
    use = query_use(request)
    response.page_cache_tags = {CHROME, *tags}
    response.page_cache_query = use.query
    response.page_cache_accepted = use.accepted
    response.page_cache_num_pages = use.num_pages
    response.page_cache_searched = use.searched
    return response


def served_page(request, response):
    """The page a response of Wagtail's serving view shows, if it is public (a password
    form, a page shown to someone let in, or a preview is not)."""
    match = request.resolver_match
    if match is None or match.url_name != SERVE_VIEW or getattr(request, "is_preview", False):
        return None
    page = (response.context_data or {}).get("page")
    if isinstance(page, Page) and privacy.is_public(page):
        return page
    return None


def request_scheme(environ):
    """``https`` or ``http``, as Django's ``request.scheme`` sees it: a TLS-ending proxy's
    header (``SECURE_PROXY_SSL_HEADER``, its first value) when settings trust one and the
    request has it, the server's own scheme otherwise."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = environ.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return environ.get("wsgi.url_scheme", "http")


def cacheable(environ):
    """An anonymous GET or HEAD of a public address (signed-in staff always get a fresh
    page), and not one over plain HTTP that Django's SecurityMiddleware is to redirect to
    HTTPS: the cache answers before it, and must not answer for it."""
    return (
        settings.PAGE_CACHE_ENABLED
        and environ.get("REQUEST_METHOD") in ("GET", "HEAD")
        and not environ.get("PATH_INFO", "").startswith(SKIP_PREFIXES)
        and not (settings.SECURE_SSL_REDIRECT and request_scheme(environ) != "https")
        and not signed_in(environ)
    )


SIGNED_IN = "action_portugal.caching.pages.signed_in"


def signed_in(environ):
    """Whether the request's session cookie names a session someone signed in with. Any
    visitor can send a cookie of that name: it costs them one look-up of the session (kept
    in the environment for the middleware behind CachedPagesWSGI), not a render. A session
    store that does not answer counts as nobody signed in (a cached page is no secret)."""
    if SIGNED_IN not in environ:
        environ[SIGNED_IN] = _has_signed_in_session(environ)
    return environ[SIGNED_IN]


def _has_signed_in_session(environ):
    key = parse_cookie(environ.get("HTTP_COOKIE", "")).get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    try:
        return SESSION_KEY in import_module(settings.SESSION_ENGINE).SessionStore(key).load()
    except Exception:  # noqa: BLE001 - the database may be down: the cached page then
        return False


def _digest(*parts):
    return hashlib.sha256("\n".join(parts).encode(errors="replace")).hexdigest()


def _address(environ):
    return (
        request_scheme(environ),
        environ.get("HTTP_HOST", ""),
        environ.get("PATH_INFO", ""),
    )


def entry_key(environ, query):
    """One key per scheme, host, path and query as the page reads it, of a fixed length
    whatever the address's. (A page is kept with the headers it was answered with, and over
    HTTPS these include HSTS, which Django sends only over HTTPS.)"""
    return ENTRY_PREFIX + _digest(*_address(environ), query)


def parameters_key(environ):
    """Where the filters the page at this address accepts are kept."""
    return PARAMETERS_PREFIX + _digest(*_address(environ))


def pages_key(environ, filters):
    """Where the number of pages of the list at this address, so filtered, is kept."""
    return PARAMETERS_PREFIX + _digest(*_address(environ), filters)


# What lookup_query answered for an address and query, while nothing was invalidated
# (``Store.unchanged_since``): a paginated or filtered address then costs no more than a
# plain one.
_lookups = {}
LOOKUPS_KEPT = 4096


def lookup_query(environ):
    """The query this request's page is kept under, or ``None`` while how the page reads
    its query is not known (it has not been rendered since its last change)."""
    raw = environ.get("QUERY_STRING", "")
    if not raw:
        return ""
    token = store().unchanged_since()
    remembered = (*_address(environ), raw)
    if token is not None:
        known = _lookups.get(remembered)
        if known is not None and known[0] == token:
            return known[1]
    query = _lookup_query(environ, raw)
    if token is not None and query is not None:
        if len(_lookups) >= LOOKUPS_KEPT:
            _lookups.clear()
        _lookups[remembered] = (token, query)
    return query


def _lookup_query(environ, raw):
    if not normal_query(raw):
        return ""
    known = store().get_valid(parameters_key(environ))
    if known is None or searched_in(raw, known.get("searched", ())):
        return None
    if not known["paged"]:
        return filters_query(raw, known["accepted"])
    pages = store().get_valid(pages_key(environ, filters_query(raw, known["accepted"])))
    return None if pages is None else read_query(raw, known["accepted"], pages["num_pages"])


# Set once the cache was asked for this request: in production CachedPagesWSGI asks
# first, and on a miss the middleware behind it does not ask again.
LOOKED_UP = "action_portugal.caching.pages.looked_up"


def cached_response(environ):
    """``(status, headers, body)`` of the cached page for this request, or ``None``."""
    if environ.get(LOOKED_UP):
        return None
    environ[LOOKED_UP] = True
    query = lookup_query(environ)
    if query is None:
        return None
    entry = store().get_valid(entry_key(environ, query))
    if entry is None:
        return None
    headers = [*entry["headers"], ("Cache-Control", cache_control(environ)), ("X-Cache", "hit")]
    if entry["etag"] in environ.get("HTTP_IF_NONE_MATCH", ""):
        return 304, [(k, v) for k, v in headers if k != "Content-Length"], b""
    body = b"" if environ.get("REQUEST_METHOD") == "HEAD" else entry["content"]
    return 200, headers, body


def cache_control(environ):
    """Browsers ask again every time (``max-age=0, must-revalidate``; an unchanged page
    answers 304 from the cache), so nobody keeps an old page after a publish. A CDN keeps a
    page's plain address ``s-maxage`` seconds (purged on every change, serving a stale copy
    while it refetches where it implements ``stale-while-revalidate``), but never an address
    with a query: a purge names plain addresses only, and anyone can make up queries."""
    if environ.get("QUERY_STRING", ""):
        return f"public, max-age={settings.PAGE_CACHE_MAX_AGE}, must-revalidate"
    return (
        f"public, max-age={settings.PAGE_CACHE_MAX_AGE}, must-revalidate, "
        f"s-maxage={settings.PAGE_CACHE_S_MAXAGE}, "
        f"stale-while-revalidate={settings.PAGE_CACHE_STALE_WHILE_REVALIDATE}"
    )


class PageCacheMiddleware:
    """Answers from the cache, and keeps what Django renders for the next visitor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def process_template_response(self, request, response):
        """A public page served by Wagtail is kept, with the pages its context shows (read
        once it is rendered, when every list it showed has been read)."""
        page = served_page(request, response)
        if page is not None and not getattr(page, "shared", True):
            # One visitor's own (a form with its CSRF token): never kept, here or by a CDN.
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
            return response
        if page is not None:

            def mark(rendered):
                if query_use(request).searching:
                    # Results for one asker: neither kept nor answered from the cache (a page
                    # that stops being public leaves them at once), nor kept by a CDN.
                    patch_cache_control(rendered, private=True, no_cache=True)
                    return
                tags = {page_tag(pk) for pk in shown_pages(rendered.context_data)}
                mark_cacheable(rendered, request, page_tag(page), *tags)

            response.add_post_render_callback(mark)
        return response

    def __call__(self, request):
        environ = request.META
        if not cacheable(environ):
            response = self.get_response(request)
            if getattr(response, "page_cache_tags", None) is not None:
                # A public page, asked for by someone with a session: fresh, and not for
                # shared caches.
                patch_cache_control(response, private=True, no_cache=True)
            return response
        hit = cached_response(environ)
        if hit is not None:
            status, headers, body = hit
            response = HttpResponse(body, status=status)
            for header, value in headers:
                response[header] = value
            return response
        response = self.get_response(request)
        tags = getattr(response, "page_cache_tags", None)
        if tags is None or response.status_code != 200 or response.cookies:
            return response
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        response["ETag"] = f'"{digest}"'
        versions = tag_versions(tags)
        entry = {
            "tags": versions,
            "etag": response["ETag"],
            "headers": [
                (k, v) for k, v in response.items() if k not in ("Cache-Control", "X-Cache")
            ],
            "content": response.content,
        }
        # Kept under the query the page used, and under the one it reads from this request
        # (the same but for values it makes something else of: ?page=999 is the last page),
        # with how it reads a query, for the next request with any query at all.
        accepted, num_pages = response.page_cache_accepted, response.page_cache_num_pages
        raw = environ.get("QUERY_STRING", "")
        timeout = entry_timeout(request)
        for query in {response.page_cache_query, read_query(raw, accepted, num_pages)}:
            store().set(entry_key(environ, query), entry, timeout)
        known = {
            "tags": versions,
            "accepted": accepted,
            "paged": num_pages is not None,
            "searched": response.page_cache_searched,
        }
        store().set(parameters_key(environ), known, timeout)
        if num_pages is not None:
            store().set(
                pages_key(environ, filters_query(raw, accepted)),
                {"tags": versions, "num_pages": num_pages},
                timeout,
            )
        response["Cache-Control"] = cache_control(environ)
        response["X-Cache"] = "miss"
        return response


class CachedPagesWSGI:
    """In front of Django in production (action_portugal.wsgi): a cached page is answered
    from the WSGI environment, without building a Django request at all."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if cacheable(environ):
            try:
                hit = cached_response(environ)
            except Exception:  # noqa: BLE001 - a cache that does not answer: render instead
                logger.exception("The page cache did not answer")
                hit = None
            if hit is not None:
                status, headers, body = hit
                reason = "OK" if status == 200 else "Not Modified"
                start_response(f"{status} {reason}", headers)
                return [body]
        return self.application(environ, start_response)
