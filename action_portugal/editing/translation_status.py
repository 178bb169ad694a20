"""What is still to translate, for translators.

For every page and the site settings, each translated field has a record per language
(``FieldChange``): whether it is empty, when its text last changed, and whether it is
behind the other language. The records move with every revision a page gets (drafts
included: that is what translators work on) and with every save of the settings. A field is

- **missing** in a language when it is empty there and has text in the other;
- **out of date** in a language when the other language's text changed and this one has
  not been touched since. Changing the out-of-date side brings both back in line (that is
  the translation), as does changing both at once, or a translator confirming that the
  text needs no change. A translation catching up, or written where there was none,
  never makes the source "out of date"; nor does emptying a field.
"""

import hashlib
import json
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from wagtail.blocks import StreamValue
from wagtail.models import Page

from action_portugal.base.i18n import (
    LANGUAGE_CHOICES,
    LANGUAGE_CODES,
    in_every_language,
    localized_name,
)
from action_portugal.base.pages import DerivedTitleMixin, SitePageMixin
from action_portugal.base.site_settings import SiteSettings
from action_portugal.editing.models import FieldChange
from action_portugal.sections.registry import registered

MISSING, OUTDATED = "missing", "outdated"
STATES = {
    **{
        f"{MISSING}-{code}": format_lazy(_("{language} missing"), language=name)
        for code, name in LANGUAGE_CHOICES
    },
    **{
        f"{OUTDATED}-{code}": format_lazy(_("{language} out of date"), language=name)
        for code, name in LANGUAGE_CHOICES
    },
}
PAGE_FIELDS = ("title", "seo_title", "search_description")


# What is tracked ----------------------------------------------------------------------


def tracked_fields(model):
    """The translated fields of a model that need a translator, in form order."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    neutral = set(model.language_neutral_fields)
    declared = [f.name for f in model._meta.get_fields()]
    names = sorted(options.fields, key=lambda name: declared.index(name))
    if issubclass(model, Page):
        own = [name for name in names if name not in (*PAGE_FIELDS, "slug", "url_path")]
        base = [] if issubclass(model, DerivedTitleMixin) else list(PAGE_FIELDS)
        names = base + own
    return [name for name in names if name not in neutral]


def is_tracked(obj):
    """Pages of the site and the settings: whatever declares what a translator fills."""
    return isinstance(obj, SitePageMixin | SiteSettings) and bool(tracked_fields(type(obj)))


def text_of(value):
    if value is None:
        return ""
    if isinstance(value, StreamValue):
        return json.dumps(value.get_prep_value(), sort_keys=True) if len(value) else ""
    return str(value).strip()


def field_texts(obj):
    """``{(field, language): text}`` for everything a translator fills on ``obj``."""
    texts = {}
    for name in tracked_fields(type(obj)):
        for language in LANGUAGE_CODES:
            texts[(name, language)] = text_of(getattr(obj, localized_name(name, language), ""))
    for relation, names in obj.translated_children.items():
        for position, child in enumerate(getattr(obj, relation).all(), start=1):
            for name in names:
                for language in LANGUAGE_CODES:
                    value = getattr(child, localized_name(name, language), "")
                    texts[(f"{relation}.{position}.{name}", language)] = text_of(value)
    return texts


# The clocks ---------------------------------------------------------------------------


def record(obj, when=None):
    """Bring the records of ``obj`` in line with its text (a new revision, a save)."""
    when = when or timezone.now()
    content_type = ContentType.objects.get_for_model(obj)
    existing = {
        (row.field, row.language): row
        for row in FieldChange.objects.filter(content_type=content_type, object_id=obj.pk)
    }
    texts = field_texts(obj)
    new, changed = [], {}
    for name in {name for name, _language in texts}:
        moved = []
        for language in LANGUAGE_CODES:
            text = texts[(name, language)]
            digest = hashlib.sha1(text.encode()).hexdigest()  # noqa: S324 - a change detector
            row = existing.get((name, language))
            if row is None:
                new.append(
                    FieldChange(
                        content_type=content_type,
                        object_id=obj.pk,
                        field=name,
                        language=language,
                        empty=not text,
                        value_hash=digest,
                        changed_at=when,
                        in_line_at=when,
                    )
                )
            elif row.value_hash != digest:
                filled_in = row.empty
                row.value_hash, row.empty, row.changed_at = digest, not text, when
                row.in_line_at = when
                changed[row.pk] = row
                moved.append((language, filled_in))
        if len(moved) == 1:
            ((language, filled_in),) = moved
            mine = existing[(name, language)]
            other = next(code for code in LANGUAGE_CODES if code != language)
            theirs = existing.get((name, other))
            if mine.behind or filled_in:
                mine.behind = False  # the translation caught up, or was written at last
            elif not mine.empty and theirs is not None and not theirs.empty and not theirs.behind:
                theirs.behind = True
                changed[theirs.pk] = theirs
        elif len(moved) > 1:
            for language, _filled_in in moved:
                existing[(name, language)].behind = False
    gone = [row.pk for key, row in existing.items() if key not in texts]
    FieldChange.objects.bulk_create(new)
    FieldChange.objects.bulk_update(
        changed.values(), ["value_hash", "empty", "changed_at", "in_line_at", "behind"]
    )
    FieldChange.objects.filter(pk__in=gone).delete()


def confirm(obj, language, field_name=None):
    """A translator checked the text in ``language`` (of one field, or all) and it needs no
    change: it is no longer out of date, and what changes in the other language from now
    on is what the translator will be shown."""
    content_type = ContentType.objects.get_for_model(obj)
    rows = FieldChange.objects.filter(
        content_type=content_type, object_id=obj.pk, language=language, behind=True
    )
    if field_name is not None:
        rows = rows.filter(field=field_name)
    rows.update(behind=False, in_line_at=timezone.now())


def forget(obj):
    FieldChange.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).delete()


@contextmanager
def unchanged(obj):
    """What is out of date on ``obj``, and since when each language is in line, are the
    same after the block as before it: a correction to one language's text
    (``editing.corrections``), and the versions saved around it, give a translator
    nothing new to bring over."""
    rows = FieldChange.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )
    before = {(row.field, row.language): (row.behind, row.in_line_at) for row in rows}
    yield
    moved = []
    for row in rows.all():
        kept = before.get((row.field, row.language))
        if kept is not None and (row.behind, row.in_line_at) != kept:
            row.behind, row.in_line_at = kept
            moved.append(row)
    FieldChange.objects.bulk_update(moved, ["behind", "in_line_at"])


# The status ---------------------------------------------------------------------------


@dataclass
class Item:
    kind: str
    object_id: int
    title: str
    section: str
    section_label: str
    edit_url: str
    content_type_id: int
    fields: dict = field(default_factory=lambda: defaultdict(list))

    def states(self):
        return [state for state, names in self.fields.items() if names]


def field_label(model, name):
    if "." in name:
        relation, position, child_name = name.split(".")
        try:
            child_model = model._meta.get_field(relation).related_model
            child_label = child_model._meta.get_field(child_name).verbose_name
            return f"{capfirst(child_model._meta.verbose_name)} {position}: {child_label}"
        except Exception:  # noqa: BLE001 - a relation that has gone since the clock was set
            return name
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field that has gone since the clock was set
        return name


HOME, SETTINGS = "home", "settings"


def section_labels():
    """``{key: label}``: the home page, each registered section, the settings, in order."""
    return {
        HOME: _("Home page"),
        **{section.key: section.label for section in registered()},
        SETTINGS: _("Site settings"),
    }


def sections():
    """``{path prefix: (key, label)}`` of the registered sections' index pages."""
    by_type = {
        ContentType.objects.get_for_model(section.index).pk: section for section in registered()
    }
    result = {}
    for index in Page.objects.filter(content_type_id__in=list(by_type)).only(
        "path", "content_type_id"
    ):
        section = by_type[index.content_type_id]
        result[index.path] = (section.key, section.label)
    return result


