"""The health endpoint, and what visitors get while the database is down.

Pages in the page cache are answered before Django touches the database (no session, no
site lookup), so they stay up. Every other request gets a 503 page that needs no
database, in the visitor's language, until the database answers again; the site recovers
by itself, without a restart.
"""

import logging
import sys
import time

from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.backends.signals import connection_created
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from psycopg_pool import PoolTimeout

logger = logging.getLogger(__name__)

HEALTH_PATH = "/health/"
# Django reports the pool's timeout as its own OperationalError; PoolTimeout is listed in
# case one is ever raised outside Django's error wrapping.
DATABASE_ERRORS = (OperationalError, InterfaceError, PoolTimeout)
RETRY_AFTER = 120  # seconds: what crawlers and clients are told
RECHECK_EVERY = 1.0  # seconds between checks of a database known to be down
# Set on a request answered with the 503 page: "outage" while the database is out of reach,
# "query" when one query failed on a working connection.
DATABASE_ERROR = "_database_error"


def database_answers():
    """Whether PostgreSQL accepts a connection right now, asked with a connection of its
    own rather than through Django's, which with the pool would wait for the pool's timeout:
    refused at once while the server is down, ``connect_timeout`` at most while its host is
    unreachable."""
    if connection.vendor != "postgresql":
        return True
    try:
        connection.Database.connect(**connection.get_connection_params()).close()
    except connection.Database.Error:
        return False
    return True


def connection_lost():
    """Whether the database is out of reach (Django could not connect, or its connection
    broke), rather than one query failing on a working connection (a deadlock, a timeout)."""
    current = connection.connection
    return current is None or bool(getattr(current, "closed", False))


class DatabaseStatus:
    """What this worker process knows of the database. Up, until a request cannot reach it.
    While down, requests get the 503 page at once instead of each waiting for the
    connection pool's timeout (a waiting worker cannot answer cached pages either); at most
    once a second, one of them first checks whether the database answers and, if it does,
    goes ahead. The first connection Django makes again ends the outage. Each outage is logged
    once, when it starts and when it ends."""

    def __init__(self):
        self.down_since = None
        self.recheck_at = 0.0

    def failed(self, error):
        now = time.monotonic()
        if self.down_since is None:
            self.down_since = now
            reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
            logger.warning(
                "The database is unavailable (%s): pages come from the page cache or are "
                "answered 503 until it answers again",
                reason,
            )
        self.recheck_at = now + RECHECK_EVERY

    def known_down(self):
        """Whether to answer 503 without trying the database."""
        if self.down_since is None:
            return False
        started = time.monotonic()
        if started < self.recheck_at:
            return True
        if database_answers():
            return False  # this request goes ahead; its connection ends the outage
        # A host that does not answer costs a check its connect_timeout: wait as long before
        # the next, so that checking never holds a worker more than half the time.
        now = time.monotonic()
        self.recheck_at = now + max(RECHECK_EVERY, now - started)
        return True

    def connected(self, **kwargs):
        if self.down_since is not None:
            logger.warning(
                "The database answers again, after %.0f s", time.monotonic() - self.down_since
            )
            self.down_since = None


status = DatabaseStatus()


def note_database_error(error):
    """``"outage"`` (remembered, and logged once) or ``"query"`` (left to Django, which logs
    it with its traceback like any other fault)."""
    if connection_lost():
        status.failed(error)
        return "outage"
    return "query"


def visitor_language(request):
    """The language of the address (``/pt/``, ``/en/``); else the visitor's choice (the
    language switcher's cookie) or browser (Accept-Language); else Portuguese."""
    return translation.get_language_from_path(
        request.path_info
    ) or translation.get_language_from_request(request)


def unavailable(request):
    """The 503 page: a template with no context processors and no tags that query."""
    language = visitor_language(request)
    with translation.override(language):
        html = render_to_string("503.html", {"LANGUAGE_CODE": language})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    return response


class DatabaseOutageMiddleware:
    """Turns a database that cannot be reached into the 503 page, for the site and the
    admin alike. It sits above every middleware that may query (sessions, users, messages,
    redirects, the site lookup): an error in a view comes to ``process_exception``; one in
    a middleware below is turned into a 500 by Django first, and is swapped for the 503
    page here on the way out (``got_request_exception`` marks the request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if status.known_down():
            setattr(request, DATABASE_ERROR, "outage")
            return unavailable(request)
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, DATABASE_ERROR, None):
            return unavailable(request)
        return response

    def process_exception(self, request, exception):
        """An outage is answered here. A query failing on a working connection goes on
        the way of any fault (logged with its traceback, ``got_request_exception``) and
        is given the 503 page in ``__call__``."""
        if isinstance(exception, DATABASE_ERRORS) and note_database_error(exception) == "outage":
            setattr(request, DATABASE_ERROR, "outage")
            return unavailable(request)
        return None


def mark_database_error(sender, request=None, **kwargs):
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_ERRORS):
        setattr(request, DATABASE_ERROR, note_database_error(error))


class QuietOutages(logging.Filter):
    """Django logs every 5xx answer, with the traceback when a middleware's error made it a
    500: during an outage, a line or a traceback per request for one known cause, which
    ``DatabaseStatus`` has logged once already (and the access log counts the 503s). A
    failed query keeps its traceback, once."""

    def filter(self, record):
        error = getattr(getattr(record, "request", None), DATABASE_ERROR, None)
        return error is None or (error == "query" and record.exc_info is not None)


QUIET_OUTAGES = QuietOutages()


def connect():
    """Hooks the outage handling into Django, from the app's ``ready()``: the first
    connection after an outage ends it, an error in a middleware marks its request, and
    Django's request log keeps quiet about a known outage. Each hook is added once
    however often this runs (dispatch_uid, one filter instance)."""
    connection_created.connect(status.connected, dispatch_uid="action_portugal.database_status")
    got_request_exception.connect(
        mark_database_error, dispatch_uid="action_portugal.database_error"
    )
    logging.getLogger("django.request").addFilter(QUIET_OUTAGES)


class HealthCheckMiddleware:
    """Answers ``/health/`` before anything else runs: load balancers and Docker probe by
    IP address (no allowed Host), over plain HTTP (no HTTPS redirect), and need only
    to know whether the database answers. While the database is known to be down, it is
    checked with a connection of its own (see ``DatabaseStatus``), so probes do not wait for
    the connection pool's timeout either."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != HEALTH_PATH:
            return self.get_response(request)
        error = database_error()
        if error is None:
            response = JsonResponse({"database": "ok"})
        else:
            setattr(request, DATABASE_ERROR, error)
            response = JsonResponse({"database": "unavailable"}, status=503)
        response["Cache-Control"] = "no-cache, no-store, must-revalidate, max-age=0"
        return response


def database_error():
    """``None`` when the database answers, else ``"outage"`` or ``"query"``."""
    if status.known_down():
        return "outage"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return note_database_error(error)
    return None
