"""The programme's countries, defined once and used by testimonials, team members and stories.

Names go through gettext, so they are translated with the rest of the interface in
``locale/pt``. Values are short lowercase codes that also serve as filter values in URLs.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from action_portugal.base.fields import CodeListField, validate_codes


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
    validate_codes(
        value,
        Country.values,
        _("Choose the countries from the list."),
        _("Unknown country: %(codes)s."),
    )


class CountryListField(CodeListField):
    """Several countries, stored as a list of codes in a JSON column (works on SQLite and
    PostgreSQL alike), edited as checkboxes in the admin."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("countries"))
        super().__init__(*args, **kwargs)

    def code_choices(self):
        return Country.choices

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        validate_country_list(value)


def country_names(codes):
    """The display names of a list of country codes, in the active language."""
    labels = dict(Country.choices)
    return [labels[code] for code in codes if code in labels]
