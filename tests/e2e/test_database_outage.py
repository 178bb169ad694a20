"""A real database outage under the production server (`scripts/start`: gunicorn,
production settings): a PostgreSQL server of the test's own is stopped under two running
copies of the site, one with the connection pool and the page cache in Redis, one with
persistent connections (CONN_MAX_AGE) and the page cache in local memory, and started
again. Pages visitors had are still served, the others get the 503 page in their language,
and both copies recover by themselves."""

import os
import pwd
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ..services import fresh_redis
from ..test_database_outage import HEADINGS, TRY_AGAIN
from .conftest import ROOT, _free_port, axe_violations, manage, start_production_server

pytestmark = pytest.mark.e2e

WARMED = ["/pt/", "/en/", "/pt/equipa/", "/en/timeline/"]
UNCACHED = {"pt": "/pt/pesquisa/?q=atuarial", "en": "/en/search/?q=actuarial"}
SESSION = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
user = User.objects.create_superuser("outage", "outage@example.org", "not-used-here")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""
RECOVERY_LIMIT = 10  # seconds from PostgreSQL accepting connections again


def postgres_bin():
    """The newest PostgreSQL server programs installed (PG_BIN overrides)."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    if not found:
        pytest.fail("PostgreSQL's server programs (initdb, pg_ctl) are needed: set PG_BIN")
    return found[-1].parent


class Cluster:
    """A PostgreSQL server in a temporary directory, on a free port: the test stops it,
    which the shared server must never be. initdb and pg_ctl refuse to run as root, so
    as root they run as the ``postgres`` account. ``launcher`` is what its programs run
    under (the partition test's network namespace), ``host`` the address it listens on."""

    def __init__(self, host="127.0.0.1", launcher=()):
        self.host, self.launcher = host, launcher
        self.bin = postgres_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="action-portugal-outage-"))
        self.data = self.dir / "data"
        self.port = _free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            account = pwd.getpwnam("postgres")
            os.chown(self.dir, account.pw_uid, account.pw_gid)

    def create(self):
        self.run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")
        if self.host != "127.0.0.1":  # the site connects from the other end of a link
            with (self.data / "pg_hba.conf").open("a") as hba:
                hba.write("host all postgres samenet trust\n")

    def run(self, program, *args, check=True):
        command = [str(self.bin / program), *map(str, args)]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        command = [*self.launcher, *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.dir)
        if check and done.returncode != 0:
            pytest.fail(f"{' '.join(command)}: {done.stdout}{done.stderr}")
        return done

    def url(self, name):
        return f"postgres://postgres@{self.host}:{self.port}/{name}"

    def running(self):
        return self.run("pg_ctl", "status", "-D", self.data, check=False).returncode == 0

    def start(self):
        options = f"-p {self.port} -c listen_addresses={self.host} -k {self.dir} -c fsync=off"
        log = self.dir / "postgres.log"
        self.run("pg_ctl", "start", "-D", self.data, "-l", log, "-o", options, "-w", "-t", "60")

    def stop(self, mode="fast"):
        self.run("pg_ctl", "stop", "-D", self.data, "-m", mode, "-w", "-t", "60")

    def remove(self):
        if self.data.exists() and self.running():
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


@dataclass
class Reply:
    status: int
    headers: dict
    text: str
    seconds: float


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(base, path, **headers):
    request = urllib.request.Request(base + path, headers=headers)
    started = time.monotonic()
    try:
        with OPENER.open(request, timeout=30) as response:
            status, head, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, head, body = error.code, error.headers, error.read()
    return Reply(status, head, body.decode(errors="replace"), time.monotonic() - started)


@dataclass
class Server:
    name: str
    base: str
    workers: int
    log: Path
    process: subprocess.Popen

    def log_text(self):
        return self.log.read_text(errors="replace")


def start_server(name, env, tmp_dir, workers, **extra_env):
    log = tmp_dir / f"{name}.log"
    process, base = start_production_server({**env, **extra_env}, log, workers)
    return Server(name, base, workers, log, process)


