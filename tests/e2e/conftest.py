"""Browser tests: Debian's Chromium, driven by Playwright, against a copy of the site
served by its own process from its own database (PostgreSQL when DATABASE_URL points at
one, a temporary SQLite file otherwise), loaded with the programme's content."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
PASSWORD = "e2e-only-passphrase"  # noqa: S105 - a throw-away database's test users
STAFF = f"""
from django.contrib.auth.models import Group, User
from wagtail.users.models import UserProfile
for name, group, language in [("tradutora", "Translators", "pt"), ("editor", "Editors", "en")]:
    user = User.objects.create_user(name, name + "@example.org", "{PASSWORD}")
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
"""
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def _e2e_database(tmp_dir, suffix="e2e"):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp_dir / f'{suffix}.sqlite3'}"
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + f"_{suffix}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    """``manage.py args`` for the site ``env`` describes; what it printed."""
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def prepare_site(tmp_dir, suffix="e2e", **extra_env):
    """A database of its own with the programme's content and two staff members; returns
    the environment a server of it runs with."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "action_portugal.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": _e2e_database(tmp_dir, suffix),
        "MEDIA_ROOT": str(tmp_dir / "media"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        **extra_env,
    }
    for command in (["migrate", "--noinput"], ["load_demo_content"], ["shell", "-c", STAFF]):
        manage(env, *command)
    return env


def start_server(env, log_path):
    """``manage.py runserver`` in a process of its own; returns (process, base URL)."""
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
            "--insecure",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(log_path, "w"),  # noqa: SIM115 - lives as long as the server
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/health/", timeout=1)
            return server, base
        except OSError:
            time.sleep(0.2)
    server.terminate()
    pytest.fail(f"a test server did not start: {Path(log_path).read_text()}")


def start_production_server(env, log_path, workers):
    """``scripts/start`` (gunicorn with ``workers`` workers, the settings ``env`` names) in
    a process of its own, once ``/health/`` answers 200; returns (process, base URL)."""
    port = _free_port()
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "start")],
        env={
            **env,
            "PORT": str(port),
            "BIND_ADDRESS": "127.0.0.1",
            "WEB_CONCURRENCY": str(workers),
            "MIGRATE_ON_START": "false",
            "GUNICORN_BIN": str(Path(sys.executable).parent / "gunicorn"),
        },
        stdout=subprocess.DEVNULL,
        stderr=open(log_path, "w"),  # noqa: SIM115 - lives as long as the server
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/health/", timeout=1)
            return process, base
        except OSError:
            time.sleep(0.2)
    process.terminate()
    pytest.fail(f"a production server did not start: {Path(log_path).read_text()}")


@pytest.fixture(scope="session")
def site_url(tmp_path_factory):
    tmp_dir = tmp_path_factory.mktemp("e2e-site")
    server, base = start_server(prepare_site(tmp_dir), tmp_dir / "server.log")
    yield base
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def scaled_site_url(tmp_path_factory):
    """The site with its content grown to the benchmark's size (1,000 stories, 100
    testimonials, 100 team members, every one of them and of the programme's own with a
    picture)."""
    tmp_dir = tmp_path_factory.mktemp("e2e-scaled")
    env = prepare_site(tmp_dir, suffix="scaled")
    for command in (["scale_demo_content", "--pictures-everywhere"], ["generate_renditions"]):
        manage(env, *command)
    server, base = start_server(env, tmp_dir / "server.log")
    yield base
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browser` (or set CHROMIUM)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page):
    """Serious and critical WCAG 2.x A/AA violations axe-core finds on the page."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make browser` (npm ci)")
    # Served as if from the site itself, so the pages' script-src 'self' lets it run.
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    script = f"{origin}/__axe-core.js"
    page.route(script, lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"))
    page.add_script_tag(url=script)
    page.unroute(script)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    assert result["passes"], "axe-core ran no rule"
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
