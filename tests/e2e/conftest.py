"""Browser tests: Debian's Chromium, driven by Playwright, against a copy of the site
served by its own process from its own database (PostgreSQL when DATABASE_URL points at
one, a temporary SQLite file otherwise), loaded with the programme's content. Databases
and servers are started by scripts/harness.py, as `make bench` and `make load` start
theirs."""

import os
import re
from urllib.parse import urlsplit

import pytest

from scripts import harness

from .pages import SAMPLE_CONTENT

ROOT = harness.ROOT
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
DESKTOP = {"width": 1440, "height": 900}
PASSWORD = "e2e-only-passphrase"  # noqa: S105 - a throw-away database's test users
STAFF = f"""
from django.contrib.auth.models import Group, User
from wagtail.users.models import UserProfile
from action_portugal.base.permissions import EDITORS, TRANSLATORS
for name, group, language in [
    ("tradutora", TRANSLATORS, "pt"), ("editor", EDITORS, "en"), ("editora", EDITORS, "pt")
]:
    user = User.objects.create_user(name, name + "@example.org", "{PASSWORD}")
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
"""
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

_free_port = harness.free_port
manage = harness.manage


def _e2e_database(tmp_dir, suffix):
    """A fresh database next to DATABASE_URL's, or a SQLite file when it is not PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if not harness.is_postgresql(url):
        return f"sqlite:///{tmp_dir / f'{suffix}.sqlite3'}"
    url = harness.sibling_database(url, suffix)
    harness.fresh_database(url)
    return url


def prepare_site(tmp_dir, suffix="e2e", **extra_env):
    """A database of its own with the programme's content and two staff members; returns
    the environment a server of it runs with (development settings unless ``extra_env``
    says otherwise)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "action_portugal.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": _e2e_database(tmp_dir, suffix),
        "MEDIA_ROOT": str(tmp_dir / "media"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # The loaded pages' share images are drawn only for the tests that look at them.
        "SHARE_IMAGES_ENABLED": "false",
        **extra_env,
    }
    harness.prepare_site(env, scale=False, static=False)
    harness.manage(env, "shell", "-c", STAFF)
    return env


def start_server(env, log_path):
    """``manage.py runserver`` in a process of its own; returns (process, base URL)."""
    port = harness.free_port()
    return harness.start_development_server(env, port, log_path), f"http://127.0.0.1:{port}"


def start_production_server(env, log_path, workers):
    """``scripts/start`` (gunicorn with ``workers`` workers, the settings ``env`` names) in
    a process of its own, once ``/health/`` answers 200; returns (process, base URL)."""
    port = harness.free_port()
    process = harness.start_server(
        env, port, log_path, errors_only=True, WEB_CONCURRENCY=str(workers)
    )
    return process, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The site every browser test shares: ``(environment, base URL)``."""
    tmp_dir = tmp_path_factory.mktemp("e2e-site")
    env = prepare_site(tmp_dir)
    harness.manage(env, "shell", "-c", SAMPLE_CONTENT)
    server, base = start_server(env, tmp_dir / "server.log")
    yield env, base
    harness.stop(server)


@pytest.fixture(scope="session")
def site_url(site):
    return site[1]


@pytest.fixture(scope="session")
def scaled_site_url(tmp_path_factory):
    """The site with its content grown to the benchmark's size (1,000 stories, 100
    testimonials, 100 team members, every one of them and of the programme's own with a
    picture)."""
    tmp_dir = tmp_path_factory.mktemp("e2e-scaled")
    env = prepare_site(tmp_dir, suffix="scaled")
    harness.manage(env, "scale_demo_content", "--pictures-everywhere")
    harness.manage(env, "generate_renditions")
    server, base = start_server(env, tmp_dir / "server.log")
    yield base
    harness.stop(server)


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


def log_in(browser, base, username):
    """A staff member signed in to the admin at ``base``, in a browser context of their
    own: ``(context, page, console errors)``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    return context, page, errors


def open_footer_actions(page):
    """The page editor's footer menu of actions (publish, submit, approve...)."""
    page.locator(
        "footer .w-dropdown__toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()


def approve(page):
    """An Editor approves (and so publishes) the page open in the editor."""
    open_footer_actions(page)
    page.locator("button[data-workflow-action-name='approve']").first.click()
    dialog_submit = page.locator(".w-dialog button[type=submit], .modal button[type=submit]")
    if dialog_submit.count():
        dialog_submit.first.click()
    page.wait_for_load_state("networkidle")


def axe_violations(page, exclude=()):
    """Serious and critical WCAG 2.x A/AA violations axe-core finds on the page (but in
    the elements ``exclude`` selects)."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make browser` (npm ci)")
    # Served as if from the site itself, so the pages' script-src 'self' lets it run.
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    script = f"{origin}/__axe-core.js"
    page.route(script, lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"))
    page.add_script_tag(url=script)
    page.unroute(script)
    # Colours are read once what is fading in or out has finished (a message appearing is
    # measured at its own colours, not half-way); endless animations are not waited for.
    page.evaluate(
        """() => Promise.race([
            Promise.all(document.getAnimations()
                .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
                .map((a) => a.finished.catch(() => null))),
            new Promise((resolve) => setTimeout(resolve, 5000)),
        ])"""
    )
    result = page.evaluate(
        """async ([tags, exclude]) => await axe.run(
            exclude.length ? {include: [document], exclude: exclude.map((s) => [s])} : document,
            {runOnly: {type: 'tag', values: tags}},
        )""",
        [AXE_TAGS, list(exclude)],
    )
    assert result["passes"], "axe-core ran no rule"
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
