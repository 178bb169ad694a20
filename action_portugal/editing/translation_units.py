"""What a translator translates on a page or the settings, one unit at a time, in a pair
of languages: each translated field, each text of a StreamField block by block, each
translated field of the page's children (counters, partners). The translation view shows
the units side by side and the XLIFF files carry them; both write back through ``apply``.

A StreamField is translated block by block: the target's blocks are paired with the
source's by their id, else by position when both languages have the same blocks in the
same order. A body written from here takes the source's layout (its images, tables and
block ids); a field whose units were not changed is left exactly as it was.

What changed in the source since the target was last brought in line comes from the page's
revisions (``changes``): the source as it was in the revision that last touched the
target, compared word by word with the source now.
"""

import difflib
import html
import re
import uuid
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks as wagtail_blocks
from wagtail.blocks import StreamValue
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Revision
from wagtail.rich_text import RichText

from action_portugal.base.i18n import localized_name
from action_portugal.editing.models import FieldChange
from action_portugal.editing.translation_status import (
    field_label,
    text_of,
    tracked_fields,
)

LINE, LINES, RICH_TEXT = "line", "lines", "richtext"
MISSING, OUTDATED, DONE = "missing", "outdated", "done"
STATE_LABELS = {
    MISSING: _("To translate"),
    OUTDATED: _("Changed in the source"),
    DONE: _("Translated"),
}


@dataclass
class Unit:
    """One text to translate: ``key`` names it within its object (``summary``,
    ``body#<block id>``, ``body#<block id>.caption``, ``counters.2.label``); ``field`` is the
    field the translation status follows it by."""

    key: str
    field: str
    label: str
    kind: str
    source: str
    target: str
    state: str = DONE
    max_length: int | None = None
    changes: list = field(default_factory=list)  # [(op, text)]: "equal", "insert", "delete"

    @property
    def to_do(self):
        return self.state != DONE


class NotTranslatable(ValidationError):
    """What a translator sent cannot be written: the message says why, in their language."""


# Reading --------------------------------------------------------------------------------


def _kind(model_field):
    if isinstance(model_field, StreamField):
        return None
    if isinstance(model_field, RichTextField):
        return RICH_TEXT
    internal = model_field.get_internal_type()
    return LINES if internal == "TextField" else LINE


def _stream_leaves(stream_block, value):
    """``[(block id, child name or "", label, kind, text)]`` for every text a translator fills
    in a StreamField value, in order; blocks without text (images, tables) give none."""
    leaves = []
    counters = {}
    for child in value:
        block = child.block
        counters[block.name] = counters.get(block.name, 0) + 1
        label = f"{block.label} {counters[block.name]}"
        for name, sub_block, text in _texts_of(block, child.value):
            kind = (
                RICH_TEXT
                if isinstance(sub_block, wagtail_blocks.RichTextBlock)
                else (LINES if isinstance(sub_block, wagtail_blocks.TextBlock) else LINE)
            )
            sub_label = f"{label}: {sub_block.label}" if name else label
            leaves.append((child.id, name, sub_label, kind, text))
    return leaves


def _texts_of(block, value):
    """``[(child name, block, text)]`` of one block's value: itself if it is a text, its
    text children if it is a struct."""
    if isinstance(block, wagtail_blocks.StructBlock):
        return [
            (name, child, _plain(child, value.get(name)))
            for name, child in block.child_blocks.items()
            if _is_text(child)
        ]
    if _is_text(block) and not isinstance(block, wagtail_blocks.ChoiceBlock):
        return [("", block, _plain(block, value))]
    return []


def _is_text(block):
    return isinstance(
        block, wagtail_blocks.CharBlock | wagtail_blocks.TextBlock | wagtail_blocks.RichTextBlock
    ) and not isinstance(block, wagtail_blocks.ChoiceBlock)


def _plain(block, value):
    if value is None:
        return ""
    if isinstance(value, RichText):
        return value.source.strip()
    return str(value).strip()


def _paired(source, target):
    """``{source block id: target block}``: by id, else by position when the layouts match."""
    by_id = {child.id: child for child in target}
    source_ids = [child.id for child in source]
    if target and all(child.id in by_id for child in source):
        return {child_id: by_id[child_id] for child_id in source_ids}
    same_layout = [c.block_type for c in source] == [c.block_type for c in target]
    if same_layout:
        return {child.id: other for child, other in zip(source, target, strict=True)}
    shared = {child_id: by_id[child_id] for child_id in source_ids if child_id in by_id}
    return shared


