"""Pages and settings out to a translator's tool and back, as XLIFF files (``editing.xliff``):
which go in a file, and what an imported file would change, checked against the site as it
is now before anything is written, and again when the import is confirmed. Then, in one
transaction, a revision per page from its latest one (drafts are what translators work on),
submitted for review as the editor's "Submit for moderation" does, and the settings saved.
"""

import hashlib
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Revision, WorkflowState

from action_portugal.base.i18n import LANGUAGE_CHOICES, LANGUAGE_CODES, localized_name
from action_portugal.base.site_settings import SiteSettings
from action_portugal.editing import translation_status, translation_units, xliff

PAGE, SETTINGS = "page", "settings"
REFERENCE = re.compile(r"(page|settings)/(\d+)")


def directions():
    """``[(key, label)]``: every pair of the site's languages, ``pt-en`` first, named in the
    interface's language."""
    names = dict(LANGUAGE_CHOICES)
    return [
        (f"{source}-{target}", f"{names[source]} → {names[target]}")
        for source in LANGUAGE_CODES
        for target in LANGUAGE_CODES
        if source != target
    ]


def direction(key):
    """``"pt-en"`` -> ``("pt", "en")``, or ``None``."""
    if key not in dict(directions()):
        return None
    source, target = key.split("-")
    return source, target


def digest(text):
    return hashlib.sha256((text or "").encode()).hexdigest()


@dataclass
class Item:
    """A page (its latest version, drafts included) or the settings, as translators see it."""

    kind: str
    pk: int
    obj: object
    revision: int | None = None

    @property
    def reference(self):
        return f"{self.kind}/{self.pk}"

    @property
    def title(self):
        if self.kind == SETTINGS:
            return str(_("Site settings"))
        return self.obj.title

    def title_in(self, language):
        if self.kind == SETTINGS:
            return self.title
        return getattr(self.obj, localized_name("title", language), "") or self.title

    def heading_in(self, language):
        if self.kind == SETTINGS:
            return str(_("Site settings"))
        return str(format_lazy(_("Page: {title}"), title=self.title_in(language)))

    @property
    def edit_url(self):
        if self.kind == SETTINGS:
            return reverse(
                "wagtailsettings:edit", args=["action_portugal", "sitesettings", self.obj.site_id]
            )
        return reverse("wagtailadmin_pages:edit", args=[self.pk])


def load(references):
    """``{(kind, pk): Item}`` of the pages and settings named, those that exist, each page as
    its latest revision, in a few queries whatever their number."""
    page_ids = [pk for kind, pk in references if kind == PAGE]
    settings_ids = [pk for kind, pk in references if kind == SETTINGS]
    items = {}
    pages = list(Page.objects.filter(pk__in=page_ids).specific())
    revisions = Revision.objects.in_bulk(
        [page.latest_revision_id for page in pages if page.has_unpublished_changes]
    )
    for page in pages:
        revision = revisions.get(page.latest_revision_id)
        # As Page.get_latest_revision_as_object: the live copy when nothing is unpublished.
        draft = page.with_content_json(revision.content) if revision else page
        items[(PAGE, page.pk)] = Item(PAGE, page.pk, draft, page.latest_revision_id)
    for settings in SiteSettings.objects.filter(pk__in=settings_ids):
        items[(SETTINGS, settings.pk)] = Item(SETTINGS, settings.pk, settings)
    return items


def may_edit(item, user):
    if item.kind == SETTINGS:
        return user.has_perm("action_portugal.change_sitesettings")
    return item.obj.permissions_for_user(user).can_edit()


def _unfit(item, user):
    """Why ``item`` can never take translations from ``user``, or ``None``."""
    if not translation_status.is_tracked(item.obj):
        return _("It has no texts to translate.")
    if item.kind == PAGE and item.obj.alias_of_id:
        return _("This page is an alias of another: translate the other page.")
    if not may_edit(item, user):
        if item.kind == SETTINGS:
            return _("You may not change the site settings.")
        return _("You may not edit this page.")
    return None


def refusal(item, user):
    """Why ``user`` may not write translations into ``item`` now, or ``None``."""
    unfit = _unfit(item, user)
    if unfit:
        return unfit
    if item.kind == PAGE:
        lock = item.obj.get_lock()
        if lock is not None and lock.for_user(user):
            return _(
                "This page is locked (by someone editing it, or while it is reviewed): it "
                "can take translations again once it is unlocked."
            )
    return None


# Export ---------------------------------------------------------------------------------------


def everything_to_do(target):
    """``[(kind, pk)]`` of what has a translation missing or out of date in ``target``."""
    states = {f"{translation_status.MISSING}-{target}", f"{translation_status.OUTDATED}-{target}"}
    return [
        (SETTINGS if item.kind == translation_status.SETTINGS else PAGE, item.object_id)
        for item in translation_status.status()
        if states & set(item.states())
    ]


