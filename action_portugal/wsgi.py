import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "action_portugal.settings.production")

from action_portugal.page_cache import CachedPagesWSGI  # noqa: E402 - after settings

application = CachedPagesWSGI(get_wsgi_application())
