"""While the database cannot be reached, visitors get the page cache or a 503 page in their
language that needs no database, nobody gets a traceback, and the log says it once.
(tests/e2e/test_database_outage.py stops a real PostgreSQL under a running server.)"""

import logging
import socket
from contextlib import contextmanager
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.db import OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from psycopg_pool import PoolTimeout

from action_portugal.caching.pages import CachedPagesWSGI
from action_portugal.operations import middleware

from .staff import superuser

pytestmark = pytest.mark.django_db

HEADINGS = {
    "pt": "Esta página está temporariamente indisponível",
    "en": "This page is temporarily unavailable",
}
TRY_AGAIN = {
    "pt": "Tente de novo dentro de alguns minutos.",
    "en": "Please try again in a few minutes.",
}
WHY = {
    "pt": "Neste momento, o sítio não consegue aceder à base de dados",
    "en": "The site cannot reach the database that holds its content just now.",
}


@pytest.fixture(autouse=True)
def database_status():
    """Each test starts with the database known to be up."""
    middleware.status.down_since = None
    middleware.status.recheck_at = 0.0
    yield middleware.status
    middleware.status.down_since = None
    middleware.status.recheck_at = 0.0


@pytest.fixture
def client(client):
    """Django turns a middleware's error into a response before the outage middleware sees
    it; the test client would raise that error again all the same."""
    client.raise_request_exception = False
    return client


@contextmanager
def database_down(lost=True):
    """Every query fails as PostgreSQL's do when the server is gone (``lost``), or as one
    query failing on a working connection does (a deadlock)."""
    error = OperationalError("connection failed: Connection refused")
    with (
        mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=error),
        mock.patch.object(middleware, "connection_lost", return_value=lost),
        mock.patch.object(middleware, "database_answers", return_value=False),
    ):
        yield


def database_back():
    """What ends an outage: Django connecting again (the test's connection never closed)."""
    connection_created.send(sender=type(connection), connection=connection)


def assert_unavailable_page(response, language):
    assert response.status_code == 503
    assert response["Retry-After"] == str(middleware.RETRY_AFTER)
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Language"] == language
    assert "X-Cache" not in response
    document = BeautifulSoup(response.content.decode(), "html.parser")
    assert document.html["lang"] == language
    assert [h.get_text(strip=True) for h in document.find_all("h1")] == [HEADINGS[language]]
    assert TRY_AGAIN[language] in document.get_text(" ")
    assert WHY[language] in document.get_text(" ")
    assert document.select_one(f'main a[href="/{language}/"]')
    assert document.select_one('link[rel="stylesheet"][href$="site.css"]')


def outage_records(caplog):
    return [
        r for r in caplog.records if r.name == middleware.__name__ and "unavailable" in r.message
    ]


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("/pt/pesquisa/?q=proteção", "pt"),
        ("/en/search/?q=protection", "en"),
        ("/pt/equipa/", "pt"),
        ("/en/timeline/", "en"),
    ],
)
def test_a_page_that_needs_the_database_gets_the_503_page_in_the_urls_language(
    client, path, language
):
    client.get("/pt/")  # the site lookup is in the cache: the view is what fails
    with database_down():
        response = client.get(path, headers={"accept-language": "pt" if language == "en" else "en"})
    assert_unavailable_page(response, language)


def test_the_site_lookup_failing_gives_the_503_page_not_the_500_page(client, caplog):
    """The routing middleware finds the site before any view runs; Django turns its error
    into the 500 page, which the outage middleware swaps on the way out, without the
    traceback Django would log for each request."""
    with database_down(), caplog.at_level(logging.WARNING):
        response = client.get("/en/areas-of-work/")
        again = client.get("/pt/areas-de-trabalho/")
    assert_unavailable_page(response, "en")
    assert_unavailable_page(again, "pt")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


@pytest.mark.parametrize(
    ("headers", "cookies", "language"),
    [
        ({}, {}, "pt"),
        ({"accept-language": "en-GB,en;q=0.9"}, {}, "en"),
        ({"accept-language": "pt-PT,pt;q=0.9,en;q=0.5"}, {}, "pt"),
        ({"accept-language": "fr"}, {}, "pt"),
        ({}, {"django_language": "en"}, "en"),
    ],
)
def test_without_a_language_in_the_address_the_visitors_language(
    client, headers, cookies, language
):
    client.cookies.load(cookies)
    with database_down():
        response = client.get("/sitemap.xml", headers=headers)
    assert_unavailable_page(response, language)


@pytest.mark.parametrize("language", ["pt", "en"])
def test_the_admin_gets_the_503_page_not_a_server_error(client, language):
    client.force_login(superuser())
    assert client.get("/admin/").status_code == 200
    with database_down():
        response = client.get("/admin/", headers={"accept-language": language})
        page = client.get("/admin/pages/", headers={"accept-language": language})
    assert_unavailable_page(response, language)
    assert_unavailable_page(page, language)


