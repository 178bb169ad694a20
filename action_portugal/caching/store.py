"""Where cached pages and tag versions live: Django's cache, or Redis spoken to directly.

An entry records the *tags* it depends on with their versions at render time; bumping a tag
is an atomic counter increment, so several app servers sharing one Redis agree at once, and
there is no list of keys to keep in step."""

import logging
import pickle
import threading
import time
from functools import cache as once

import redis
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache

logger = logging.getLogger(__name__)

TAG_PREFIX = "page-cache-tag:"
CHROME, LISTS = "chrome", "lists"


def page_tag(page_or_id):
    return f"page:{getattr(page_or_id, 'pk', page_or_id)}"


@once
def release():
    """The static files' version: ``ManifestFilesMixin.manifest_hash`` (a hash of the
    manifest of hashed names, new whenever a static file changes), ``""`` without a
    manifest. HTML kept by an earlier release names static files a later one no longer
    serves, so every kept entry's key carries it. Tags do not: servers of two releases
    side by side during a deploy both hear every publish."""
    return getattr(staticfiles_storage, "manifest_hash", "") or ""


def entry_name(key):
    """Where an entry is kept in this release."""
    version = release()
    return f"{version}:{key}" if version else key


def first_version():
    """A tag's first version: the clock, not 1, so that a tag lost from the cache (evicted,
    flushed) and made again can never match the version an old entry recorded."""
    return time.time_ns()


class DjangoCacheStore:
    """The default cache (local memory without Redis)."""

    def unchanged_since(self):
        return None  # no way to hear invalidations: nothing is remembered between requests

    def get_valid(self, key):
        entry = cache.get(entry_name(key))
        if entry is not None and self.versions(entry["tags"]) == entry["tags"]:
            return entry
        return None

    def set(self, key, value, timeout):
        cache.set(entry_name(key), value, timeout)

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

    def unchanged_since(self):
        """A token that stays the same while nothing was invalidated anywhere, as far as
        this process can be sure (it hears every invalidation); ``None`` otherwise."""
        if self.local_size and self.listening:
            return ("epoch", self.epoch)
        return None

    def get_valid(self, key):
        key = entry_name(key)
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
        key = entry_name(key)
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