def site_on(cluster, tmp_dir):
    """Starts ``cluster`` with a database holding the programme's content, the static files
    collected: the environment of the production server that uses them."""
    cluster.create()
    cluster.start()
    import psycopg

    with psycopg.connect(cluster.url("postgres"), autocommit=True) as connection:
        connection.execute("CREATE DATABASE action_portugal_outage")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "action_portugal.settings.production",
        "DATABASE_URL": cluster.url("action_portugal_outage"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "MEDIA_ROOT": str(tmp_dir / "media"),
        "STATIC_ROOT": str(tmp_dir / "static"),
        "LOG_LEVEL": "WARNING",
        "PYTHON_BIN": sys.executable,
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput"], ["load_demo_content"]):
        subprocess.run(manage + command, env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run(
        [str(ROOT / "scripts" / "build-static")], env=env, check=True, capture_output=True
    )
    return env


def start_both_servers(env, tmp_dir, redis_url):
    """The site with the connection pool and the page cache in Redis, and with persistent
    connections and the page cache in local memory."""
    # Three idle connections per worker: a restart leaves several broken ones in a pool.
    pool = start_server("pool", env, tmp_dir, 2, REDIS_URL=redis_url, DATABASE_POOL_MIN="3")
    persistent = start_server(
        "persistent",
        env,
        tmp_dir,
        1,  # local memory is per worker: one worker has seen every page
        REDIS_URL="",
        DATABASE_POOL="false",
        DATABASE_CONN_MAX_AGE="600",
    )
    return [pool, persistent]


def stop_servers(servers):
    for server in servers:
        server.process.terminate()
    for server in servers:
        try:
            server.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


@pytest.fixture(scope="module")
def outage(tmp_path_factory):
    """The database server, the two copies of the site, a staff member's session, and the
    pages visitors had seen (in the page cache) with their text."""
    tmp_dir = tmp_path_factory.mktemp("outage")
    cluster = Cluster()
    servers = []
    try:
        env = site_on(cluster, tmp_dir)
        session = manage(env, "shell", "-c", SESSION).split()[-1]
        redis_url = fresh_redis("TEST_REDIS_URL_OUTAGE", "redis://127.0.0.1:6379/13")
        servers += start_both_servers(env, tmp_dir, redis_url)
        seen = {}
        for server in servers:
            assert fetch(server.base, "/admin/", Cookie=f"sessionid={session}").status == 200
            for path in WARMED:
                first = fetch(server.base, path)
                again = fetch(server.base, path)
                assert (first.status, again.status) == (200, 200), path
                assert again.headers["X-Cache"] == "hit", path
                seen[server.name, path] = again.text
        yield cluster, servers, session, seen
    finally:
        stop_servers(servers)
        cluster.remove()


def assert_unavailable_page(reply, language):
    assert reply.status == 503, reply.text[:300]
    assert reply.headers["Retry-After"].isdigit()
    assert reply.headers["Cache-Control"] == "no-store"
    document = BeautifulSoup(reply.text, "html.parser")
    assert document.html["lang"] == language
    assert [h.get_text(strip=True) for h in document.find_all("h1")] == [HEADINGS[language]]
    assert TRY_AGAIN[language] in document.get_text(" ")
    assert document.select_one(f'main a[href="/{language}/"]')


def test_while_the_database_is_down(outage, browser):
    cluster, servers, session, seen = outage
    cluster.stop()
    for server in servers:
        # What visitors had seen is still there, at once, word for word.
        for path in WARMED:
            reply = fetch(server.base, path)
            assert reply.status == 200, (server.name, path)
            assert reply.text == seen[server.name, path]
            assert reply.seconds < 1, (server.name, path, reply.seconds)

        # Any other page: the 503 page, in the address's language. The first request each
        # worker gets finds the database gone (with the pool: after the pool's timeout);
        # after that, that worker answers at once. Which worker takes a request is up to
        # the kernel, so: at most one slow answer per worker, however many are asked.
        languages = ["pt", "en"] * (server.workers * 3)
        replies = [fetch(server.base, UNCACHED[language]) for language in languages]
        for reply, language in zip(replies, languages, strict=True):
            assert_unavailable_page(reply, language)
        seconds = [reply.seconds for reply in replies]
        assert max(seconds) < 5, seconds
        assert sum(second >= 1 for second in seconds) <= server.workers, seconds
        print(f"\n{server.name}: 503s after", [f"{second:.2f}s" for second in seconds])
        for language, path in (("pt", "/pt/testemunhos/"), ("en", "/en/testimonials/")):
            assert_unavailable_page(fetch(server.base, path), language)
        # A query the page does not read is answered from its plain address's entry.
        assert fetch(server.base, "/pt/equipa/?page=2&x=1").text == seen[server.name, "/pt/equipa/"]

        # No language in the address: the visitor's.
        assert_unavailable_page(fetch(server.base, "/sitemap.xml"), "pt")
        assert_unavailable_page(
            fetch(server.base, "/sitemap.xml", **{"Accept-Language": "en"}), "en"
        )

        health = fetch(server.base, "/health/")
        assert health.status == 503
        assert health.seconds < 5

        # Staff: the admin says the same, never a server error.
        admin = fetch(
            server.base, "/admin/", Cookie=f"sessionid={session}", **{"Accept-Language": "en"}
        )
        assert_unavailable_page(admin, "en")
        assert fetch(server.base, "/admin/pages/", Cookie=f"sessionid={session}").status == 503
        assert fetch(server.base, "/admin/").status in (302, 503)  # signed out: no session read

    # The page is accessible in both languages.
    page = browser.new_page()
    try:
        for language in ("pt", "en"):
            response = page.goto(servers[0].base + UNCACHED[language])
            assert response.status == 503
            assert axe_violations(page) == [], language
    finally:
        page.close()

    for server in servers:
        log = server.log_text()
        assert log.count("The database is unavailable") <= server.workers, log
        assert "Traceback" not in log, log
        assert "Internal Server Error" not in log, log


def wait_until_served(server, deadline):
    """Seconds until every worker answers uncached pages and the health check again (several
    answers in a row, for the workers a request may go to)."""
    started = time.monotonic()
    in_a_row = 0
    while time.monotonic() < deadline:
        replies = [fetch(server.base, path) for path in (*UNCACHED.values(), "/health/")]
        in_a_row = in_a_row + 1 if all(reply.status == 200 for reply in replies) else 0
        if in_a_row == 3 * server.workers:
            return time.monotonic() - started
        assert all(reply.status in (200, 503) for reply in replies), [r.status for r in replies]
        if not in_a_row:
            time.sleep(0.2)
    pytest.fail(f"the {server.name} server did not recover: {server.log_text()}")


def test_the_site_recovers_by_itself_when_the_database_returns(outage):
    cluster, servers, _session, _seen = outage
    if cluster.running():  # run on its own
        cluster.stop()
    for server in servers:
        for _ in range(server.workers * 2):
            assert fetch(server.base, UNCACHED["en"]).status == 503
    cluster.start()
    deadline = time.monotonic() + RECOVERY_LIMIT
    for server in servers:
        recovered = wait_until_served(server, deadline)
        print(f"\n{server.name}: serving again {recovered:.2f}s after PostgreSQL started")
        assert "The database answers again" in server.log_text()
        for path in WARMED:
            assert fetch(server.base, path).status == 200


def test_a_database_restart_between_requests_goes_unnoticed(outage):
    """Connections kept from before a restart are broken: the first one the pool hands out
    fails its check and the pool replaces all of them at once (with three, found one by one,
    the request would wait past the pool's timeout); persistent connections are checked
    before reuse (CONN_HEALTH_CHECKS). No visitor gets the 503 page."""
    cluster, servers, _session, _seen = outage
    if not cluster.running():
        cluster.start()
    for server in servers:
        wait_until_served(server, time.monotonic() + RECOVERY_LIMIT)
    cluster.stop()
    cluster.start()
    for server in servers:
        for n in range(4 * server.workers):
            reply = fetch(server.base, f"{UNCACHED['pt']}{n}")
            assert reply.status == 200, (server.name, n, reply.status)
            if n == 0:
                print(f"\n{server.name}: first page after the restart in {reply.seconds:.2f}s")
