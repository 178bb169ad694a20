"""System checks of this site's own settings (``manage.py check --deploy``), registered by
``connect()`` from the app's ``ready()``."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


def site_address_check(app_configs, **kwargs):
    """Every absolute address the site emits is built on ``WAGTAILADMIN_BASE_URL`` (never
    on the request's host): in production it must be the public HTTPS address."""
    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL or "")
    if parts.scheme == "https" and parts.hostname not in (None, "localhost", "127.0.0.1"):
        return []
    return [
        Warning(
            f"WAGTAILADMIN_BASE_URL is {settings.WAGTAILADMIN_BASE_URL!r}: canonical links, "
            "the sitemap, feeds and e-mails would point there.",
            hint="Set it to the site's public address, e.g. https://www.example.org.",
            id="action_portugal.W001",
        )
    ]


def connect():
    register(site_address_check, Tags.security, deploy=True)