def status(section=None, state=None):
    """Every page and setting with something to translate, in a constant number of
    queries: the clocks, the pages they belong to, the sections."""
    rows = FieldChange.objects.values_list(
        "content_type_id", "object_id", "field", "language", "empty", "behind"
    )
    clocks = defaultdict(dict)
    for content_type_id, object_id, name, language, empty, behind in rows:
        clocks[(content_type_id, object_id)][(name, language)] = (empty, behind)

    settings_type = ContentType.objects.get_for_model(SiteSettings)
    page_ids = [oid for (ctid, oid) in clocks if ctid != settings_type.pk]
    pages = {
        page.pk: page
        for page in Page.objects.filter(pk__in=page_ids).only(
            "id", "path", "depth", "content_type_id", "title", *in_every_language("title")
        )
    }
    section_paths = sections()
    labels = section_labels()
    items = []
    for (content_type_id, object_id), fields in clocks.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        if content_type_id == settings_type.pk:
            item = Item(
                kind=SETTINGS,
                object_id=object_id,
                title=str(labels[SETTINGS]),
                section=SETTINGS,
                section_label=str(labels[SETTINGS]),
                edit_url=reverse(
                    "wagtailsettings:edit",
                    args=["action_portugal", "sitesettings", settings_site_id(object_id)],
                ),
                content_type_id=content_type_id,
            )
        else:
            page = pages.get(object_id)
            if page is None:
                continue
            key, label = next(
                (value for path, value in section_paths.items() if page.path.startswith(path)),
                (HOME, labels[HOME]),
            )
            item = Item(
                kind="page",
                object_id=object_id,
                title=page.title,
                section=key,
                section_label=str(label),
                edit_url=reverse("wagtailadmin_pages:edit", args=[object_id]),
                content_type_id=content_type_id,
            )
        for name in sorted({name for name, _language in fields}, key=_field_order(model)):
            for language in LANGUAGE_CODES:
                other = next(code for code in LANGUAGE_CODES if code != language)
                mine, theirs = fields.get((name, language)), fields.get((name, other))
                if mine is None or theirs is None:
                    continue
                if mine[0] and not theirs[0]:
                    item.fields[f"{MISSING}-{language}"].append(field_label(model, name))
                elif not mine[0] and not theirs[0] and mine[1]:
                    item.fields[f"{OUTDATED}-{language}"].append(field_label(model, name))
        item.fields = dict(item.fields)  # templates must not create keys by looking
        if not item.states():
            continue
        if section and item.section != section:
            continue
        if state and state not in item.states():
            continue
        items.append(item)
    order = list(labels)
    items.sort(key=lambda item: (order.index(item.section), item.title))
    return items


def _field_order(model):
    order = {name: position for position, name in enumerate(tracked_fields(model))}
    return lambda name: (order.get(name.split(".")[0], len(order)), name)


def settings_site_id(settings_id):
    return SiteSettings.objects.filter(pk=settings_id).values_list("site_id", flat=True).first()


def counts(items):
    """How many pages and settings are in each state."""
    totals = dict.fromkeys(STATES, 0)
    for item in items:
        for state in item.states():
            totals[state] += 1
    return totals
