"""Helpers to find the site's public pages and their addresses in each language."""

from django.utils import translation
from wagtail.models import Page, get_page_models

LANGUAGES = ("pt", "en")
OUR_APPS = {"action_portugal", "pillars", "testimonials", "team", "timeline"}


def page_models():
    """The project's own page types, in the order Wagtail registered them."""
    return [model for model in get_page_models() if model._meta.app_label in OUR_APPS]


def public_pages():
    return list(Page.objects.live().filter(depth__gt=1).specific().order_by("path"))


def url_in(page, language):
    with translation.override(language):
        return page.get_url()
