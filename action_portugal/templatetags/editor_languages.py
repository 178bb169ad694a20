"""The editors' languages (action_portugal.editing.editor_languages) in Wagtail's editor
template (``templates/wagtailadmin/generic/form.html``): the styles that hide the languages
a person chose not to see, in the page's head, and the picker, at its end."""

from django import template

from action_portugal.base.i18n import LANGUAGE_CODES
from action_portugal.editing import editor_languages

register = template.Library()


def _chosen(context):
    """The person's choice, if the editor's form has translated fields (``None`` if not),
    read once per request."""
    request = context.get("request")
    if request is None or not editor_languages.is_translated(context.get("form")):
        return None
    if not hasattr(request, "_editor_languages"):
        request._editor_languages = editor_languages.chosen(request.user)
    return request._editor_languages


@register.inclusion_tag("action_portugal/admin/editor_languages_styles.html", takes_context=True)
def editor_languages_styles(context):
    chosen = _chosen(context)
    if chosen is None:
        return {"hides": []}
    shown = editor_languages.shown(chosen)
    return {"hides": [(code, code not in shown) for code in LANGUAGE_CODES]}


@register.inclusion_tag("action_portugal/admin/editor_languages_picker.html", takes_context=True)
def editor_languages_picker(context):
    chosen = _chosen(context)
    return {
        "chosen": chosen,
        "choices": editor_languages.choices() if chosen is not None else [],
        "all": editor_languages.ALL,
        "csrf_token": context.get("csrf_token"),
    }
