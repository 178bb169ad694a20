"""Dates known to the day, the month or only the year (a story, a publication): kept as the
first day of what is known, with how much of it is known, and never shown finer."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


def date_fields():
    """``(date, date_precision)``: the two fields of such a date."""
    date = models.DateField(
        _("date"),
        db_index=True,
        help_text=_(
            "When only the month or year is known, use its first day and choose “Month” or "
            "“Year” as the date precision."
        ),
    )
    precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    return date, precision


def iso_date(value, precision):
    """An ISO 8601 date no finer than it is known (``2015``, ``2024-03``, ``2024-03-11``):
    for ``<time datetime>``, structured data and calendars alike."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()
