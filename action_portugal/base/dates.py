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
        help_text=_("When only the month or year is known, use its first day and say so below."),
    )
    precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    return date, precision
