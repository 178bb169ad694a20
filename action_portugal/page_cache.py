"""Pages for visitors, from the cache, and never stale after a publish.

Anonymous GETs of public pages are kept in the shared cache (Redis in production), one
entry per address (so per language) and query as the page reads it: each page says which
parameters it reads and what it makes of their values (``cache_variant``), so any other
query (``?x=1``, ``?page=abc``, campaign parameters) is answered from the entry of what the
page makes of it, without a render. Pages that are not public are never kept. Each entry
records the *tags* it depends on, with their versions at render time: ``page:<id>`` for the
page itself and for every page it shows (listed items, neighbours, related areas of work),
``chrome`` for what every page shows (menus, footer, the areas-of-work list), ``lists``
for feeds and the sitemap. Publishing, unpublishing, moving or deleting a page bumps the
versions of exactly the tags that can show it: the page, its section's index, the home
page, the areas of work it now belongs to, its neighbours on the timeline; or ``chrome``
when a section, an area of work, the home page, the settings or any page's privacy
change. An entry whose tags moved on is a miss. Bumping is an atomic counter increment,
so several app servers sharing one Redis agree at once, and there is no list of keys to
keep in step.

The same events purge a CDN in front (Wagtail's frontend cache, configured from the
environment), with each page's real address in each language.
"""

import hashlib
import logging
import pickle
import threading
import time
from importlib import import_module
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

TAG_PREFIX = "page-cache-tag:"
ENTRY_PREFIX = "page-cache:"
PARAMETERS_PREFIX = "page-cache-parameters:"
CHROME, LISTS = "chrome", "lists"
SKIP_PREFIXES = ("/admin/", "/documents/", "/language/", "/health/", "/static/", "/media/")
# Campaign and click parameters that links from newsletters and social networks add: the
# page is the same with or without them.
TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


def page_tag(page_or_id):
    return f"page:{getattr(page_or_id, 'pk', page_or_id)}"


# Recording what a render depends on ------------------------------------------------------


def depends_on(request, *pages):
    """Note that the page being rendered shows these pages (``None`` ignored)."""
    tags = request.__dict__.setdefault("_page_cache_tags", set())
    for page in pages:
        if page is not None:
            tags.add(page_tag(page))


def normal_query(query_string):
    """The query parameters that can change a page, sorted, blanks and tracking dropped:
    ``?country=mz&page=2``, ``?page=2&country=mz&area=&utm_source=x`` are one entry."""
    pairs = parse_qsl(query_string, keep_blank_values=False)
    return urlencode(sorted((k, v) for k, v in pairs if not k.startswith(TRACKING_PARAMS)))


def choice(values):
    """How a page reads a parameter that takes one of ``values`` and is ignored otherwise."""
    return tuple(sorted(str(value) for value in values))


def chosen(values, value):
    return value if value in values else None


def page_value(value, num_pages):
    """``?page=`` as ``Paginator.get_page`` reads it (asked of a paginator of as many pages),
    ``None`` for the first page: not a number is the first page, out of range the last."""
    number = Paginator(range(num_pages), 1).get_page(value).number
    return str(number) if number > 1 else None


def _given(query_string):
    """The last value of each parameter, as ``request.GET.get`` reads them."""
    return dict(parse_qsl(query_string, keep_blank_values=True))


def filters_query(query_string, accepted):
    """The query's parameters that a page accepting ``accepted`` (``{name: choice}``) reads,
    with the values it takes; everything else dropped."""
    given = _given(query_string)
    kept = ((name, chosen(values, given.get(name))) for name, values in accepted.items())
    return urlencode(sorted((name, value) for name, value in kept if value))


def read_query(query_string, accepted, num_pages=None):
    """The query as the page reads it: its filters, and for a list of ``num_pages`` pages
    the page number. ``?x=1``, ``?page=abc`` and ``?country=zz`` read as the plain address,
    ``?page=999`` as the last page."""
    query = filters_query(query_string, accepted)
    page = page_value(_given(query_string).get("page"), num_pages) if num_pages else None
    if page is None:
        return query
    return urlencode(sorted([*parse_qsl(query), ("page", page)]))


