from action_portugal.operations.database_pool import check_connection
from action_portugal.settings.base import *  # noqa: F403
from action_portugal.settings.env import env_bool, env_int, env_required, env_str

SECRET_KEY = env_required("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)

# HTTPS only: plain HTTP is redirected, browsers are told (HSTS, a year by default) never
# to try plain HTTP again, and cookies travel over HTTPS only. Behind a proxy that ends
# TLS, SECURE_PROXY_SSL_HEADER=true trusts its X-Forwarded-Proto (the proxy must set it on
# every request); serving plain HTTP on purpose (trying the server out on one's own
# machine) takes SECURE_SSL_REDIRECT=false and SECURE_COOKIES=false.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env_bool(
    "SECURE_COOKIES", True
)

# WhiteNoise serves the collected static files inside the security headers middleware,
# so that they carry the headers every other answer does.
MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
MIDDLEWARE.insert(
    MIDDLEWARE.index("action_portugal.security.headers.SecurityHeadersMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)

# One pool of PostgreSQL connections per worker process (Django 6.1 with psycopg 3).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(  # noqa: F405
    "DATABASE_POOL", True
):
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405 - the pool keeps them instead
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {  # noqa: F405
        "min_size": env_int("DATABASE_POOL_MIN", 1),
        "max_size": env_int("DATABASE_POOL_MAX", 4),
        # A worker uses one connection at a time: a request waits for the pool only while
        # it cannot connect, and should then soon get the 503 page.
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 3),
        # psycopg_pool retries a lost connection with doubling delays for 5 minutes, so
        # after a long outage its next try could be a minute away; giving up sooner
        # leaves the retry to the next request, at once.
        "reconnect_timeout": env_int("DATABASE_POOL_RECONNECT_TIMEOUT", 5),
        # A broken connection is discarded when handed out, and with it every idle one
        # from before a database restart (action_portugal.operations.database_pool).
        "check": check_connection,
    }
    # Server-side parameters would let PostgreSQL plan repeated queries once per connection,
    # but they break queries that repeat a parameter across SELECT DISTINCT and ORDER BY or
    # GROUP BY (each copy becomes its own $n): Wagtail's site lookup for a Translator's
    # settings page was a 500 (Django ticket #34255, why client-side binding is Django's
    # default). Off, production runs the SQL the test suite runs.
    DATABASES["default"]["OPTIONS"]["server_side_binding"] = env_bool(  # noqa: F405
        "DATABASE_SERVER_SIDE_BINDING", False
    )

# Hashed static files are cached for a year by browsers and CDNs; brotli and gzip copies
# are made at collectstatic and served by WhiteNoise to browsers that accept them.
WHITENOISE_MAX_AGE = env_int("WHITENOISE_MAX_AGE", 60 * 60)

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Documents are read, pages' share images drawn and the contact page's messages sent by the
# database worker (scripts/worker: `manage.py db_worker --backend documents --queue-name
# documents,share-images,contact`, started beside the app servers: docs/deployment.md), never
# in a visitor's or an editor's request.
TASKS = {
    **TASKS,  # noqa: F405
    "documents": {
        "BACKEND": env_str("DOCUMENT_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["documents", "share-images", "contact"],
    },
}
