"""Helpers to find the site's public pages and their addresses in each language."""

from django.utils import translation
from wagtail.models import Page, get_page_models

from action_portugal.sections.registry import registered

LANGUAGES = ("pt", "en")


def our_apps():
    """The project's app, every content app that registers a section, and the contact and
    legal pages."""
    return {
        "action_portugal",
        "contact",
        *(section.item._meta.app_label for section in registered()),
    }


def page_models():
    """The project's own page types, in the order Wagtail registered them."""
    return [model for model in get_page_models() if model._meta.app_label in our_apps()]


def public_pages():
    return list(Page.objects.live().filter(depth__gt=1).specific().order_by("path"))


def url_in(page, language):
    with translation.override(language):
        return page.get_url()


def publish(page, **values):
    """Change ``page``'s fields and publish it as an editor would (a revision, and the
    signals publishing sends); returns it fresh from the database."""
    page = type(page).objects.get(pk=page.pk)
    for name, value in values.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)
