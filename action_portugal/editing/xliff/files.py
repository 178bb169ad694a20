"""XLIFF 1.2 files, written and read with translate-toolkit: one ``<file>`` per page or
settings, one ``<trans-unit>`` per segment, with notes and context for the translator; a
file read is refused whole when it is too big, not well-formed, declares a DTD (entities
are never expanded nor fetched), is not XLIFF 1.2, or is in other languages."""

import re
from dataclasses import dataclass, field

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from lxml import etree
from translate.misc.xml_helpers import parse_xml
from translate.storage import xliff as toolkit

from action_portugal.base.i18n import LANGUAGE_CODES, LOCALES
from action_portugal.editing.translation_units import DONE, OUTDATED, RICH_TEXT
from action_portugal.editing.xliff.segments import Segment, segments

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
MAX_BYTES = 5 * 1024 * 1024


class Xliff12Unit(toolkit.xliffunit):
    namespace = NAMESPACE


class Xliff12File(toolkit.xlifffile):
    """translate-toolkit's XLIFF store, writing version 1.2 (its default is 1.1)."""

    UnitClass = Xliff12Unit
    namespace = NAMESPACE
    XMLskeleton = f"""<?xml version="1.0" ?>
<xliff version="1.2" xmlns="{NAMESPACE}">
<file original="NoName" source-language="en" datatype="plaintext">
<body>
</body>
</file>
</xliff>"""


class Refused(Exception):  # noqa: N818 - what the translator is told, as in old_address_import
    """The file cannot be read at all: the message says why, in the user's language."""


# Writing a file ---------------------------------------------------------------------------


@dataclass
class Document:
    """One page or the settings, as a ``<file>``."""

    original: str
    title: str
    heading: str  # what the notes call it: "Page: …", "Site settings"
    units: list
    datatype: str = "html"
    revision: int | None = None


def language_tag(code):
    return LOCALES.get(code, code)


def write(documents, source, target):
    """The XLIFF 1.2 file of ``documents`` from ``source`` to ``target``, as bytes."""
    store = Xliff12File(sourcelanguage=language_tag(source), targetlanguage=language_tag(target))
    for document in documents:
        store.switchfile(document.original, createifmissing=True)
        file_node = store.getfilenode(document.original)
        file_node.set("datatype", document.datatype)
        file_node.set("source-language", language_tag(source))
        file_node.set("target-language", language_tag(target))
        if document.revision is not None:
            file_node.set("build-num", str(document.revision))
        for unit in document.units:
            parts = segments(unit)
            for position, segment in enumerate(parts, start=1):
                _add(store, document, unit, segment, position, len(parts))
    return bytes(store)


def _add(store, document, unit, segment, position, count):
    entry = store.addsourceunit("", filename=document.original)
    entry.setid(segment.id)
    entry.xmlelement.set("resname", segment.id)
    if unit.max_length and unit.kind != RICH_TEXT:
        entry.xmlelement.set("maxwidth", str(unit.max_length))
        entry.xmlelement.set("size-unit", "char")
    entry.rich_source = [segment.source]
    if segment.target is not None:
        entry.rich_target = [segment.target]
        entry.set_state_n(entry.S_NEEDS_REVIEW if unit.state == OUTDATED else entry.S_TRANSLATED)
    label = unit.label
    if count > 1:
        label = format_lazy(
            _("{label}, part {position} of {count}"), label=label, position=position, count=count
        )
    entry.createcontextgroup(
        "x-action-portugal",
        [
            ("record", document.original),
            ("recordtitle", str(document.title)),
            ("elementtitle", str(label)),
        ],
        purpose="information",
    )
    entry.addnote(str(document.heading))
    entry.addnote(str(format_lazy(_("Field: {label}"), label=label)))
    if unit.state == OUTDATED:
        entry.addnote(str(_("Out of date: the source changed since it was last translated.")))
        if position == 1 and unit.changes:
            entry.addnote(str(_changes(unit)))
    elif unit.state != DONE:
        entry.addnote(str(_("Not translated yet.")))
    for note in segment.notes:
        entry.addnote(str(note))