def export(references, source, target, user, only_to_do=False):
    """The XLIFF file of the pages and settings named that ``user`` may edit (every text of
    each, or only those to translate), or ``None`` when there is nothing to put in it."""
    items = load(references)
    documents = []
    for reference in references:
        item = items.get(reference)
        if item is None or _unfit(item, user):  # a locked page may go out, to come back later
            continue
        units = translation_units.units(item.obj, source, target)
        if only_to_do:
            units = [unit for unit in units if unit.to_do]
        if not units:
            continue
        documents.append(
            xliff.Document(
                original=item.reference,
                title=item.title_in(source),
                heading=item.heading_in(source),
                units=units,
                datatype="html" if item.kind == PAGE else "plaintext",
                revision=item.revision,
            )
        )
    if not documents:
        return None
    return xliff.write(documents, source, target)


# Import ---------------------------------------------------------------------------------------


@dataclass
class Problem:
    """Why a file, or part of it, cannot be imported, and where."""

    where: str
    message: str


@dataclass
class Change:
    key: str
    label: str
    kind: str
    old: str
    new: str


@dataclass
class Entry:
    """What an import does to one page or the settings."""

    item: Item
    changes: list = field(default_factory=list)
    unchanged: int = 0
    edited_since_export: bool = False


def _where(item_or_part, unit=None, segment=None):
    if isinstance(item_or_part, Item):
        place = f"{item_or_part.title} ({item_or_part.reference})"
    else:
        place = str(
            format_lazy(
                _("{original}, line {line}"), original=item_or_part.original, line=item_or_part.line
            )
        )
    if unit is not None:
        place = f"{place} · {unit.label}"
    if segment is not None:
        place = str(
            format_lazy(
                _("{place} · text {id}, line {line}"),
                place=place,
                id=segment.id,
                line=segment.line,
            )
        )
    return place


def read(data, user):
    """``(plan, problems)`` for an uploaded file: the plan says, per page or settings, the
    texts to write (``{unit key: text}``) and the sources they translate; ``problems`` says
    everything in the file that does not fit the site now. Raises ``xliff.Refused`` for a
    file that cannot be read at all."""
    (source, target), parts = xliff.read(data)
    references = []
    problems = []
    for part in parts:
        match = REFERENCE.fullmatch(part.original)
        if match is None:
            problems.append(
                Problem(_where(part), _("This is not a page or the settings of this site."))
            )
            continue
        references.append((match[1], int(match[2])))
    items = load(references)
    plan = {"direction": [source, target], "objects": []}
    for part in parts:
        match = REFERENCE.fullmatch(part.original)
        if match is None:
            continue
        item = items.get((match[1], int(match[2])))
        if item is None:
            problems.append(Problem(_where(part), _("It no longer exists on the site.")))
            continue
        why = refusal(item, user)
        if why:
            problems.append(Problem(_where(item), why))
            continue
        values, sources, found = _values(item, part, source, target)
        problems += found
        plan["objects"].append(
            {
                "kind": item.kind,
                "id": item.pk,
                "revision": part.revision,
                "values": values,
                "sources": sources,
            }
        )
    return plan, problems


def _values(item, part, source, target):
    """``({unit key: text}, {unit key: digest of the source}, [Problem])`` of one part."""
    current = {unit.key: unit for unit in translation_units.units(item.obj, source, target)}
    problems = []
    by_unit = {}
    seen = set()
    for segment in part.segments:
        key = segment.id.split(xliff.BLOCK_SEPARATOR)[0]
        if segment.id in seen:
            problems.append(Problem(_where(item, segment=segment), _("The file has it twice.")))
            continue
        seen.add(segment.id)
        if key not in current:
            problems.append(
                Problem(
                    _where(item, segment=segment),
                    _("This text is not on the page as it is now: export the page again."),
                )
            )
            continue
        by_unit.setdefault(key, []).append(segment)
    values, sources = {}, {}
    for key, found in by_unit.items():
        unit = current[key]
        expected = xliff.current_segments(unit)
        in_file = {segment.id: segment for segment in found}
        unknown = [segment for segment in found if segment.id not in expected]
        missing = [segment_id for segment_id in expected if segment_id not in in_file]
        for segment in unknown:
            problems.append(
                Problem(
                    _where(item, unit, segment),
                    _("This part is not in the text as it is now: export the page again."),
                )
            )
        if missing:
            problems.append(
                Problem(
                    _where(item, unit),
                    format_lazy(
                        _("Parts missing from the file: {parts}. Every part of a text must stay."),
                        parts=", ".join(missing),
                    ),
                )
            )
        if unknown or missing:
            continue
        changed = [
            segment for segment in found if xliff.canonical(segment.source) != expected[segment.id]
        ]
        for segment in changed:
            problems.append(
                Problem(
                    _where(item, unit, segment),
                    _(
                        "The source text has changed since the file was exported: export it "
                        "again, and translate what changed."
                    ),
                )
            )
        if changed:
            continue
        filled = {s.id: s.target for s in found if not xliff.is_empty(s.target)}
        if not filled:
            continue  # not translated: left as it is
        if len(filled) < len(expected):
            empty = [segment_id for segment_id in expected if segment_id not in filled]
            problems.append(
                Problem(
                    _where(item, unit),
                    format_lazy(
                        _(
                            "Only part of this text is translated; these parts are empty: "
                            "{parts}. Translate every part, or none."
                        ),
                        parts=", ".join(empty),
                    ),
                )
            )
            continue
        try:
            text = xliff.text_of_segments(unit, filled)
        except xliff.Misfit as misfit:
            problems.append(Problem(_where(item, unit), str(misfit)))
            continue
        problem = _too_long(unit, text)
        if problem:
            problems.append(Problem(_where(item, unit), problem))
            continue
        values[key] = text
        sources[key] = digest(unit.source)
    return values, sources, problems


