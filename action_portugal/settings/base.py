"""Settings shared by every environment. Deploy-time values come from the environment;
README.md lists each variable with its default."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "development-only-key-not-for-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # wagtail_modeltranslation must come before every app that defines a Page
    # subclass (STACK.md pitfall 1).
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "action_portugal",
    "pillars",
    "testimonials",
    "team",
    "timeline",
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
    # Needed for the system check postgres.E005 on PostgreSQL (STACK.md pitfall 4).
    "django.contrib.postgres",
]

MIDDLEWARE = [
    # First: a cached page is answered before anything else runs (it was stored with the
    # headers the middleware below gave it).
    "action_portugal.page_cache.PageCacheMiddleware",
    "action_portugal.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above everything that may query the database: while it is down, the 503 page.
    "action_portugal.middleware.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "action_portugal.routing.CachedSiteMiddleware",
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
    # libpq waits as long as the network does for a host that does not answer.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 3)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when REDIS_URL is set (shared by every app server), local memory otherwise.
# Renditions get a cache of their own (Wagtail looks for one named "renditions") so that
# hundreds of pictures cannot push the pages and the site's routing data out.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
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

# Visitors' pages from the cache (action_portugal.page_cache), and what a CDN may keep.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 24 * 60 * 60)
PAGE_CACHE_MAX_AGE = env_int("PAGE_CACHE_MAX_AGE", 0)
PAGE_CACHE_S_MAXAGE = env_int("PAGE_CACHE_S_MAXAGE", 600)
PAGE_CACHE_STALE_WHILE_REVALIDATE = env_int("PAGE_CACHE_STALE_WHILE_REVALIDATE", 600)
# With Redis: pages each process keeps in its own memory, emptied by a Redis message on
# every invalidation (0: none).
PAGE_CACHE_LOCAL_ENTRIES = env_int("PAGE_CACHE_LOCAL_ENTRIES", 256)

# A CDN in front, purged on every publish in both languages (action_portugal.page_cache).
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Portuguese is the default; every public URL carries its prefix.
LANGUAGE_CODE = "pt"
LANGUAGES = [("pt", _("Portuguese")), ("en", _("English"))]
WAGTAILFRONTENDCACHE_LANGUAGES = [code for code, _name in LANGUAGES]  # purged in each
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["action_portugal.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Lisbon"

MODELTRANSLATION_DEFAULT_LANGUAGE = "pt"
# An empty field in one language shows the other language's text (marked with its lang).
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("pt", "en"), "pt": ("en",), "en": ("pt",)}
WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = True

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
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("AWS_S3_REGION_NAME", "") or None,
            "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN", "") or None,
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }

WAGTAIL_SITE_NAME = "ACTION/Portugal"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
# Every uploaded image is decoded in full before it is kept (action_portugal.uploads).
WAGTAILIMAGES_IMAGE_FORM_BASE = "action_portugal.uploads.SiteImageForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("IMAGE_MAX_UPLOAD_MB", 10) * 1024 * 1024
# Width x height x frames. 40 million takes a 36-megapixel camera photo; decoded, that is
# about 160 MB of memory per rendition job, and it stays under Pillow's own warning (~89M).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)
WAGTAILADMIN_PERMITTED_LANGUAGES = [("pt", "Português"), ("en", "English")]
# Slug changes and moves make redirects in both languages (action_portugal.redirects);
# Wagtail's own would cover the admin's language only (STACK.md pitfall 7).
WAGTAILREDIRECTS_AUTO_CREATE = False

# E-mail (workflow notifications, password resets) through Django 6.1's MAILERS, not the
# deprecated EMAIL_* settings (STACK.md pitfall 12): SMTP when SMTP_HOST is set, the
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

# Uploaded media served by the app itself, for `make run` and single-container deploys.
# Set to false when a web server or object storage serves MEDIA_URL.
SERVE_MEDIA = env_bool("SERVE_MEDIA", not AWS_STORAGE_BUCKET_NAME)
WAGTAILIMAGES_IMAGE_MODEL = "action_portugal.SiteImage"

# Nothing is fetched from the internet at run time: no upgrade check, no Gravatar.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
