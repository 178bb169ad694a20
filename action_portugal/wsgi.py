import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "action_portugal.settings.production")

django_application = get_wsgi_application()  # sets Django up: the cache needs the models

from action_portugal.caching.pages import CachedPagesWSGI  # noqa: E402 - after setup

application = CachedPagesWSGI(django_application)
# What start-up made (Django, Wagtail, URL patterns, templates) lives as long as the worker:
# kept out of the garbage collector's scans, each collection walks only what requests made.
gc.freeze()