def _changes(unit):
    """The source now, with what it lost and gained marked as wdiff marks them (the spaces
    between changed words counted in the change, so a changed phrase is one mark)."""
    out, lost, gained = [], [], []

    def close():
        if lost:
            out.append(f"[-{''.join(lost).strip()}-]")
        if gained:
            out.append(f"{{+{''.join(gained).strip()}+}}")
        lost.clear()
        gained.clear()

    changes = list(unit.changes)
    for position, (op, part) in enumerate(changes):
        following = changes[position + 1][0] if position + 1 < len(changes) else "equal"
        if op == "equal" and not part.strip() and (lost or gained) and following != "equal":
            lost.append(part)
            gained.append(part)
        elif op == "equal":
            close()
            out.append(part)
        else:
            (lost if op == "delete" else gained).append(part)
    close()
    return format_lazy(
        _("What changed in the source ([-removed-], {{+added+}}): {text}"),
        text=" ".join("".join(out).split()),
    )


# Reading a file ---------------------------------------------------------------------------


@dataclass
class Part:
    """One ``<file>`` of a file read: a page or the settings, and its segments."""

    original: str
    source: str
    target: str
    revision: str | None
    line: int | None
    segments: list = field(default_factory=list)


def check_size(size):
    if size > MAX_BYTES:
        raise Refused(
            format_lazy(_("The file is bigger than {limit} MB."), limit=MAX_BYTES // (1024 * 1024))
        )


def read(data):
    """The ``<file>`` elements of an XLIFF 1.2 file, and its direction ``(source, target)``
    (the site's language codes). Raises ``Refused`` for a file too big, not well-formed, with
    a DTD (entities are never expanded nor fetched), not XLIFF 1.2, or in other languages."""
    check_size(len(data))
    try:
        root = parse_xml(data)
    except etree.XMLSyntaxError as error:
        raise Refused(
            format_lazy(
                _(
                    "The file is not well-formed XML (line {line}): it may have been cut "
                    "short or changed by hand."
                ),
                line=error.lineno or 1,
            )
        ) from error
    if root.getroottree().docinfo.doctype:
        raise Refused(
            _("The file declares a DTD, which XLIFF files from translation tools do not.")
        )
    if root.tag != f"{{{NAMESPACE}}}xliff" or root.get("version") != "1.2":
        raise Refused(_("The file is not XLIFF 1.2."))
    try:
        store = Xliff12File.parsestring(data)
    except (ValueError, StopIteration, AssertionError, etree.LxmlError) as error:
        raise Refused(_("The file is not XLIFF 1.2.")) from error
    parts = {}
    for file_node in root.iterchildren(f"{{{NAMESPACE}}}file"):
        original = file_node.get("original") or ""
        if original in parts:
            raise Refused(
                format_lazy(
                    _("The file has “{original}” twice (line {line})."),
                    original=original,
                    line=file_node.sourceline,
                )
            )
        parts[original] = Part(
            original=original,
            source=_code(file_node.get("source-language")),
            target=_code(file_node.get("target-language")),
            revision=file_node.get("build-num"),
            line=file_node.sourceline,
        )
    for entry in store.units:
        file_node = next(entry.xmlelement.iterancestors(f"{{{NAMESPACE}}}file"), None)
        if file_node is None:
            continue
        target_node = entry.get_target_dom()
        try:
            source = entry.rich_source[0]
            target = entry.get_rich_target()[0] if target_node is not None else None
        except (KeyError, ValueError, NotImplementedError) as error:  # a <g> without its id
            raise Refused(
                format_lazy(
                    _("The text at line {line} cannot be read: a tag in it has no id."),
                    line=entry.xmlelement.sourceline,
                )
            ) from error
        parts[file_node.get("original") or ""].segments.append(
            Segment(
                id=entry.xmlelement.get("id") or "",
                source=source,
                target=target,
                line=entry.xmlelement.sourceline,
            )
        )
    directions = {(part.source, part.target) for part in parts.values()}
    if not parts:
        raise Refused(_("The file has no pages or settings in it."))
    if len(directions) != 1:
        raise Refused(_("The parts of the file are not all in the same pair of languages."))
    ((source, target),) = directions
    if source not in LANGUAGE_CODES or target not in LANGUAGE_CODES or source == target:
        raise Refused(
            _(
                "The file is not from Portuguese to English or from English to Portuguese: "
                "check the languages of the project in your translation tool."
            )
        )
    return (source, target), list(parts.values())


def _code(tag):
    """``pt``, ``pt-PT``, ``pt_PT`` -> ``pt``."""
    return re.split(r"[-_]", (tag or "").strip().lower())[0]
