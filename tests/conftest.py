import io

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The whole suite runs against the programme's content, loaded once; each test runs in
    a transaction that is rolled back, so a test may change or delete anything."""
    with django_db_blocker.unblock():
        call_command("load_demo_content", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()  # Wagtail caches site root paths per language
    # A request leaves its language active in the thread; each test starts from the default.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    cache.clear()
    translation.deactivate()


@pytest.fixture
def home(db):
    from action_portugal.models import HomePage

    return HomePage.objects.get()


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def alternates(document):
    return {
        link["hreflang"]: link["href"]
        for link in document.find_all("link", rel="alternate")
        if link.get("hreflang")
    }