def _too_long(unit, text):
    if unit.max_length and len(text) > unit.max_length:
        return format_lazy(
            _("“{label}” has {length} characters; at most {limit} fit."),
            label=unit.label,
            length=len(text),
            limit=unit.max_length,
        )
    return None


def review(plan, user):
    """``(entries, problems, targets)``: what the plan would change on the site now (each
    text's translation now and from the file), what no longer fits, and a digest of each
    translation now (for telling, at confirmation, whether anything moved meanwhile)."""
    source, target = plan["direction"]
    items = load([(entry["kind"], entry["id"]) for entry in plan["objects"]])
    entries, problems, targets = [], [], {}
    for planned in plan["objects"]:
        item = items.get((planned["kind"], planned["id"]))
        if item is None:
            problems.append(
                Problem(f"{planned['kind']}/{planned['id']}", _("It no longer exists on the site."))
            )
            continue
        why = refusal(item, user)
        if why:
            problems.append(Problem(_where(item), why))
            continue
        current = {u.key: u for u in translation_units.units(item.obj, source, target)}
        entry = Entry(item, edited_since_export=_edited_since(item, planned["revision"]))
        for key, text in planned["values"].items():
            unit = current.get(key)
            if unit is None or digest(unit.source) != planned["sources"][key]:
                problems.append(
                    Problem(
                        _where(item, unit),
                        _(
                            "The source text has changed since the file was exported: export "
                            "it again, and translate what changed."
                        ),
                    )
                )
                continue
            targets[f"{item.reference}#{key}"] = digest(unit.target)
            if text == unit.target:
                entry.unchanged += 1
            else:
                entry.changes.append(Change(key, unit.label, unit.kind, unit.target, text))
        entries.append(entry)
    return entries, problems, targets


def _edited_since(item, exported):
    return item.kind == PAGE and exported not in (None, str(item.revision))


class NotWritten(Exception):  # noqa: N818 - a message for the translator
    """Something refused the texts while writing them: nothing was written."""

    def __init__(self, problem):
        super().__init__(problem.message)
        self.problem = problem


def write(plan, user):
    """Every change of the plan, in one transaction: a revision per page, submitted for
    review, and the settings saved. Returns ``(pages, settings)`` written. Raises
    ``NotWritten`` (after rolling everything back) if a page refuses its new texts."""
    source, target = plan["direction"]
    pages = settings = 0
    with transaction.atomic():
        items = load([(entry["kind"], entry["id"]) for entry in plan["objects"]])
        for planned in plan["objects"]:
            item = items[(planned["kind"], planned["id"])]
            current = {u.key: u.target for u in translation_units.units(item.obj, source, target)}
            values = {k: v for k, v in planned["values"].items() if v != current.get(k)}
            if not values:
                continue
            try:
                translation_units.apply(item.obj, source, target, values)
                if item.kind == SETTINGS:
                    item.obj.full_clean()
                    item.obj.save()
                    settings += 1
                    continue
                _submit(item.obj, user)
                pages += 1
            except ValidationError as error:
                raise NotWritten(Problem(_where(item), " ".join(error.messages))) from error
    return pages, settings


def _submit(page, user):
    """A revision with the new texts, submitted for review (wagtail/admin/views/pages/edit.py's
    submit action: a draft page's own row is saved too; a workflow that asked for changes is
    resumed, else one is started; a page already in review keeps its review)."""
    if not page.live:
        page.save()
    page.save_revision(user=user, log_action=True)
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
    elif state is None:
        workflow = page.get_workflow()
        if workflow is not None and workflow.active:
            workflow.start(page, user)