def units(obj, source, target):
    """Every unit of ``obj`` from ``source`` to ``target``, in form order, with its state
    (missing, out of date, done) and, for out-of-date units, what changed in the source."""
    model = type(obj)
    clocks = _clocks(obj, target)
    result = []
    for name in tracked_fields(model):
        model_field = model._meta.get_field(name)
        label = str(field_label(model, name))
        source_value = getattr(obj, localized_name(name, source), None)
        target_value = getattr(obj, localized_name(name, target), None)
        if isinstance(model_field, StreamField):
            result += _stream_units(name, label, model_field, source_value, target_value)
            continue
        result.append(
            Unit(
                key=name,
                field=name,
                label=label,
                kind=_kind(model_field),
                source=text_of(source_value),
                target=text_of(target_value),
                max_length=getattr(model_field, "max_length", None),
            )
        )
    for relation, names in obj.translated_children.items():
        for position, child in enumerate(getattr(obj, relation).all(), start=1):
            for name in names:
                key = f"{relation}.{position}.{name}"
                model_field = child._meta.get_field(name)
                result.append(
                    Unit(
                        key=key,
                        field=key,
                        label=str(field_label(model, key)),
                        kind=_kind(model_field),
                        source=text_of(getattr(child, localized_name(name, source), "")),
                        target=text_of(getattr(child, localized_name(name, target), "")),
                        max_length=getattr(model_field, "max_length", None),
                    )
                )
    earlier = _source_then(obj, source, clocks)
    for unit in result:
        unit.state = _state(unit, clocks, earlier)
        if unit.state == OUTDATED:
            before = earlier.get(unit.key)
            unit.changes = word_changes(
                before if before is not None else "", unit.source, rich=unit.kind == RICH_TEXT
            )
    return [unit for unit in result if unit.source or unit.target]


def _stream_units(name, label, model_field, source_value, target_value):
    source_value = source_value or StreamValue(model_field.stream_block, [])
    target_value = target_value or StreamValue(model_field.stream_block, [])
    pairs = _paired(list(source_value), list(target_value))
    result = []
    for block_id, child, child_label, kind, text in _stream_leaves(
        model_field.stream_block, source_value
    ):
        other = pairs.get(block_id)
        target_text = ""
        if other is not None and other.block_type == _block_type_of(source_value, block_id):
            target_text = _plain(_leaf_block(other.block, child), _leaf(other.value, child))
        key = f"{name}#{block_id}" + (f".{child}" if child else "")
        result.append(
            Unit(
                key=key,
                field=name,
                label=f"{label} · {child_label}",
                kind=kind,
                source=text,
                target=target_text,
                max_length=_max_length(_leaf_block(_block_of(source_value, block_id), child)),
            )
        )
    return result


def _max_length(block):
    return getattr(getattr(block, "field", None), "max_length", None)


def _block_of(stream, block_id):
    return next(child.block for child in stream if child.id == block_id)


def _block_type_of(stream, block_id):
    return next(child.block_type for child in stream if child.id == block_id)


def _leaf_block(block, child):
    return block.child_blocks[child] if child else block


def _leaf(value, child):
    return value.get(child) if child else value


# States and what changed ------------------------------------------------------------------


def _clocks(obj, target):
    """``{field: FieldChange}`` of ``obj`` in the target language."""
    if obj.pk is None:
        return {}
    content_type = ContentType.objects.get_for_model(obj)
    return {
        row.field: row
        for row in FieldChange.objects.filter(
            content_type=content_type, object_id=obj.pk, language=target
        )
    }


def _state(unit, clocks, earlier):
    if unit.source and not unit.target:
        return MISSING
    if not unit.source:
        return DONE
    clock = clocks.get(unit.field)
    if clock is None or not clock.behind:
        return DONE
    if "#" in unit.key:  # a block: out of date only if its own source text changed
        return OUTDATED if earlier.get(unit.key) != unit.source else DONE
    return OUTDATED


def _source_then(obj, source, clocks):
    """``{unit key: source text}`` as it was when each out-of-date field's target was last
    brought in line: from the page's revision of that moment. Settings keep no revisions:
    their out-of-date fields are shown whole as changed."""
    behind = {name: clock for name, clock in clocks.items() if clock.behind}
    if not behind or not isinstance(obj, Page):
        return {}
    moments = {_in_line(clock) for clock in behind.values()}
    revisions = {}
    for moment in moments:
        revision = (
            Revision.page_revisions.filter(object_id=str(obj.pk), created_at__lte=moment)
            .order_by("-created_at", "-pk")
            .first()
        )
        revisions[moment] = revision.as_object() if revision is not None else None
    earlier = {}
    for name, clock in behind.items():
        then = revisions[_in_line(clock)]
        if then is None:
            continue
        for unit in units_without_state(then, source, name):
            earlier[unit.key] = unit.source
    return earlier


def _in_line(clock):
    return clock.in_line_at or clock.changed_at


def units_without_state(obj, source, field_name):
    """The units of one field of ``obj`` (an older version), their source text only."""
    model = type(obj)
    if "." in field_name:
        relation, position, name = field_name.split(".")
        children = list(getattr(obj, relation).all())
        if int(position) > len(children):
            return []
        child = children[int(position) - 1]
        text = text_of(getattr(child, localized_name(name, source), ""))
        return [Unit(field_name, field_name, "", LINE, text, "")]
    model_field = model._meta.get_field(field_name)
    value = getattr(obj, localized_name(field_name, source), None)
    if isinstance(model_field, StreamField):
        return _stream_units(field_name, "", model_field, value, None)
    return [Unit(field_name, field_name, "", LINE, text_of(value), "")]


WORDS = re.compile(r"\s+|\w+|[^\w\s]")