def test_the_503_page_is_not_kept_by_the_page_cache(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    with database_down():
        assert client.get("/en/team/").status_code == 503
    database_back()
    response = client.get("/en/team/")
    assert response.status_code == 200
    assert response["X-Cache"] == "miss"


def test_cached_pages_are_answered_without_the_database_sessions_included(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_ENABLED = True
    pages = {path: client.get(path).content for path in ("/pt/", "/en/", "/en/team/")}
    opened = []
    connection_created.connect(opened.append, dispatch_uid="outage-test")
    try:
        with django_assert_num_queries(0), database_down():
            for path, content in pages.items():
                response = client.get(path)
                assert response.status_code == 200, path
                assert response["X-Cache"] == "hit"
                assert response.content == content
    finally:
        connection_created.disconnect(dispatch_uid="outage-test")
    assert opened == []


def test_production_answers_cached_pages_before_django_while_it_is_down(client, settings, rf):
    settings.PAGE_CACHE_ENABLED = True
    content = client.get("/pt/equipa/").content

    def django_app(environ, start_response):  # must not be reached on a hit
        raise AssertionError("Django was asked")

    replies = []
    with database_down():
        body = CachedPagesWSGI(django_app)(
            rf.get("/pt/equipa/").environ, lambda status, headers: replies.append(status)
        )
    assert replies == ["200 OK"]
    assert b"".join(body) == content


def test_the_outage_handling_is_wired_by_connect_once():
    """The app's ready() calls operations.connect(), which hooks the outage handling into
    Django; calling it again adds nothing."""
    from django.core.signals import got_request_exception

    from action_portugal import operations

    def hooks():
        return (
            [receiver[0][0] for receiver in connection_created.receivers],
            [receiver[0][0] for receiver in got_request_exception.receivers],
            list(logging.getLogger("django.request").filters),
        )

    before = hooks()
    assert "action_portugal.database_status" in before[0]
    assert "action_portugal.database_error" in before[1]
    assert middleware.QUIET_OUTAGES in before[2]
    operations.connect()
    assert hooks() == before


def test_an_outage_is_logged_once_and_its_end_too(client, caplog, database_status):
    with database_down(), caplog.at_level(logging.INFO):
        for path in ("/pt/equipa/", "/en/team/", "/en/timeline/", "/health/"):
            database_status.recheck_at = 0.0  # each one tries the database again
            assert client.get(path).status_code == 503
    [record] = outage_records(caplog)
    assert record.levelno == logging.WARNING
    assert "Connection refused" in record.getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    with caplog.at_level(logging.INFO):
        database_back()
    assert database_status.down_since is None
    assert "answers again" in caplog.records[-1].getMessage()


def test_while_it_is_down_requests_do_not_wait_for_it(client, database_status):
    """Only one request a second checks (with a connection of its own); the others get the
    503 page at once, without reaching the database or the connection pool."""
    database_status.failed(OperationalError("connection refused"))
    with (
        mock.patch.object(BaseDatabaseWrapper, "ensure_connection") as ensure_connection,
        mock.patch.object(middleware, "database_answers", return_value=False) as answers,
    ):
        for path in ("/en/team/", "/pt/equipa/", "/health/"):
            assert client.get(path).status_code == 503
        assert answers.call_count == 0
        database_status.recheck_at = 0.0
        assert client.get("/en/team/").status_code == 503
        assert answers.call_count == 1
        assert ensure_connection.call_count == 0
    database_status.recheck_at = 0.0
    with mock.patch.object(middleware, "database_answers", return_value=True):
        assert client.get("/en/team/").status_code == 200
        assert client.get("/health/").status_code == 200


def test_the_health_endpoint_says_503_and_remembers_the_outage(client, database_status):
    with database_down():
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable"}
    assert "no-store" in response["Cache-Control"]
    assert database_status.down_since is not None


def test_a_query_that_fails_on_a_working_connection_is_not_an_outage(
    client, caplog, database_status
):
    """A deadlock or a statement timeout: the 503 page for that request, and its
    traceback in the log once, as for any fault, but no outage."""
    client.get("/pt/")
    with database_down(lost=False), caplog.at_level(logging.WARNING):
        response = client.get("/en/team/")
        assert client.get("/pt/equipa/").status_code == 503
    assert_unavailable_page(response, "en")
    assert database_status.down_since is None
    assert not outage_records(caplog)
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 2 and all(r.exc_info for r in errors)


def test_the_connection_pools_timeout_comes_as_djangos_operational_error():
    """What Django raises when its psycopg pool cannot hand out a connection (no server
    listens on the port), and that a broken pooled connection would be checked."""
    from django.db.backends.postgresql.base import DatabaseWrapper

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings_dict = {
        **connection.settings_dict,
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "nowhere",
        "USER": "postgres",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"connect_timeout": 1, "pool": {"timeout": 0.5, "reconnect_timeout": 1}},
    }
    wrapper = DatabaseWrapper(settings_dict, alias="outage-test-pool")
    try:
        with pytest.raises(OperationalError) as raised:
            wrapper.ensure_connection()
        assert isinstance(raised.value.__cause__, PoolTimeout)
        assert wrapper.connection is None
        assert wrapper.pool.kwargs["connect_timeout"] == 1
    finally:
        wrapper.close_pool()
