"""Several codes from a fixed list (countries, languages) in one JSON column: the same on
SQLite and PostgreSQL, edited as checkboxes."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from action_portugal.base.i18n import LANGUAGE_CHOICES, LANGUAGE_CODES


def validate_codes(value, known, not_a_list, unknown_codes):
    """``value`` is a list of ``known`` codes; else ``not_a_list``, or ``unknown_codes``
    (with ``%(codes)s``)."""
    if not isinstance(value, list):
        raise ValidationError(not_a_list)
    unknown = [code for code in value if code not in known]
    if unknown:
        raise ValidationError(unknown_codes, params={"codes": ", ".join(map(str, unknown))})


class CodeListField(models.JSONField):
    """A list of codes, each one of ``code_choices()``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def code_choices(self):
        raise NotImplementedError

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("default", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.code_choices(),
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
        )


class LanguageListField(CodeListField):
    """Some of the site's languages."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("languages"))
        super().__init__(*args, **kwargs)

    def code_choices(self):
        return LANGUAGE_CHOICES

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        validate_codes(
            value,
            LANGUAGE_CODES,
            _("Choose the languages from the list."),
            _("Unknown language: %(codes)s."),
        )
