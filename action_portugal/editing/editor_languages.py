"""The languages a person sees in the editors, remembered for them.

Every translated field has a column per language, and wagtail-modeltranslation puts them
all in the editor, one under the other ("Título [pt]", "Título [en]"...). A person chooses
to see one language's fields or every language's; the choice is theirs wherever they sign
in (``EditorLanguages``, one row per person), and the editor is drawn with it from its
first paint: each language's fields are hidden by a style of their own in the page's head,
switched on or off by the choice (``templatetags/editor_languages``), and the fields say
which language they are in (``base.patches.mark_field_languages``).

wagtail-modeltranslation's own picker (``WAGTAILMODELTRANSLATION_LOCALE_PICKER``) is off:
it starts from a setting at every load, and it sorts the editor's panels by the first
" [xx]" in their text, so a group holding both languages' fields (the promote tab's) is
hidden with its first language.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from action_portugal.base.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGE_CHOICES,
    LANGUAGE_CODES,
    localized_name,
)
from action_portugal.base.i18n import translated_fields as translated_fields_of
from action_portugal.editing.models import EditorLanguages

ALL = EditorLanguages.ALL
DEFAULT = DEFAULT_LANGUAGE


def choices():
    """``[(value, label)]``: each language alone, then all of them."""
    if len(LANGUAGE_CODES) == 2:
        every = pgettext_lazy("the fields of both languages", "Both")
    else:
        every = pgettext_lazy("the fields of every language", "All")
    return [*LANGUAGE_CHOICES, (ALL, every)]


def chosen(user):
    """What ``user`` chose to see (a language code or ``ALL``); the default language for
    someone who never chose, or whose choice names a language the site no longer has."""
    value = (
        EditorLanguages.objects.filter(user=user.pk).values_list("shown", flat=True).first()
        if user.is_authenticated
        else None
    )
    return value if value in (*LANGUAGE_CODES, ALL) else DEFAULT


def shown(value):
    """The languages whose fields show for a choice."""
    return list(LANGUAGE_CODES) if value == ALL else [value]


def remember(user, value):
    """Keep ``user``'s choice; refuse anything that is not one of ``choices()``."""
    if value not in (*LANGUAGE_CODES, ALL):
        raise ValidationError(
            _("Choose one of the site's languages, or all of them."), code="invalid"
        )
    EditorLanguages.objects.update_or_create(user=user, defaults={"shown": value})


def is_translated(form):
    """Whether an editor's form (or one of its inline forms) has translated fields."""
    if form is None or not hasattr(form, "_meta"):
        return False
    formsets = getattr(form, "formsets", {}).values()
    models = [form._meta.model, *(formset.model for formset in formsets)]
    return any(translated_fields_of(model) for model in models)


def field_id(name, language):
    """The id of a translated field's input in the editor, for a field of the translation
    status (``summary``, or ``counters.1.label`` for an inline child's, counted from 1):
    ``id_summary_en``, ``id_counters-0-label_en``, as Django names them."""
    if "." in name:
        relation, position, child = name.split(".")
        return f"id_{relation}-{int(position) - 1}-{localized_name(child, language)}"
    return f"id_{localized_name(name, language)}"