def word_changes(before, after, rich=False):
    """``[(op, text)]``: ``after`` word by word, with what ``before`` had and it has not
    ("delete") and what it has that ``before`` had not ("insert"). Rich text (``rich``) is
    read as its words: markup left out, entities as the characters they stand for; plain
    text is taken as it is (a "<" in it is a character, not a tag)."""
    old = WORDS.findall(_readable(before) if rich else (before or "").strip())
    new = WORDS.findall(_readable(after) if rich else (after or "").strip())
    opcodes = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    result, removed, added = [], [], []
    for position, (op, a1, a2, b1, b2) in enumerate(opcodes):
        if op == "equal":
            text = "".join(new[b1:b2])
            following = opcodes[position + 1][0] if position + 1 < len(opcodes) else "equal"
            if text.isspace() and removed and added and following == "replace":
                # Only a space between two replaced runs: one change, not word after word.
                removed.append(text)
                added.append(text)
                continue
            _changed_run(result, removed, added)
            result.append(("equal", text))
            continue
        removed.append("".join(old[a1:a2]))
        added.append("".join(new[b1:b2]))
    _changed_run(result, removed, added)
    return result


def _changed_run(result, removed, added):
    if "".join(removed):
        result.append(("delete", "".join(removed)))
    if "".join(added):
        result.append(("insert", "".join(added)))
    removed.clear()
    added.clear()


def _readable(text):
    text = re.sub(r"</(p|li|h\d)>|<br\s*/?>", "\n", text or "")
    return html.unescape(strip_tags(text)).replace("\xa0", " ").strip()


# Writing --------------------------------------------------------------------------------


def apply(obj, source, target, values):
    """Write ``values`` (``{unit key: text}``) into ``obj``'s ``target`` language, on the
    object only (the caller saves a revision or the settings). Returns the names of the
    fields that changed. Keys that are not units of ``obj`` are refused with
    ``NotTranslatable``; nothing is written to ``obj`` before every key has been checked."""
    current = {unit.key: unit for unit in units(obj, source, target)}
    unknown = sorted(set(values) - set(current))
    if unknown:
        raise NotTranslatable(
            format_lazy(
                _("These texts are not on this page any more: {keys}."), keys=", ".join(unknown)
            )
        )
    for key, text in values.items():
        unit = current[key]
        if unit.max_length and len(text) > unit.max_length:
            raise NotTranslatable(
                format_lazy(
                    _("“{label}” has {length} characters; at most {limit} fit."),
                    label=unit.label,
                    length=len(text),
                    limit=unit.max_length,
                )
            )
    changed = {key: text for key, text in values.items() if text != current[key].target}
    fields = sorted({current[key].field for key in changed})
    by_field = {}
    for key, text in changed.items():
        by_field.setdefault(current[key].field, {})[key] = text
    held = {}
    for name, texts in by_field.items():
        if "." in name:
            relation, position, child_name = name.split(".")
            if relation not in held:
                # Held in memory (modelcluster), so that saving the object or a revision of
                # it writes the children with it.
                held[relation] = list(getattr(obj, relation).all())
                setattr(obj, relation, held[relation])
            child = held[relation][int(position) - 1]
            setattr(child, localized_name(child_name, target), texts[name])
        elif "#" in next(iter(texts)):
            _write_stream(obj, name, source, target, texts, current)
        else:
            setattr(obj, localized_name(name, target), texts[name])
    if "title" in fields and isinstance(obj, Page):
        _give_slug(obj, target)
    return fields


def _write_stream(obj, name, source, target, texts, current):
    """The target body laid out as the source's, each text from ``texts`` or else the
    target's own text for that block."""
    model_field = type(obj)._meta.get_field(name)
    source_value = getattr(obj, localized_name(name, source))
    data = []
    for child in source_value:
        raw = child.block.get_prep_value(child.value)
        leaves = {}
        for sub_name, _block, _text in _texts_of(child.block, child.value):
            key = f"{name}#{child.id}" + (f".{sub_name}" if sub_name else "")
            text = texts.get(key, current[key].target if key in current else "")
            leaves[sub_name] = text
        if isinstance(child.block, wagtail_blocks.StructBlock):
            raw = {**raw, **leaves}
        elif "" in leaves:
            raw = leaves[""]
        data.append({"type": child.block_type, "value": raw, "id": child.id or str(uuid.uuid4())})
    setattr(
        obj, localized_name(name, target), StreamValue(model_field.stream_block, data, is_lazy=True)
    )


def _give_slug(page, language):
    """A page translated for the first time gets an address in that language, made from its
    new title as the editor makes one, free among its siblings."""
    slug_name = localized_name("slug", language)
    if getattr(page, slug_name, None):
        return
    base = slugify(getattr(page, localized_name("title", language), "") or "")
    if not base:
        return
    parent = page.get_parent()
    taken = set()
    if parent is not None:
        taken = set(parent.get_children().exclude(pk=page.pk).values_list(slug_name, flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    setattr(page, slug_name, candidate)


def left(all_units):
    """How many units still need the translator."""
    return sum(1 for unit in all_units if unit.to_do)
