"""Corrections to text the site once wrote itself (the content loader's), brought to sites
that already have it the way an editor's change comes: a revision, published, so that the
caches, the search entries, the translation status and the page's history all hear it.

A field is corrected only where it still holds exactly the old text, on the live page and on
a newer draft alike: text staff have changed is theirs and stays as they left it. The live
page is published again only when its own text changed, and a newer draft stays the version
the editor opens, corrected where it held the old text. Both are saved by the system (no
user), with a line in the page's history saying what was corrected; what was out of date
for translators stays as it was. A page in moderation, scheduled to go live or locked is
left for a later run: publishing would end its moderation or its schedule, and a lock means
someone is at work on it. Running the same corrections again changes nothing.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log
from wagtail.models import Page

from action_portugal.base.i18n import localized_name
from action_portugal.editing import translation_status

ACTION = "action_portugal.correct"
PUBLISHED, DRAFT, WAITING, NOTHING = "published", "draft", "waiting", "nothing"


@dataclass(frozen=True)
class Correction:
    """``field`` in ``language`` is to read ``new`` where it reads exactly ``old``;
    ``changes``, ``(was, now)`` pairs, say which words change, for the page's history."""

    field: str
    language: str
    old: str
    new: str
    changes: tuple = ()

    @property
    def column(self):
        return localized_name(self.field, self.language)


def correct(page, corrections):
    """Bring ``corrections`` to ``page``, read again and locked for the time it takes:
    ``PUBLISHED`` when its live text changed, ``DRAFT`` when only a newer draft (or a page
    not live) did, ``WAITING`` when it is in moderation, scheduled or locked, else
    ``NOTHING``."""
    with transaction.atomic():
        page = Page.objects.select_for_update().get(pk=page.pk).specific
        if page.alias_of_id:  # an alias shows its original's text, corrected there
            return NOTHING
        live = page if page.live else None
        # What the editor opens when it is not what is live.
        draft = _newer_draft(page) or (None if live else page)
        if not _due(live, corrections) and not _due(draft, corrections):
            return NOTHING
        if page.locked or page.workflow_in_progress or page.scheduled_revision is not None:
            return WAITING
        with translation_status.unchanged(page):
            if not _due(live, corrections):
                _save(draft, corrections)
                return DRAFT
            _save(live, corrections).publish(user=None, log_action=True)
            if draft is not None:
                _save(draft, corrections)  # saved again: it stays the latest version
            return PUBLISHED


def _newer_draft(page):
    """The latest version when it is newer than what is live, else ``None``."""
    if page.has_unpublished_changes and page.latest_revision_id != page.live_revision_id:
        revision = page.get_latest_revision()
        if revision is not None:
            return revision.as_object()
    return None


def _due(version, corrections):
    return version is not None and any(getattr(version, c.column) == c.old for c in corrections)


def _save(version, corrections):
    """A revision of ``version`` with ``corrections`` where it holds their old text, by
    the system, with what changed in the page's history."""
    made = [c for c in corrections if getattr(version, c.column) == c.old]
    for correction in made:
        setattr(version, correction.column, correction.new)
    revision = version.save_revision(user=None)
    log(
        instance=version,
        action=ACTION,
        user=None,
        revision=revision,
        content_changed=bool(made),
        data={
            "corrections": [
                {"field": c.field, "language": c.language, "changes": list(c.changes)} for c in made
            ]
        },
    )
    return revision


class CorrectionFormatter(LogFormatter):
    """The page history's line: what the site corrected, in the reader's language."""

    label = _("Correct the text")

    def format_message(self, log_entry):
        model = log_entry.content_type.model_class()
        fields = defaultdict(list)  # the same words corrected in several fields: said once
        for item in log_entry.data.get("corrections", []):
            for was, now in item["changes"]:
                name = _verbose_name(model, item["field"])
                fields[(was, now)].append(f"{name} [{item['language']}]")
        if not fields:
            return _("Saved again, unchanged, after the site corrected the live page")
        changes = [
            _("“%(was)s” became “%(now)s” in %(fields)s")
            % {"was": was, "now": now, "fields": ", ".join(names)}
            for (was, now), names in fields.items()
        ]
        return _("Corrected by the site: %(changes)s") % {"changes": "; ".join(changes)}


def _verbose_name(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name)
    except (AttributeError, FieldDoesNotExist):  # a model or a field gone since
        return name


def register_log_action(actions):
    """For Wagtail's ``register_log_actions`` hook."""
    actions.register_action(ACTION)(CorrectionFormatter)
