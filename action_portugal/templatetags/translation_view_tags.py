"""Links to the translation view from Wagtail's own screens."""

from django import template

from action_portugal.base.site_settings import SiteSettings
from action_portugal.editing import translation_view

register = template.Library()


@register.simple_tag
def settings_translation_url(setting):
    """The translation view of the site settings being edited; none for other settings."""
    if isinstance(setting, SiteSettings) and setting.site_id:
        return translation_view.settings_url(setting.site_id)
    return ""


@register.simple_tag
def translation_status_url(item, state):
    """The translation view of a row of the translation status, in the direction of one of
    its states ("missing-en": from the other language into English)."""
    return translation_view.status_url(item, state)
