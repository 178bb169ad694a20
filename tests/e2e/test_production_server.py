"""The production server as `make serve` and the Docker image run it (`scripts/start`:
gunicorn, production settings, WEB_CONCURRENCY workers): static files compressed and
cached for a year, pages from the page cache in front of Django."""

import re
import secrets
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from scripts import harness

from ..services import fresh_redis
from .conftest import PHONE, ROOT, prepare_site, start_production_server
from .pages import SAMPLE_CONTENT

pytestmark = pytest.mark.e2e
WORKERS = 3
FIRST_VISIT_LIMIT = 150_000  # bytes: the home page's first visit, map and logos included


def fetch(base, path, **headers):
    request = urllib.request.Request(base + path, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read()


def workers_of(pid):
    """The processes whose parent is ``pid`` (gunicorn's workers)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """Shared by the workers, as in production: the cache in Redis. The content has two
    partner logos uploaded in site settings (and one publication: ``SAMPLE_CONTENT``)."""
    redis_url = fresh_redis("TEST_REDIS_URL_PRODUCTION", "redis://127.0.0.1:6379/12")
    tmp_dir = tmp_path_factory.mktemp("production")
    env = prepare_site(
        tmp_dir,
        suffix="production",
        DJANGO_SETTINGS_MODULE="action_portugal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        SECURE_COOKIES="false",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(tmp_dir / "static"),
        LOG_LEVEL="ERROR",
        REDIS_URL=redis_url,
    )
    harness.manage(env, "shell", "-c", SAMPLE_CONTENT)
    subprocess.run(
        [str(ROOT / "scripts" / "build-static")],
        env={**env, "PYTHON_BIN": sys.executable},
        check=True,
        capture_output=True,
    )
    server, base = start_production_server(env, tmp_dir / "server.log", WORKERS)
    yield base, server.pid, env["DATABASE_URL"]
    server.terminate()
    server.wait(timeout=20)


def test_workers_come_from_web_concurrency(production):
    _base, pid, _database = production
    assert len(workers_of(pid)) == WORKERS


def test_static_files_are_compressed_and_cached_for_a_year(production):
    base, _pid, _database = production
    _headers, html = fetch(base, "/pt/")
    stylesheet = re.search(rb'<link rel="stylesheet" href="([^"]+)"', html).group(1).decode()
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet)  # hashed: safe to keep forever
    _plain_headers, plain = fetch(base, stylesheet, **{"Accept-Encoding": "identity"})
    for encoding in ("br", "gzip"):
        headers, body = fetch(base, stylesheet, **{"Accept-Encoding": encoding})
        assert headers["Content-Encoding"] == encoding
        assert len(body) < len(plain) / 2
        control = headers["Cache-Control"]
        assert "max-age=315360000" in control and "immutable" in control
        assert "Accept-Encoding" in headers["Vary"]


def test_favicon_ico_answers_with_the_icon(production):
    base, _pid, _database = production
    headers, body = fetch(base, "/favicon.ico")
    assert headers["Content-Type"] == "image/x-icon"
    assert "max-age=2592000" in headers["Cache-Control"]
    assert body == (ROOT / "static" / "favicon.ico").read_bytes()


def test_pages_come_from_the_cache_in_front_of_django(production):
    base, _pid, _database = production
    first, body = fetch(base, "/en/")
    again, cached = fetch(base, "/en/")
    assert (first["X-Cache"], again["X-Cache"]) == ("miss", "hit")
    assert cached == body
    assert "s-maxage=" in again["Cache-Control"]
    assert "stale-while-revalidate=" in again["Cache-Control"]
    revalidated = urllib.request.Request(base + "/en/", headers={"If-None-Match": again["ETag"]})
    with pytest.raises(urllib.error.HTTPError) as not_modified:
        urllib.request.urlopen(revalidated, timeout=10)
    assert not_modified.value.code == 304


def test_database_connections_are_pooled(production):
    """Each worker keeps its connections open between requests (Django's psycopg pool),
    and never more than the pool allows."""
    base, _pid, database = production
    if not database.startswith("postgres"):
        pytest.skip("the connection pool is PostgreSQL's (DATABASE_URL)")
    import psycopg

    for n in range(3 * WORKERS * 4):
        fetch(base, f"/en/timeline/?n={n}")  # not kept in the page cache: rendered each time
    name = database.rsplit("/", 1)[1]
    with psycopg.connect(database.rsplit("/", 1)[0] + "/postgres") as connection:
        (open_now,) = connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [name]
        ).fetchone()
    assert 1 <= open_now <= WORKERS * 4  # DATABASE_POOL_MAX: 4 by default


@pytest.mark.parametrize("language", ["pt", "en"])
def test_home_page_first_visit_weighs_at_most_150_kb(browser, production, language):
    """Every byte Chromium receives (headers and compressed bodies, as the network gives
    them: CDP's encodedDataLength) for the home page with an empty cache on a phone, read
    to the bottom so that the lazy partner logos in the footer load too, with the map of
    the countries; nothing is fetched from elsewhere."""
    base, _pid, _database = production
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    urls, received = {}, {}
    cdp.on(
        "Network.requestWillBeSent",
        lambda e: urls.update({e["requestId"]: e["request"]["url"]}),
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: received.update({e["requestId"]: e["encodedDataLength"]}),
    )
    try:
        page.goto(f"{base}/{language}/", wait_until="networkidle")
        assert page.locator("main svg, main img").count()  # the map of the countries
        logos = page.locator(".site-footer__partners img")
        assert logos.count() == 2
        for logo in logos.all():
            logo.scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        for logo in logos.all():  # loaded and decoded (no wait_for_function: the CSP)
            assert logo.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
        page.wait_for_timeout(200)  # the last loadingFinished events
    finally:
        context.close()
    fetched = [urls[request] for request in received]
    total = sum(received.values())
    print(f"home page /{language}/ on a first visit: {len(fetched)} requests, {total} bytes")
    for request, size in received.items():
        print(f"  {size:>7}  {urls[request].removeprefix(base)}")
    assert all(url.startswith(base) for url in fetched), fetched
    assert sum("/media/" in url for url in fetched) >= 2  # the two logos were transferred
    assert total <= FIRST_VISIT_LIMIT
