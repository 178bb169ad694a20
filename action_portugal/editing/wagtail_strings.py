"""Strings of Wagtail's redirects screens (Settings → Redirects) that its pt_PT catalogue
lacks or gets wrong ("redirect" as a verb where it names the thing). Ours, in locale/pt,
takes precedence; listed here so that makemessages keeps them."""

from django.utils.translation import gettext_noop

REDIRECTS_SCREENS = [
    gettext_noop("redirect"),
    gettext_noop("redirects"),
    gettext_noop("New: %(model_name)s"),
    gettext_noop("Filter by"),
    gettext_noop("Show filters"),
    gettext_noop("Close dialog"),
    gettext_noop("Toggle breadcrumbs"),
]