def cache_variant(request, accepted=None, num_pages=None, **used):
    """The query parameters the page being rendered used (``None`` or blank for those at
    their default); how it reads its filters (``accepted``, ``{name: choice(...)}``); and for
    a paginated list, its number of pages. From these the cache answers any address of the
    page, whatever else its query holds, without rendering; and links that keep the query
    (the language switcher, pagination) carry these parameters only, never what a visitor
    added."""
    request._page_cache_query = normal_query(
        urlencode({k: v for k, v in used.items() if v not in (None, "")})
    )
    request._page_cache_accepted = dict(accepted or {})
    request._page_cache_num_pages = num_pages


def used_query(request):
    """The query string of the parameters the page being rendered used."""
    return getattr(request, "_page_cache_query", "")


def mark_cacheable(response, request, *tags):
    response.page_cache_tags = {CHROME, *tags, *getattr(request, "_page_cache_tags", ())}
    response.page_cache_query = used_query(request)
    response.page_cache_accepted = getattr(request, "_page_cache_accepted", {})
    response.page_cache_num_pages = getattr(request, "_page_cache_num_pages", None)
    return response


# Where entries and tag versions live ---------------------------------------------------------


def first_version():
    """A tag's first version: the clock, not 1, so that a tag lost from the cache (evicted,
    flushed) and made again can never match the version an old entry recorded."""
    return time.time_ns()


class DjangoCacheStore:
    """The default cache (local memory without Redis)."""

    def get_valid(self, key):
        entry = cache.get(key)
        if entry is not None and self.versions(entry["tags"]) == entry["tags"]:
            return entry
        return None

    def set(self, key, value, timeout):
        cache.set(key, value, timeout)

    def versions(self, tags):
        keys = {tag: TAG_PREFIX + tag for tag in tags}
        found = cache.get_many(keys.values())
        missing = {key: first_version() for key in keys.values() if key not in found}
        if missing:
            cache.set_many(missing, None)
            found.update(missing)
        return {tag: found[key] for tag, key in keys.items()}

    def bump(self, tags):
        for tag in tags:
            key = TAG_PREFIX + tag
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, first_version(), None)


