"""Settings shared by every environment. Deploy-time values come from the environment;
README.md lists each variable with its default."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import get_language_info, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from action_portugal.settings.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "development-only-key-not-for-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # wagtail_modeltranslation must come before every app that defines a Page
    # subclass, or it fails with DescendantRegistered.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "action_portugal",
    "pillars",
    "testimonials",
    "team",
    "timeline",
    "publications",
    "country_pages",
    "contact",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Wagtail's admin says how long ago something happened with humanize's naturaltime: its
    # Portuguese ("há 7 segundos") is loaded only if it is installed.
    "django.contrib.humanize",
    "axes",
    # The tasks the database worker runs (`manage.py db_worker`, in production).
    "django_tasks_db",
    # Django 6.1 checks wagtailsearch.IndexEntry's GIN index (postgres.E005) and fails on
    # PostgreSQL without it.
    "django.contrib.postgres",
]

MIDDLEWARE = [
    # First: a cached page is answered before anything else runs (it was stored with the
    # headers the middleware below gave it).
    "action_portugal.caching.pages.PageCacheMiddleware",
    # Then the security headers, on every answer below (health checks, the 503 page and,
    # in production, static files included); the HTTPS redirect leaves the load balancers'
    # health checks alone.
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "action_portugal.security.headers.SecurityHeadersMiddleware",
    "action_portugal.operations.middleware.HealthCheckMiddleware",
    # Above everything that may query the database: while it is down, the 503 page.
    "action_portugal.operations.middleware.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "action_portugal.caching.site.CachedSiteMiddleware",
    # Wagtail's RedirectMiddleware, answering an old address in its own language, in one hop.
    "action_portugal.editing.old_addresses.OldAddressMiddleware",
    # Last: answers a locked-out sign-in with the lock's message (the lock per address of
    # action_portugal.security.throttle, and django-axes').
    "action_portugal.security.sign_in.SignInLockMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "action_portugal.urls"
WSGI_APPLICATION = "action_portugal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite file when DATABASE_URL is unset; PostgreSQL in CI and production.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    # libpq waits as long as the network does for a host that does not answer.
    _options.setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 3))
    # And on a connection it already has, for TCP to give up: a quarter of an hour when the
    # network between drops packets without closing anything. This closes a connection
    # whose data the server has not acknowledged for that many seconds (a slow query is
    # not affected: the server's network stack acknowledges at once).
    _options.setdefault("tcp_user_timeout", env_int("DATABASE_TCP_USER_TIMEOUT", 5) * 1000)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when REDIS_URL is set (shared by every app server), local memory otherwise.
# Renditions get a cache of their own (Wagtail looks for one named "renditions") so that
# hundreds of pictures cannot push the pages and the site's routing data out.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        alias: {
            # Django's, sharing one Redis client (action_portugal.base.patches).
            "BACKEND": "action_portugal.base.patches.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"action-portugal-{alias}",
        }
        for alias in ("default", "renditions")
    }
else:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": alias,
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
        for alias in ("default", "renditions")
    }

# Visitors' pages from the cache (action_portugal.caching.pages), and what a CDN may keep.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 24 * 60 * 60)
PAGE_CACHE_MAX_AGE = env_int("PAGE_CACHE_MAX_AGE", 0)
PAGE_CACHE_S_MAXAGE = env_int("PAGE_CACHE_S_MAXAGE", 600)
PAGE_CACHE_STALE_WHILE_REVALIDATE = env_int("PAGE_CACHE_STALE_WHILE_REVALIDATE", 600)
# With Redis: pages each process keeps in its own memory, emptied by a Redis message on
# every invalidation (0: none).
PAGE_CACHE_LOCAL_ENTRIES = env_int("PAGE_CACHE_LOCAL_ENTRIES", 256)

# A CDN in front, purged on every publish in both languages (action_portugal.caching.pages).
_FRONTEND_CACHES = {  # FRONTEND_CACHE: Wagtail's backend, and its options from the environment
    "http": ("HTTPBackend", {"LOCATION": "FRONTEND_CACHE_LOCATION"}),
    "cloudflare": (
        "CloudflareBackend",
        {"BEARER_TOKEN": "CLOUDFLARE_BEARER_TOKEN", "ZONEID": "CLOUDFLARE_ZONE_ID"},
    ),
    "cloudfront": ("CloudfrontBackend", {"DISTRIBUTION_ID": "CLOUDFRONT_DISTRIBUTION_ID"}),
}
_frontend_cache = env_str("FRONTEND_CACHE", "")
if _frontend_cache:
    if _frontend_cache not in _FRONTEND_CACHES:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE must be one of {', '.join(_FRONTEND_CACHES)}, not {_frontend_cache!r}"
        )
    _backend, _options = _FRONTEND_CACHES[_frontend_cache]
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": f"wagtail.contrib.frontend_cache.backends.{_backend}",
            **{option: env_str(variable, "") for option, variable in _options.items()},
        }
    }

# The admin sign-in: 5 failures for one account from one address lock that pair out
# for 15 minutes; a success clears the count (django-axes, action_portugal.security.sign_in).
AUTHENTICATION_BACKENDS = [
    "action_portugal.security.sign_in.SignInThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCK_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "action_portugal.security.sign_in.locked_out"
AXES_CLIENT_IP_CALLABLE = "action_portugal.security.sign_in.client_ip"
AXES_DISABLE_ACCESS_LOG = True  # failures only: no record of who signed in from where
AXES_VERBOSE = False
# Behind a proxy, the header holding the visitor's address (e.g. X-Forwarded-For) and
# how many proxies append to it; unset, the connection's own address counts.
_client_ip_header = env_str("CLIENT_IP_HEADER", "").strip()
CLIENT_IP_HEADER = (
    "HTTP_" + _client_ip_header.upper().replace("-", "_") if _client_ip_header else ""
)
TRUSTED_PROXY_COUNT = max(1, env_int("TRUSTED_PROXY_COUNT", 1))
# Beyond that lock (action_portugal.security.throttle): name -> (attempts, minutes). Reaching the
# number within the minutes refuses the address (or the account) for as many minutes;
# 0 attempts turns a limit off. No lock per account from every address: anyone could
# then lock an editor out.
_reset_minutes = env_int("PASSWORD_RESET_WINDOW_MINUTES", 60)
_private_minutes = env_int("PRIVATE_PASSWORD_LOCK_MINUTES", 15)
THROTTLES = {
    # failed sign-ins (admin and front end) from one address, whatever the accounts
    "sign-in-address": (
        env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 10),
        env_int("LOGIN_ADDRESS_LOCK_MINUTES", 15),
    ),
    # password-reset requests for one e-mail address typed, and from one address
    "password-reset-account": (env_int("PASSWORD_RESET_ACCOUNT_LIMIT", 3), _reset_minutes),
    "password-reset-address": (env_int("PASSWORD_RESET_ADDRESS_LIMIT", 10), _reset_minutes),
    # wrong passwords for one private page or collection from one address, and for all
    "private-password": (env_int("PRIVATE_PASSWORD_FAILURE_LIMIT", 5), _private_minutes),
    "private-password-address": (
        env_int("PRIVATE_PASSWORD_ADDRESS_FAILURE_LIMIT", 20),
        _private_minutes,
    ),
    # messages sent through the contact page from one address (contact.views)
    "contact-address": (
        env_int("CONTACT_MESSAGE_LIMIT", 5),
        env_int("CONTACT_MESSAGE_WINDOW_MINUTES", 60),
    ),
}
# How long the contact page's messages are kept (contact.retention), as the privacy notice
# says: in days.
CONTACT_RETENTION_DAYS = env_int("CONTACT_RETENTION_DAYS", 365)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages, once: every language table of the site derives from these two (URL prefixes,
# modeltranslation's columns and fallbacks, the switcher, hreflang and Open Graph locales,
# search stemming, previews, the admin's languages: action_portugal.base.i18n). Portuguese
# is the default; every public URL carries its prefix.
LANGUAGE_CODE = "pt"
LANGUAGES = [("pt", _("Portuguese")), ("en", _("English"))]
# What Django's codes do not say of each language: the variant the site is written in,
# PostgreSQL's text-search configuration for its words, and its name inside a sentence
# ("sem texto em português").
LANGUAGE_VARIANTS = {
    "pt": ("pt-PT", "portuguese", pgettext_lazy("language in a sentence", "Portuguese")),
    "en": ("en-GB", "english", pgettext_lazy("language in a sentence", "English")),
}
LANGUAGE_CODES = [code for code, _name in LANGUAGES]
WAGTAILFRONTENDCACHE_LANGUAGES = LANGUAGE_CODES  # purged in each
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["action_portugal.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Lisbon"

MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_LANGUAGES = LANGUAGE_CODES
# An empty field in one language shows the other languages' text (marked with its lang).
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": (LANGUAGE_CODE, *(code for code in LANGUAGE_CODES if code != LANGUAGE_CODE)),
    **{code: tuple(other for other in LANGUAGE_CODES if other != code) for code in LANGUAGE_CODES},
}
WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = True
# The editors show one language's fields or all, as each person last chose, from the first
# paint (action_portugal.editing.editor_languages), in place of wagtail-modeltranslation's
# picker.
WAGTAILMODELTRANSLATION_LOCALE_PICKER = False

STATIC_URL = env_str("STATIC_URL", "/static/")
STATIC_ROOT = env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded images and documents on S3-compatible object storage when a bucket is named
# (every app server then sees the same files); on the local disk otherwise.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        # Pictures public, documents private (action_portugal.files.media).
        "BACKEND": "action_portugal.files.media.SiteS3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("AWS_S3_REGION_NAME", "") or None,
            "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN", "") or None,
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            # Documents' signed URLs: version 4, the one every AWS region and MinIO accept.
            "signature_version": "s3v4",
        },
    }

# Content Security Policy (Django's own, through action_portugal.security.sign_in): the public
# pages run no script and carry no inline style; the admin's editor runs inline scripts
# and styles, so it has a policy of its own. Pictures may come from where media is kept.


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


_s3_origins = []
if AWS_STORAGE_BUCKET_NAME:
    _custom_domain = env_str("AWS_S3_CUSTOM_DOMAIN", "")
    _endpoint = env_str("AWS_S3_ENDPOINT_URL", "")
    _region = env_str("AWS_S3_REGION_NAME", "")
    if _custom_domain:
        _s3_origins = [f"https://{_custom_domain}"]
    elif _endpoint:
        _s3_origins = [_origin(_endpoint)]
    else:
        _s3_origins = [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"]
        if _region:
            _s3_origins.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{_region}.amazonaws.com")
# Static files from another origin (STATIC_URL on a CDN) bring the stylesheet, the icons
# and the admin's scripts with them.
STATIC_ORIGINS = [origin for origin in (_origin(STATIC_URL),) if origin]
IMAGE_ORIGINS = sorted(
    {_origin(MEDIA_URL), *STATIC_ORIGINS, *_s3_origins, *env_list("CSP_IMAGE_ORIGINS", [])} - {""}
)
_CSP_COMMON = {
    "default-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF, *STATIC_ORIGINS],
    "manifest-src": [CSP.SELF],
}
SECURE_CSP = {
    **_CSP_COMMON,
    "script-src": [CSP.SELF, *STATIC_ORIGINS],
    "style-src": [CSP.SELF, *STATIC_ORIGINS],
    "img-src": [CSP.SELF, *IMAGE_ORIGINS],
    "frame-ancestors": [CSP.NONE],
}
ADMIN_CSP = {
    **_CSP_COMMON,
    "script-src": [CSP.SELF, *STATIC_ORIGINS, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, *STATIC_ORIGINS, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", *IMAGE_ORIGINS],
    "font-src": [CSP.SELF, *STATIC_ORIGINS, "data:"],
    "frame-src": [CSP.SELF],  # the preview panel
    "frame-ancestors": [CSP.SELF],
    "worker-src": [CSP.SELF, "blob:"],
}
# Features no page of the site uses, refused to anything embedded or injected.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    )
)

# Cookies: never readable by scripts (the admin reads the CSRF token from the page), and
# not sent with cross-site requests. Production makes them HTTPS-only.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # probed over plain HTTP by address
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

WAGTAIL_SITE_NAME = "ACTION/Portugal"
# Private pages and document collections ask for a sign-in or a password in the site's own
# pages (action_portugal.security.sign_in, action_portugal.views); "/" goes on to the visitor's
# language where Django would send them to /accounts/profile/ (no such page here).
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "action_portugal/sign_in.html"
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "action_portugal/password_required.html"
WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE = "action_portugal/document_password_required.html"
LOGIN_REDIRECT_URL = "/"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
# Every uploaded image is decoded in full before it is kept (action_portugal.files.uploads).
WAGTAILIMAGES_IMAGE_FORM_BASE = "action_portugal.files.uploads.SiteImageForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("IMAGE_MAX_UPLOAD_MB", 10) * 1024 * 1024
# Width x height x frames. 40 million takes a 36-megapixel camera photo; decoded, that is
# about 160 MB of memory per rendition job, and it stays under Pillow's own warning (~89M).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)
# Documents are checked by their content (action_portugal.files.documents) and served only by
# its view, which checks collection privacy: never from MEDIA_URL or a public bucket URL.
WAGTAILDOCS_EXTENSIONS = [
    *["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx"],
    *["odt", "ods", "odp", "csv", "txt"],
]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "action_portugal.files.documents.SiteDocumentForm"
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("DOCUMENT_MAX_UPLOAD_MB", 50) * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Reading a document's file (action_portugal.files.processing): at most this long and this
# much memory, in a process of its own; past either, the editor is told why it stopped.
DOCUMENT_READ_SECONDS = env_int("DOCUMENT_READ_SECONDS", 120)
DOCUMENT_READ_MEMORY_MB = env_int("DOCUMENT_READ_MEMORY_MB", 1024)

# Background work, by Django's tasks framework. "default" is Wagtail's own (it queues
# through the django-tasks backport, which reads this setting too): run at once, as Wagtail
# does without the setting. "documents" reads uploaded documents (files.processing), on its
# "share-images" queue draws pages' share images (seo.share_cards) and on its "contact" queue
# sends the contact page's messages (contact.tasks): at once here, in the database worker
# (scripts/worker) in production (production.py), or wherever DOCUMENT_TASKS_BACKEND says;
# never in the visitor's request.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "documents": {
        "BACKEND": env_str(
            "DOCUMENT_TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["documents", "share-images", "contact"],
    },
}

# Pages' own share images (action_portugal.seo.share_cards), drawn by the "documents"
# backend's worker; without them every page names static/img/share.png. Their typeface:
# Debian's fonts-dejavu-core, which the Dockerfile installs.
SHARE_IMAGES_ENABLED = env_bool("SHARE_IMAGES_ENABLED", True)
SHARE_IMAGE_FONT = env_str(
    "SHARE_IMAGE_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
)

# With a bucket: how long the signed address a document is redirected to stays valid.
DOCUMENT_URL_SECONDS = env_int("DOCUMENT_URL_SECONDS", 60)
# The admin in each of the site's languages, each named in itself.
WAGTAILADMIN_PERMITTED_LANGUAGES = [
    (code, get_language_info(code)["name_local"]) for code in LANGUAGE_CODES
]
# Slug changes and moves make redirects in both languages (action_portugal.editing.redirects);
# Wagtail's own would cover the default language's slug only.
WAGTAILREDIRECTS_AUTO_CREATE = False

# E-mail (workflow notifications, password resets) through Django 6.1's MAILERS, not the
# deprecated EMAIL_* settings (RemovedInDjango2028Warning): SMTP when SMTP_HOST is set, the
# console otherwise.
_smtp_host = env_str("SMTP_HOST", "")
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _smtp_host,
                "port": env_int("SMTP_PORT", 587),
                "username": env_str("SMTP_USER", ""),
                "password": env_str("SMTP_PASSWORD", ""),
                "use_tls": env_bool("SMTP_TLS", True),
            },
        }
        if _smtp_host
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Pictures under MEDIA_URL served by the app itself (action_portugal.files.media), for `make run`
# and single-container deploys. Set to false when a web server or object storage serves
# them (docs/deployment.md says what it may serve).
SERVE_MEDIA = env_bool("SERVE_MEDIA", not AWS_STORAGE_BUCKET_NAME)
WAGTAILIMAGES_IMAGE_MODEL = "action_portugal.SiteImage"

# Nothing is fetched from the internet at run time: no upgrade check, no Gravatar.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
