from action_portugal.settings.base import *  # noqa: F403

SECRET_KEY = "tests-only-key"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / "build" / "test-media"))  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"

# Query-count and rendering tests measure the render itself; the page cache has its own.
PAGE_CACHE_ENABLED = False
# Publishing draws no share image (the loaded content would draw two hundred); the tests of
# share images turn them on.
SHARE_IMAGES_ENABLED = env_bool("SHARE_IMAGES_ENABLED", False)  # noqa: F405

# A page type of the tests' own: one that routes sub-paths itself (tests/test_routing.py).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.routing_example"]  # noqa: F405
