"""The programme's countries, defined once and used by testimonials, team members and stories.

Names go through gettext, so they are translated with the rest of the interface in
``locale/pt``. Values are short lowercase codes that also serve as filter values in URLs.
"""

from django.db import models
from django.db.models import Q
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


def iso_country(code):
    """The ISO 3166 code of a country (``CV``), for structured data; ``None`` for
    "Regional"."""
    return code.upper() if code in Country.values and code != Country.REGIONAL else None


def country_names(codes):
    """The display names of a list of country codes, in the active language."""
    labels = dict(Country.choices)
    return [labels[code] for code in codes if code in labels]


# Functions of a list of country codes giving the pages that show what is tagged with those
# countries (a country's page): registered by the app that makes such pages, so that what is
# tagged with a country renews them (``caching.invalidation``) without naming them here.
_showing_countries = []


def pages_show_countries(finder):
    if finder not in _showing_countries:
        _showing_countries.append(finder)


# Functions giving a query set of the pages that are each a country's own page (its code in
# their ``country`` field): registered by the app that makes such pages, so that a country's
# name links to its page wherever it is shown (``caching.chrome.own_country_pages``) without
# naming that app. Every page may link to them: such pages declare ``in_chrome``.
_own_pages = []


def countries_have_pages(pages):
    if pages not in _own_pages:
        _own_pages.append(pages)


def own_pages():
    """The query sets of every country's own pages, as registered."""
    return [pages() for pages in _own_pages]


def countries_of(page):
    """The country codes ``page`` is tagged with, from its country fields of any kind."""
    codes = set()
    for field in type(page)._meta.concrete_fields:
        if isinstance(field, CountryField):
            value = getattr(page, field.attname, "")
            if value:
                codes.add(value)
        elif isinstance(field, CountryListField):
            codes.update(getattr(page, field.attname, None) or [])
    return codes


def countries_of_items(items):
    """The country codes the rows of ``items`` (a query set) are tagged with in any of
    their country fields, "Regional" left out (it names no country): one query, none when
    the model has no country field."""
    fields = [
        field
        for field in items.model._meta.concrete_fields
        if isinstance(field, CountryField | CountryListField)
    ]
    codes = set()
    if not fields:
        return codes
    for row in items.order_by().values_list(*(field.attname for field in fields)):
        for field, value in zip(fields, row, strict=True):
            if isinstance(field, CountryListField):
                codes.update(value or [])
            elif value:
                codes.add(value)
    codes.discard(Country.REGIONAL)
    return codes


def pages_showing(codes):
    """The pages that show what is tagged with any of ``codes``."""
    if not codes:
        return []
    return [page for finder in _showing_countries for page in finder(sorted(codes))]


def tagged_with_country(model, code):
    """A filter for ``model``'s rows tagged with ``code`` in any of its country fields, or
    ``None`` when it has none. A list of countries is JSON: matched as text, so that SQLite
    does it as PostgreSQL."""
    condition = None
    for field in model._meta.concrete_fields:
        if isinstance(field, CountryField):
            found = Q(**{field.name: code})
        elif isinstance(field, CountryListField):
            found = Q(**{f"{field.name}__icontains": f'"{code}"'})
        else:
            continue
        condition = found if condition is None else condition | found
    return condition
