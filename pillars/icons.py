"""The pillar icons: one self-hosted SVG sprite, static/icons/pillars.svg, with a symbol
per choice (one request for all ten cards)."""

from django.db import models
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _


class PillarIcon(models.TextChoices):
    PRIORITY = "priority", _("Flag (priority)")
    COVERAGE = "coverage", _("Umbrella (coverage)")
    TRAINING = "training", _("Graduation cap (training)")
    KNOWLEDGE = "knowledge", _("Book (knowledge)")
    COORDINATION = "coordination", _("Linked circles (coordination)")
    HEALTH = "health", _("Medical cross (health)")
    STATISTICS = "statistics", _("Bar chart (statistics)")
    ACTUARIAL = "actuarial", _("Calculator (actuarial studies)")
    SUSTAINABILITY = "sustainability", _("Leaf (sustainability)")
    CONVENTIONS = "conventions", _("Document with seal (conventions)")


def icon_url(name: str) -> str:
    return f"{static('icons/pillars.svg')}#{name}"
