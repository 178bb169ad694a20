"""Visitors get pages from the cache; editors' publishing reaches them at once, in both
languages, and the CDN in front is told exactly what changed."""

import time
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from action_portugal.base.permissions import EDITORS
from action_portugal.models import HomePage, SiteSettings
from pillars.models import PillarIndexPage, PillarPage
from timeline.factories import StoryPageFactory
from timeline.models import StoryPage, TimelineIndexPage

from . import fake_cdn
from .pages import public_pages, publish, url_in
from .services import fresh_redis
from .staff import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": "tests.fake_cdn.RecordingBackend"}}
    fake_cdn.PURGED.clear()


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def served_from_cache(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = get(client, url)
    return response["X-Cache"] == "hit" and len(queries) == 0


def test_a_second_visit_costs_no_query_in_either_language(client):
    """Every page but those carrying something of one visitor's own (the contact page's
    form: tests/test_contact.py checks it is never kept)."""
    for page in public_pages():
        if not page.shared:
            continue
        for language in ("pt", "en"):
            url = url_in(page, language)
            first = get(client, url)
            assert first["X-Cache"] == "miss"
            assert served_from_cache(client, url), url


def test_cache_control_for_a_cdn(client):
    response = get(client, "/pt/")
    control = response["Cache-Control"]
    for part in (
        "public",
        "max-age=0",
        "must-revalidate",
        "s-maxage=600",
        "stale-while-revalidate=600",
    ):
        assert part in control
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_browsers_revalidate_cheaply(client):
    etag = get(client, "/en/")["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert len(queries) == 0
    publish(HomePage.objects.get(), introduction_en="A new introduction.")
    response = client.get("/en/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_logged_in_users_previews_and_the_admin_are_never_cached(client):
    get(client, "/pt/")
    client.force_login(member_of(EDITORS))
    response = get(client, "/pt/")
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert "X-Cache" not in client.get("/admin/").headers


def test_a_published_story_reaches_every_page_that_shows_it(client):
    story = StoryPage.objects.get(slug_pt="sao-tome-e-principe-ratifica-a-convencao-102")
    conventions = PillarPage.objects.get(slug_pt="convencoes-internacionais")
    timeline = TimelineIndexPage.objects.get()
    home = HomePage.objects.get()
    showing = [story, timeline, home, conventions]
    untouched = PillarPage.objects.get(slug_pt="estudos-atuariais")
    for page in [*showing, untouched]:
        for language in ("pt", "en"):
            get(client, url_in(page, language))
    publish(story, title_pt="São Tomé e Príncipe deposita a ratificação")
    for page in showing:
        response = get(client, url_in(page, "pt"))
        assert response["X-Cache"] == "miss", page
        assert "São Tomé e Príncipe deposita a ratificação" in response.content.decode()
    # Exactly those: an area of work that does not show the story stays cached.
    assert served_from_cache(client, url_in(untouched, "pt"))


def test_a_new_story_appears_on_the_timeline_the_home_page_and_its_area(client):
    statistics = PillarPage.objects.get(slug_pt="estatisticas-da-protecao-social")
    for url in ("/pt/", "/en/", "/pt/cronologia/", url_in(statistics, "en")):
        get(client, url)
    story = StoryPageFactory(
        parent=TimelineIndexPage.objects.get(),
        title_pt="Novo boletim estatístico",
        title_en="A new statistical bulletin",
        date="2026-11-01",
        publish=False,
        live=False,
    )
    story.pillars.set([statistics])
    story.save_revision().publish()
    assert "Novo boletim estatístico" in get(client, "/pt/").content.decode()
    assert "A new statistical bulletin" in get(client, "/en/").content.decode()
    assert "Novo boletim estatístico" in get(client, "/pt/cronologia/").content.decode()
    assert "A new statistical bulletin" in get(client, url_in(statistics, "en")).content.decode()


def test_unpublishing_and_deleting_take_it_away(client):
    story = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
    get(client, "/pt/cronologia/")
    story.unpublish()
    assert story.title_pt not in get(client, "/pt/cronologia/").content.decode()
    assert client.get(url_in(story, "pt")).status_code == 404


def test_a_section_rename_reaches_every_menu(client):
    for page in public_pages()[:5]:
        get(client, url_in(page, "en"))
    publish(PillarIndexPage.objects.get(), title_en="Our work")
    for page in public_pages()[:5]:
        nav = get(client, url_in(page, "en")).content.decode()
        assert ">Our work</a>" in nav


def test_settings_reach_every_footer(client):
    get(client, "/en/team/")
    settings = SiteSettings.objects.get()
    settings.contact_email = "contact@example.org"
    settings.save()
    assert "contact@example.org" in get(client, "/en/team/").content.decode()


def test_a_portuguese_edit_purges_both_languages_of_every_affected_page():
    story = StoryPage.objects.get(slug_pt="sao-tome-e-principe-ratifica-a-convencao-102")
    conventions = PillarPage.objects.get(slug_pt="convencoes-internacionais")
    publish(story, summary_pt="Um resumo revisto.")
    purged = {urlsplit(url).path for url in fake_cdn.PURGED}
    for page in (story, TimelineIndexPage.objects.get(), HomePage.objects.get(), conventions):
        assert url_in(page, "pt") in purged, page
        assert url_in(page, "en") in purged, page
    assert {"/pt/feed.xml", "/en/feed.xml", "/sitemap.xml"} <= purged
    # Not the pages that do not show the story.
    assert url_in(PillarPage.objects.get(slug_pt="estudos-atuariais"), "pt") not in purged


def test_production_answers_cached_pages_before_django(client, rf):
    """action_portugal.wsgi puts CachedPagesWSGI in front of Django."""
    from action_portugal.caching.pages import CachedPagesWSGI

    def django_app(environ, start_response):  # must not be reached on a hit
        raise AssertionError("Django was asked")

    app = CachedPagesWSGI(django_app)
    get(client, "/en/team/")  # rendered and cached through the middleware
    environ = rf.get("/en/team/").environ
    replies = []
    body = b"".join(app(environ, lambda status, headers: replies.append((status, headers))))
    status, headers = replies[0]
    assert status == "200 OK"
    assert ("X-Cache", "hit") in headers
    assert "Equipa" not in body.decode() and "Team" in body.decode()
    etag = dict(headers)["ETag"]
    environ = rf.get("/en/team/", headers={"if-none-match": etag}).environ
    assert b"".join(app(environ, lambda status, headers: replies.append((status, headers)))) == b""
    assert replies[-1][0] == "304 Not Modified"


def test_one_entry_per_page_whatever_the_query_string_adds(client):
    """Campaign parameters, parameters a page does not use and values it does not accept
    are answered from the entry of the address the page makes of them: they cost no render
    and cannot fill the cache with copies of one page."""
    assert get(client, "/pt/")["X-Cache"] == "miss"
    assert served_from_cache(client, "/pt/?utm_source=newsletter&fbclid=abc")
    get(client, "/pt/cronologia/")
    for url in (
        "/pt/?anything=1",
        "/pt/?zzz=",
        "/pt/cronologia/?page=abc",
        "/pt/cronologia/?page=1",
        "/pt/cronologia/?nocache=2",
        "/pt/cronologia/?country=xx&area=-1",
    ):
        assert served_from_cache(client, url), url
    area = PillarPage.objects.order_by("path").first().slug_en
    first = get(client, f"/en/timeline/?country=mz&area={area}&utm_medium=email")
    assert first["X-Cache"] == "miss"
    again = get(client, f"/en/timeline/?area={area}&country=mz&x=1")
    assert again["X-Cache"] == "hit"
    assert again.content == first.content


@pytest.mark.parametrize("url", ["/sitemap.xml", "/pt/feed.xml", "/en/", "/en/timeline/"])
def test_an_unknown_parameter_costs_no_render(client, url):
    get(client, url)
    for n in range(3):
        assert served_from_cache(client, f"{url}?x={n}"), n


def test_values_a_page_reads_otherwise_share_the_entry_of_what_it_makes_of_them(client):
    """Out of range is the last page, as ``Paginator.get_page`` has it, cold or warm."""
    timeline = TimelineIndexPage.objects.get()
    for n in range(45):  # three pages of twenty
        StoryPageFactory(parent=timeline, date=f"2019-01-{n % 28 + 1:02d}")
    get(client, "/pt/cronologia/")
    last = get(client, "/pt/cronologia/?page=999")
    assert last["X-Cache"] == "miss"
    assert served_from_cache(client, "/pt/cronologia/?page=3")
    assert get(client, "/pt/cronologia/?page=3").content == last.content
    assert served_from_cache(client, "/pt/cronologia/?page=-1")
    assert get(client, "/pt/cronologia/?page=-1").content == last.content


def test_a_cdn_keeps_only_plain_addresses(client):
    """A purge names a page's plain addresses: with a query, a CDN must ask again."""
    for url in ("/pt/", "/pt/?x=1", "/pt/cronologia/?country=mz", "/pt/cronologia/?country=mz"):
        control = get(client, url)["Cache-Control"]
        assert ("s-maxage" in control) == ("?" not in url), url
        assert "public" in control and "must-revalidate" in control


def test_what_a_visitor_adds_to_the_address_never_reaches_a_cached_page(client):
    """The language switcher and the pagination carry the parameters the page used,
    nothing else of the address: a cold page asked for with a made-up query is stored for
    everyone."""
    story = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
    hostile = "%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E"
    for url in (
        f"{url_in(story, 'pt')}?utm_source={hostile}&fbclid={hostile}&zzz=",
        f"/pt/cronologia/?country=mz&utm_campaign={hostile}&page=1&x={hostile}",
    ):
        first = get(client, url).content.decode()
        later = get(client, url.split("?")[0]).content.decode()
        for text in (first, later):
            assert "alert" not in text and "utm_" not in text and "zzz" not in text
    switcher = get(client, "/pt/cronologia/?country=mz&x=1").content.decode()
    assert "country%3Dmz" in switcher  # the filter the page used goes along


def test_a_made_up_session_cookie_costs_no_render(client):
    get(client, "/pt/")
    client.cookies["sessionid"] = "not-a-session-anyone-signed-in-with"
    with CaptureQueriesContext(connection) as queries:
        response = get(client, "/pt/")
    assert response["X-Cache"] == "hit"
    assert len(queries) == 1  # the session looked up, not the page rendered
    client.force_login(member_of(EDITORS))
    assert "X-Cache" not in get(client, "/pt/")


def test_entry_keys_have_a_fixed_length():
    from action_portugal.caching.pages import entry_key

    short = entry_key({"HTTP_HOST": "example.org", "PATH_INFO": "/pt/"}, "")
    long = entry_key({"HTTP_HOST": "example.org", "PATH_INFO": "/pt/" + "x" * 5000}, "q=%ff")
    assert len(short) == len(long) < 100
    assert short != long


def test_a_tag_lost_from_the_cache_never_revives_an_old_page(client):
    """Redis may evict or lose a tag version; made again, it must not match the version an
    old entry recorded."""
    from django.core.cache import cache

    from action_portugal.caching.store import TAG_PREFIX, page_tag

    home = HomePage.objects.get()
    assert get(client, "/en/")["X-Cache"] == "miss"
    cache.delete(TAG_PREFIX + page_tag(home))  # lost: evicted, or Redis restarted
    assert get(client, "/en/")["X-Cache"] == "miss"
    assert get(client, "/en/")["X-Cache"] == "hit"


@pytest.fixture
def redis_store(settings, monkeypatch):
    """The page cache on Redis, as in production (a database of the test Redis of its own)."""
    from action_portugal.caching import store

    url = fresh_redis("TEST_REDIS_URL_CACHE", "redis://127.0.0.1:6379/11")
    settings.REDIS_URL = url
    settings.PAGE_CACHE_LOCAL_ENTRIES = 8
    monkeypatch.setattr(store, "_store", None)
    yield store.store()
    monkeypatch.setattr(store, "_store", None)


def wait_for(condition, seconds=2.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited in vain"
        time.sleep(0.005)


def test_a_worker_answers_from_its_memory_until_any_worker_invalidates(
    client, redis_store, settings
):
    from action_portugal.caching.store import RedisStore, page_tag

    wait_for(lambda: redis_store.listening)  # hearing every app server's invalidations
    assert get(client, "/en/")["X-Cache"] == "miss"
    assert get(client, "/en/")["X-Cache"] == "hit"  # checked in Redis, then kept here

    def no_script(**kwargs):
        raise AssertionError("the page was fetched from Redis again")

    script, redis_store.lookup = redis_store.lookup, no_script
    assert get(client, "/en/")["X-Cache"] == "hit"  # from this process's memory
    redis_store.lookup = script

    other_worker = RedisStore(settings.REDIS_URL)  # another process, sharing the Redis
    epoch = redis_store.epoch
    other_worker.bump({page_tag(HomePage.objects.get())})
    wait_for(lambda: redis_store.epoch > epoch)  # milliseconds
    assert get(client, "/en/")["X-Cache"] == "miss"  # not the copy in memory

    for page in public_pages()[:12]:  # more pages than the memory holds: the oldest go
        get(client, url_in(page, "pt"))
    assert len(redis_store.local) <= 8


def test_without_the_channel_a_worker_checks_redis_on_every_request(
    client, redis_store, settings, monkeypatch
):
    """If the listening thread loses Redis, memory is still never trusted blindly: each
    request compares Redis's invalidation counter, so another server's publish counts at
    once."""
    from action_portugal.caching.store import RedisStore, page_tag

    wait_for(lambda: redis_store.listening)
    redis_store.listening = False  # as while the thread reconnects...
    monkeypatch.setattr(redis_store, "forget", lambda: None)  # ...and hears nothing
    get(client, "/en/")
    assert get(client, "/en/")["X-Cache"] == "hit"
    assert redis_store.local  # kept in memory
    RedisStore(settings.REDIS_URL).bump({page_tag(HomePage.objects.get())})
    assert get(client, "/en/")["X-Cache"] == "miss"


def test_a_silent_channel_is_taken_for_lost(redis_store, monkeypatch):
    """A connection can die without closing: with no answer, not even to a ping, the
    worker stops trusting its memory (and checks Redis on every request) until it has
    subscribed again."""

    class DeadLine:
        pings = 0

        def subscribe(self, channel):
            pass

        def get_message(self, timeout):
            time.sleep(timeout)

        def ping(self):
            self.pings += 1

    monkeypatch.setattr(redis_store, "SILENCE", 0.3)
    line = DeadLine()
    with pytest.raises(ConnectionError):
        redis_store.hear(line)
    assert line.pings >= 1


def test_a_miss_asks_the_cache_once(client, rf, monkeypatch):
    """In production the cache is asked in front of Django; on a miss the middleware
    renders without asking again."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from action_portugal.caching import pages as page_cache
    from action_portugal.caching.store import store as page_store

    asked = []
    store = page_store()
    monkeypatch.setattr(store, "get_valid", lambda key: asked.append(key))
    app = page_cache.CachedPagesWSGI(WSGIHandler())
    replies = []
    # As the test client does: the test's database connection stays open across the request.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        b"".join(app(rf.get("/en/team/").environ, lambda status, headers: replies.append(status)))
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
    assert replies == ["200 OK"]
    assert len(asked) == 1


@pytest.mark.parametrize("on_redis", [False, True], ids=["django-cache", "redis"])
def test_a_new_release_never_answers_a_page_the_last_one_kept(client, request, on_redis):
    """Pages name their static files by hash: one kept by the last release names files the
    new one does not serve. Tags are shared: a publish reaches both releases' pages."""
    from action_portugal.caching import store

    if on_redis:
        request.getfixturevalue("redis_store")
    monkeypatch = request.getfixturevalue("monkeypatch")
    monkeypatch.setattr(store, "release", lambda: "last")
    get(client, "/en/")
    assert get(client, "/en/")["X-Cache"] == "hit"
    monkeypatch.setattr(store, "release", lambda: "new")
    assert get(client, "/en/")["X-Cache"] == "miss"
    assert get(client, "/en/")["X-Cache"] == "hit"
    publish(HomePage.objects.get(), title_en="Published by a server of the new release")
    monkeypatch.setattr(store, "release", lambda: "last")
    response = get(client, "/en/")
    assert response["X-Cache"] == "miss"
    assert "Published by a server of the new release" in response.content.decode()


def test_the_release_is_the_static_files_manifest_s_hash(monkeypatch):
    from action_portugal.caching import store

    class Manifest:
        manifest_hash = "5f1e2d"

    monkeypatch.setattr(store, "staticfiles_storage", Manifest())
    assert store.release.__wrapped__() == "5f1e2d"
    monkeypatch.setattr(store, "staticfiles_storage", object())  # no manifest
    assert store.release.__wrapped__() == ""
    monkeypatch.setattr(store, "release", lambda: "5f1e2d")
    assert store.entry_name("page-list:x") == "5f1e2d:page-list:x"


def test_a_worker_remembers_how_an_address_reads_its_query_until_anything_changes(
    client, redis_store, settings, monkeypatch
):
    """What ``?page=2`` of the timeline is kept under is worked out once per worker, and
    again after any invalidation (heard from any worker)."""
    from action_portugal.caching import pages
    from action_portugal.caching.store import RedisStore, page_tag

    wait_for(lambda: redis_store.listening)
    url = url_in(TimelineIndexPage.objects.get(), "en") + "?page=2&utm_source=x"
    assert get(client, url)["X-Cache"] == "miss"
    worked_out = []
    real = pages._lookup_query
    monkeypatch.setattr(pages, "_lookup_query", lambda *args: worked_out.append(1) or real(*args))
    assert get(client, url)["X-Cache"] == "hit"
    assert get(client, url)["X-Cache"] == "hit"
    assert len(worked_out) == 1  # then remembered
    epoch = redis_store.epoch
    RedisStore(settings.REDIS_URL).bump({page_tag(HomePage.objects.get())})
    wait_for(lambda: redis_store.epoch > epoch)
    get(client, url)
    assert len(worked_out) == 2  # worked out again after the invalidation
