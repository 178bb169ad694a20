"""Helpers to find the site's public pages and their addresses in each language."""

from django.utils import translation
from wagtail.models import Page

LANGUAGES = ("pt", "en")


def public_pages():
    return list(Page.objects.live().filter(depth__gt=1).specific().order_by("path"))


def url_in(page, language):
    with translation.override(language):
        return page.get_url()