class RedisStore:
    """Redis spoken to directly, with one client per process (Django's cache API builds a
    new Redis client for every operation, which costs more than the page it fetches), and
    a page looked up in one round trip: a small script compares the entry's tag versions
    with the current ones in Redis and answers the page only if none moved on. (The
    script reads tag keys it is not given, which a single Redis allows; Redis Cluster
    would need the tags in one hash slot.)

    Each process also keeps the pages it served last (``PAGE_CACHE_LOCAL_ENTRIES``) in its
    own memory, and answers them without asking Redis while it is sure nothing changed:
    every invalidation is published on a Redis channel, which a thread of each process
    listens to and empties the memory on (within milliseconds of a publish, on every app
    server). While that thread is not connected, the process checks Redis's invalidation
    counter (*generation*) on every request instead, which is exact but costs a round
    trip."""

    prefix = "action-portugal:"
    GENERATION = "page-cache-generation"
    CHANNEL = "page-cache-invalidations"
    LOOKUP = """
    local tags = redis.call('GET', KEYS[2])
    if not tags then return false end
    for pair in string.gmatch(tags, '[^ ]+') do
        local sep = string.find(pair, '=', 1, true)
        local current = redis.call('GET', ARGV[1] .. string.sub(pair, 1, sep - 1))
        if current ~= string.sub(pair, sep + 1) then return false end
    end
    return redis.call('GET', KEYS[1])
    """

    def __init__(self, url):
        import redis

        self.client = redis.Redis.from_url(url)
        self.lookup = self.client.register_script(self.LOOKUP)
        self.local = {}
        self.local_size = getattr(settings, "PAGE_CACHE_LOCAL_ENTRIES", 0)
        self.epoch = 0  # moves on with every invalidation heard
        self.listening = False
        if self.local_size:
            threading.Thread(target=self.listen, name="page-cache-listener", daemon=True).start()

    # A subscription that has heard nothing, not even the answer to a ping, for this long
    # is taken for lost (a connection can die without closing).
    SILENCE = 3.0

    def listen(self):
        """Empty this process's memory on every invalidation, from any app server."""
        while True:
            try:
                self.hear(self.client.pubsub())
            except Exception:  # noqa: BLE001 - Redis away: check it on every request meanwhile
                logger.warning("Page cache: not hearing invalidations; retrying", exc_info=True)
            self.listening = False
            self.forget()
            time.sleep(1)

    def hear(self, pubsub):
        pubsub.subscribe(self.prefix + self.CHANNEL)
        heard = time.monotonic()
        while True:
            message = pubsub.get_message(timeout=self.SILENCE / 3)
            now = time.monotonic()
            if message is not None:
                heard = now
                if message["type"] in ("subscribe", "message"):
                    self.forget()
                    self.listening = True
            elif now - heard > self.SILENCE:
                raise ConnectionError("no answer from Redis on the invalidation channel")
            elif now - heard > self.SILENCE / 3:
                pubsub.ping()  # its answer arrives as a message

    def forget(self):
        self.epoch += 1
        self.local.clear()

    def get_valid(self, key):
        if not self.local_size:
            generation = None
        elif self.listening:
            generation = ("epoch", self.epoch)  # no message since: nothing changed
        else:
            generation = self.generation()
        if generation is not None:
            known = self.local.get(key)
            if known is not None and known[0] == generation:
                return known[1]
        raw = self.lookup(
            keys=[self.prefix + key, self.prefix + key + ":tags"],
            args=[self.prefix + TAG_PREFIX],
        )
        if not raw:
            return None
        entry = pickle.loads(raw)  # noqa: S301 - our own data
        if generation is not None:
            if len(self.local) >= self.local_size:
                try:
                    self.local.pop(next(iter(self.local)), None)  # the oldest
                except (RuntimeError, StopIteration):  # another thread changed it meanwhile
                    self.local.clear()
            self.local[key] = (generation, entry)
        return entry

    def generation(self):
        """The invalidation counter; made (from the clock) if Redis lost it."""
        key = self.prefix + self.GENERATION
        value = self.client.get(key)
        if value is None:
            self.client.set(key, first_version(), nx=True)
            value = self.client.get(key)
        return value

    def set(self, key, value, timeout):
        tags = " ".join(f"{tag}={version}" for tag, version in value["tags"].items())
        pipeline = self.client.pipeline(transaction=False)
        pipeline.set(self.prefix + key, pickle.dumps(value), ex=timeout)
        pipeline.set(self.prefix + key + ":tags", tags, ex=timeout)
        pipeline.execute()

    def versions(self, tags):
        tags = list(tags)
        keys = [self.prefix + TAG_PREFIX + tag for tag in tags]
        found = self.client.mget(keys)
        missing = {
            key: first_version() for key, value in zip(keys, found, strict=True) if value is None
        }
        if missing:
            self.client.msetnx(missing)
            found = self.client.mget(keys)
        return {tag: int(value) for tag, value in zip(tags, found, strict=True)}

    def bump(self, tags):
        pipeline = self.client.pipeline(transaction=True)
        for tag in tags:
            key = self.prefix + TAG_PREFIX + tag
            pipeline.set(key, first_version(), nx=True)
            pipeline.incr(key)
        generation = self.prefix + self.GENERATION
        pipeline.set(generation, first_version(), nx=True)
        pipeline.incr(generation)  # every process's memory is out of date from here
        pipeline.execute()
        self.forget()  # this process's at once, the others' as the message reaches them
        self.client.publish(self.prefix + self.CHANNEL, "bump")


