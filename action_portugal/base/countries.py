"""The programme's countries, defined once and used by testimonials, team members and stories.

Names go through gettext, so they are translated with the rest of the interface in
``locale/pt``. Values are short lowercase codes that also serve as filter values in URLs.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    ANGOLA = "ao", _("Angola")
    CABO_VERDE = "cv", _("Cabo Verde")
    GUINEA_BISSAU = "gw", _("Guinea-Bissau")
    MOZAMBIQUE = "mz", _("Mozambique")
    SAO_TOME_AND_PRINCIPE = "st", _("São Tomé and Príncipe")
    TIMOR_LESTE = "tl", _("Timor-Leste")
    PORTUGAL = "pt", _("Portugal")
    REGIONAL = "regional", _("Regional (all countries)")


class CountryField(models.CharField):
    """One country, optional unless ``blank=False`` is passed."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 8)
        kwargs.setdefault("choices", Country.choices)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("verbose_name", _("country"))
        super().__init__(*args, **kwargs)


def validate_country_list(value):
    if not isinstance(value, list):
        raise ValidationError(_("Choose the countries from the list."))
    unknown = [code for code in value if code not in Country.values]
    if unknown:
        raise ValidationError(
            _("Unknown country: %(codes)s."), params={"codes": ", ".join(map(str, unknown))}
        )


class CountryListField(models.JSONField):
    """Several countries, stored as a list of codes in a JSON column (works on SQLite and
    PostgreSQL alike), edited as checkboxes in the admin."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("verbose_name", _("countries"))
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("default", None)
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        validate_country_list(value)

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=Country.choices,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
        )


def country_names(codes):
    """The display names of a list of country codes, in the active language."""
    labels = dict(Country.choices)
    return [labels[code] for code in codes if code in labels]
