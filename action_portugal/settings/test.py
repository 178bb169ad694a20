from .base import *  # noqa: F403

SECRET_KEY = "tests-only-key"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = str(BASE_DIR / "build" / "test-media")  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"

# Query-count and rendering tests measure the render itself; the page cache has its own.
PAGE_CACHE_ENABLED = False