_store = None


def store():
    global _store
    if _store is None:
        url = getattr(settings, "REDIS_URL", "")
        _store = RedisStore(url) if url else DjangoCacheStore()
    return _store


def tag_versions(tags):
    return store().versions(tags)


def bump(*tags):
    store().bump(tags)


# The middleware ---------------------------------------------------------------------------


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


SIGNED_IN = "action_portugal.page_cache.signed_in"


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


def lookup_query(environ):
    """The query this request's page is kept under, or ``None`` while how the page reads
    its query is not known (it has not been rendered since its last change)."""
    raw = environ.get("QUERY_STRING", "")
    if not normal_query(raw):
        return ""
    known = store().get_valid(parameters_key(environ))
    if known is None:
        return None
    if not known["paged"]:
        return filters_query(raw, known["accepted"])
    pages = store().get_valid(pages_key(environ, filters_query(raw, known["accepted"])))
    return None if pages is None else read_query(raw, known["accepted"], pages["num_pages"])


# Set once the cache was asked for this request: in production CachedPagesWSGI asks
# first, and on a miss the middleware behind it does not ask again.
LOOKED_UP = "action_portugal.page_cache.looked_up"


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
        timeout = settings.PAGE_CACHE_TIMEOUT
        for query in {response.page_cache_query, read_query(raw, accepted, num_pages)}:
            store().set(entry_key(environ, query), entry, timeout)
        known = {"tags": versions, "accepted": accepted, "paged": num_pages is not None}
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


# Invalidation -----------------------------------------------------------------------------


def affected_pages(page):
    """The pages that show ``page``: itself, its section's index, the home page, and for a
    story or testimonial its areas of work; for a story, its timeline neighbours."""
    from wagtail.models import Page

    specific = page.specific_deferred if isinstance(page, Page) else page
    ancestors = list(Page.objects.ancestor_of(page).filter(depth__gte=2))
    pages = [specific, *ancestors]
    pillars = getattr(specific, "pillars", None)
    if pillars is not None and hasattr(pillars, "all"):
        pages += list(pillars.all())
    neighbours = getattr(specific, "timeline_neighbours", None)
    if neighbours is not None:
        pages += [p for p in neighbours().values() if p is not None]
    return pages


def touches_chrome(page):
    from pillars.models import PillarPage

    return page.depth <= 3 or isinstance(page.specific_deferred, PillarPage)


def invalidate(page):
    """Bump what shows ``page``, here and in the CDN."""
    from .sections import bump_chrome

    pages = affected_pages(page)
    bump(*{page_tag(p) for p in pages}, LISTS)
    chrome = touches_chrome(page)
    if chrome:
        bump_chrome()
    purge_frontend_cache(pages, everything=chrome)


def purge_frontend_cache(pages, everything=False):
    """Each affected page's real address in each language, and the feeds and sitemap, on
    the site's configured address (the one pages give as canonical). Wagtail's own
    language handling swaps the /pt/ and /en/ prefixes, which with translated slugs gives
    addresses that do not exist: the real ones are purged here."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from django.urls import reverse
    from django.utils import translation
    from wagtail.contrib.frontend_cache.utils import PurgeBatch
    from wagtail.models import Page

    from .i18n import LANGUAGE_CODES, absolute_url, page_url_in

    if everything:
        pages = list(Page.objects.live().filter(depth__gt=1))
    batch = PurgeBatch()
    for language in LANGUAGE_CODES:
        for page in pages:
            url = page_url_in(page, language)
            if url:
                batch.add_url(absolute_url(url))
        with translation.override(language):
            batch.add_url(absolute_url(reverse("story_feed")))
    batch.add_url(absolute_url(reverse("sitemap")))
    try:
        batch.purge()
    except Exception:  # noqa: BLE001 - a CDN that does not answer must not stop a publish
        logger.exception("Purging the frontend cache failed")
