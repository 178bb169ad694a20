import io
import os

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.core.management import call_command
from django.utils import translation

from action_portugal.base.permissions import EDITORS
from action_portugal.operations.middleware import status as database_status

from .buckets import s3  # noqa: F401 - the moto bucket fixture, for any test module


def pytest_sessionfinish(session, exitstatus):
    """In CI (CI_FORBID_SKIPS=1) a skipped test fails the run: nothing is left unchecked."""
    if not os.environ.get("CI_FORBID_SKIPS"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"CI_FORBID_SKIPS: {len(skipped)} test(s) skipped", red=True)
        session.exitstatus = 1


def pytest_collection_modifyitems(items):
    """Browser tests last: they hold a browser and a server process for their duration."""
    items.sort(key=lambda item: "/e2e/" in str(item.fspath))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The whole suite runs against the programme's content, loaded once; each test runs in
    a transaction that is rolled back, so a test may change or delete anything."""
    with django_db_blocker.unblock():
        call_command("load_demo_content", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    clear_caches()  # Wagtail caches site root paths per language, and renditions
    database_status.__init__()  # a worker's knowledge of an outage, as at start
    # A request leaves its language active in the thread; each test starts from the default.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    clear_caches()
    translation.deactivate()


def clear_caches():
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def home(db):
    from action_portugal.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def editor(client):
    """The test client signed in as a member of the Editors, in the admin's ``language``."""
    from .staff import member_of

    def sign_in(language):
        client.force_login(member_of(EDITORS, language=language))
        return client

    return sign_in


@pytest.fixture
def media(settings):
    """What is stored under MEDIA_ROOT, as relative paths: for checking what an upload
    left behind."""

    def files():
        return sorted(
            os.path.relpath(os.path.join(folder, name), settings.MEDIA_ROOT)
            for folder, _folders, names in os.walk(settings.MEDIA_ROOT)
            for name in names
        )

    return files


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def alternates(document):
    return {
        link["hreflang"]: link["href"]
        for link in document.find_all("link", rel="alternate")
        if link.get("hreflang")
    }
