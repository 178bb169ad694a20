"""XLIFF 1.2, the file translators' own tools (Trados, memoQ, Phrase, OmegaT) read and
write: the translation units of pages and the settings out, the translated texts back in.

The format is translate-toolkit's (``translate.storage.xliff``); this module says what goes
in it. One ``<file>`` per page or settings (``original`` is ``page/<id>`` or
``settings/<id>``; a page's latest revision is its ``build-num``), one ``<trans-unit>`` per
text (its ``id`` is the unit's key), and a rich text split into one ``<trans-unit>`` per
paragraph, heading or list item (``<key>/<n>``), its bold, italics and links as XLIFF inline
elements (``<g id="1" ctype="link">``), so that a translator's tool shows them as tags to
place and not as HTML to retype. Which page or document a link leads to stays here: a
translated rich text is rebuilt from the source's structure, its links from the site's own
(``html_of``), whatever attributes the file gives its tags.

Reading is the other way: ``read`` parses a file (refusing what is not XLIFF 1.2, too big, or
declares a DTD), and ``text_of_segments`` turns a unit's translated segments back into the
text to store, saying what does not fit (a tag added or lost, a paragraph missing).
"""

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.dammit import EntitySubstitution
from bs4.formatter import HTMLFormatter
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from lxml import etree
from translate.misc.xml_helpers import parse_xml
from translate.storage import xliff as toolkit
from translate.storage.placeables import StringElem
from translate.storage.placeables import xliff as placeables

from action_portugal.base.i18n import LANGUAGE_CODES, LOCALES
from action_portugal.editing.translation_units import DONE, LINE, OUTDATED, RICH_TEXT

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
MAX_BYTES = 5 * 1024 * 1024
BLOCK_SEPARATOR = "/"

# Elements that hold text of their own; what is inside them and not one of these is inline.
BLOCKS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "ul", "ol", "div",
    "table", "thead", "tbody", "tr", "td", "th", "dl", "dt", "dd", "figure", "figcaption",
}  # fmt: skip
# XLIFF 1.2's own ctype values where there is one, else an "x-" name.
CTYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underlined",
    "a": "link",
    "br": "lb",
    "embed": "image",
    "img": "image",
}
TRANSPARENT = {"mrk"}  # a tool's segment and term marks: their text counts, they do not


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


# Rich text as segments --------------------------------------------------------------------


def _soup(html):
    return BeautifulSoup(html or "", "html.parser")


class _AsWritten(HTMLFormatter):
    """bs4's own escaping, attributes in the order they came (it sorts them by default)."""

    def attributes(self, tag):
        return list(tag.attrs.items())


AS_WRITTEN = _AsWritten(
    entity_substitution=EntitySubstitution.substitute_xml, void_element_close_prefix="/"
)


def _blocks(soup):
    """``[[inline node]]``: each element's text and inline elements, in document order, for
    every element with text of its own (the whole fragment first, for text outside any)."""
    result = []

    def visit(element):
        inline = [
            child
            for child in element.children
            if not (isinstance(child, Tag) and child.name in BLOCKS)
            and not (isinstance(child, NavigableString) and _ignored(child))
        ]
        if "".join(_text(node) for node in inline).strip():
            result.append(inline)
        for child in element.children:
            if isinstance(child, Tag) and child.name in BLOCKS:
                visit(child)

    visit(soup)
    return result


def _ignored(node):
    return isinstance(node, NavigableString) and type(node) is not NavigableString


def _text(node):
    if isinstance(node, NavigableString):
        return "" if _ignored(node) else str(node)
    return node.get_text()


def _tags_of(nodes):
    """The inline elements among ``nodes`` and inside them, in document order: the ``n``-th
    is ``<g id="n">`` (or ``<x id="n"/>`` when it is empty by nature, a line break)."""
    tags = []

    def visit(node):
        if isinstance(node, Tag):
            tags.append(node)
            for child in node.children:
                visit(child)

    for node in nodes:
        visit(node)
    return tags


def _ctype(tag):
    return CTYPES.get(tag.name, f"x-html-{tag.name}")


def _rich(nodes, numbers):
    """``nodes`` as translate-toolkit's rich string, each element as a placeable numbered by
    ``numbers`` (``{element id: n}``)."""
    sub = []
    for node in nodes:
        if isinstance(node, NavigableString):
            if not _ignored(node):
                sub.append(StringElem(str(node)))
            continue
        number = str(numbers[id(node)])
        attributes = {"ctype": _ctype(node)}
        if node.can_be_empty_element:
            sub.append(placeables.X(id=number, xml_attrib=attributes))
        else:
            content = _rich(list(node.children), numbers)
            sub.append(placeables.G(id=number, sub=content.sub, xml_attrib=attributes))
    return StringElem(sub)


def _numbers(tags):
    return {id(tag): position for position, tag in enumerate(tags, start=1)}


@dataclass
class Segment:
    """One ``<trans-unit>``: a unit, or one paragraph (heading, list item) of a rich text."""

    id: str
    source: StringElem
    target: StringElem | None = None
    notes: list = field(default_factory=list)
    line: int | None = None  # where it is in a file read


def segments(unit):
    """The segments of a unit: one for a plain text, one per text block for a rich text, with
    the current translation where it can be laid block by block and tag by tag over the
    source (else it is given as a note, as plain text)."""
    if unit.kind != RICH_TEXT:
        target = StringElem(unit.target) if unit.target else None
        return [Segment(unit.key, StringElem(unit.source), target)]
    source_blocks = _blocks(_soup(unit.source))
    target_blocks = _blocks(_soup(unit.target)) if unit.target else []
    aligned = _aligned_blocks(source_blocks, target_blocks)
    result = []
    for position, nodes in enumerate(source_blocks, start=1):
        tags = _tags_of(nodes)
        segment = Segment(f"{unit.key}{BLOCK_SEPARATOR}{position}", _rich(nodes, _numbers(tags)))
        if aligned is not None:
            target_nodes = aligned[position - 1]
            pairs = _aligned_tags(tags, _tags_of(target_nodes))
            if pairs is None:
                segment.notes.append(_current("".join(_text(node) for node in target_nodes)))
            else:
                numbers = {id(mine): _numbers(tags)[id(theirs)] for mine, theirs in pairs.items()}
                segment.target = _rich(target_nodes, numbers)
        result.append(segment)
    if unit.target and aligned is None and result:
        result[0].notes.append(_current(_soup(unit.target).get_text(" ")))
    return result


def _current(text):
    return format_lazy(
        _("The translation on the site does not match this text tag by tag; it reads: {text}"),
        text=" ".join(text.split()),
    )


def _aligned_blocks(source_blocks, target_blocks):
    """The target's blocks, one per source block, when both have the same blocks (a
    paragraph for a paragraph, a list item for a list item); else ``None``."""
    if len(source_blocks) != len(target_blocks):
        return None
    for mine, theirs in zip(source_blocks, target_blocks, strict=True):
        if _parent_name(mine) != _parent_name(theirs):
            return None
    return target_blocks


def _parent_name(nodes):
    parent = nodes[0].parent if nodes else None
    return getattr(parent, "name", None)


def _aligned_tags(source_tags, target_tags):
    """``{target element: source element}`` pairing each of a translation's inline elements
    with the source's: the same element with the same attributes first (the same link),
    then the same element in order. ``None`` unless every one of both is paired."""
    if len(source_tags) != len(target_tags):
        return None
    free = list(source_tags)
    pairs = {}
    for matching in (_same_attributes, _same_name):
        for tag in target_tags:
            if tag in pairs:
                continue
            match = next((other for other in free if matching(tag, other)), None)
            if match is not None:
                pairs[tag] = match
                free.remove(match)
    return pairs if not free else None


def _same_name(tag, other):
    return tag.name == other.name


def _same_attributes(tag, other):
    return tag.name == other.name and tag.attrs == other.attrs


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
        parts[file_node.get("original") or ""].segments.append(
            Segment(
                id=entry.xmlelement.get("id") or "",
                source=entry.rich_source[0],
                target=entry.get_rich_target()[0] if target_node is not None else None,
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


# From segments back to a text ---------------------------------------------------------------


@dataclass
class Inline:
    """A placeable of a translated segment, read: ``<g>``, ``<x>`` or another element."""

    element: str
    id: str | None
    ctype: str | None
    content: list


def _tree(elem):
    """A rich string as ``[str | Inline]``."""
    if isinstance(elem, str):
        return [elem]
    if type(elem) is StringElem:
        return [item for sub in elem.sub for item in _tree(sub)]
    attributes = getattr(elem, "xml_attrib", None) or {}
    if isinstance(elem, placeables.UnknownXML):
        name = etree.QName(elem.xml_node).localname
    else:
        name = type(elem).__name__.lower()
    content = [item for sub in elem.sub for item in _tree(sub)]
    if name in TRANSPARENT:
        return content
    return [Inline(name, elem.id, attributes.get("ctype"), content)]


def canonical(elem):
    """A segment's text with its tags, spaces collapsed: for telling whether a source in a
    file is the source on the site."""

    def render(items):
        out = []
        for item in items:
            if isinstance(item, str):
                out.append(item)
            elif item.content or item.element == "g":
                out.append(f"<{item.element} {item.id}>{render(item.content)}</{item.element}>")
            else:
                out.append(f"<{item.element} {item.id}/>")
        return "".join(out)

    return " ".join(render(_tree(elem) if elem is not None else []).split())


def current_segments(unit):
    """``{segment id: canonical source}`` of a unit as the site has it now."""
    return {segment.id: canonical(segment.source) for segment in segments(unit)}


def _plain(items):
    return "".join(item if isinstance(item, str) else _plain(item.content) for item in items)


def is_empty(elem):
    return elem is None or not _plain(_tree(elem)).strip()


class Misfit(Exception):  # noqa: N818 - a message for the translator
    """A translated segment does not fit its source: the message says how."""


def text_of_segments(unit, translated):
    """The text to store for ``unit`` from its translated segments (``{segment id: rich
    string}``, every one of the unit's, none empty), or ``Misfit``."""
    if unit.kind != RICH_TEXT:
        items = _tree(translated[unit.key])
        if any(not isinstance(item, str) for item in items):
            raise Misfit(_("Tags were added to a text that has none: remove them."))
        text = _plain(items)
        return " ".join(text.split()) if unit.kind == LINE else text.strip()
    soup = _soup(unit.source)
    source_blocks = _blocks(soup)
    target_blocks = _blocks(_soup(unit.target)) if unit.target else []
    aligned = _aligned_blocks(source_blocks, target_blocks)
    for position, nodes in enumerate(source_blocks, start=1):
        tags = _tags_of(nodes)
        shells = _shells(tags, aligned[position - 1] if aligned is not None else None)
        segment_id = f"{unit.key}{BLOCK_SEPARATOR}{position}"
        items = _tree(translated[segment_id])
        _check_tags(items, tags, position)
        new = _html_nodes(items, shells, soup)
        anchor = nodes[0]
        for node in new:
            anchor.insert_before(node)
        for node in nodes:
            node.extract()
    return soup.decode(formatter=AS_WRITTEN).strip()


def _shells(tags, target_nodes):
    """``{n: (element name, attributes)}`` to rebuild the ``n``-th tag: the site's
    translation's own element where it pairs with the source's (a link to the page in the
    other language stays so), else the source's."""
    shells = {str(n): (tag.name, dict(tag.attrs)) for n, tag in enumerate(tags, start=1)}
    if target_nodes is not None:
        pairs = _aligned_tags(tags, _tags_of(target_nodes))
        if pairs is not None:
            numbers = _numbers(tags)
            for theirs, mine in pairs.items():
                shells[str(numbers[id(mine)])] = (theirs.name, dict(theirs.attrs))
    return shells


def _check_tags(items, tags, position):
    expected = {str(n): tag for n, tag in enumerate(tags, start=1)}
    seen = []

    def visit(items):
        for item in items:
            if isinstance(item, str):
                continue
            if item.element not in ("g", "x"):
                raise Misfit(
                    format_lazy(
                        _("Part {position}: the element <{element}> cannot be read back."),
                        position=position,
                        element=item.element,
                    )
                )
            tag = expected.get(item.id)
            if tag is not None:
                void = bool(tag.can_be_empty_element)
                if (item.element == "x") != void or item.ctype not in (None, _ctype(tag)):
                    raise Misfit(
                        format_lazy(
                            _("Part {position}: tag {tag} was changed into another kind."),
                            position=position,
                            tag=item.id,
                        )
                    )
            seen.append(item.id)
            visit(item.content)

    visit(items)
    added = sorted({n for n in seen if n not in expected}, key=_number)
    removed = sorted((n for n in expected if n not in seen), key=_number)
    twice = sorted({n for n in seen if seen.count(n) > 1}, key=_number)
    if added:
        raise Misfit(
            format_lazy(
                _("Part {position}: tags added that the source does not have: {tags}."),
                position=position,
                tags=", ".join(added),
            )
        )
    if removed:
        raise Misfit(
            format_lazy(
                _("Part {position}: tags of the source missing from the translation: {tags}."),
                position=position,
                tags=", ".join(removed),
            )
        )
    if twice:
        raise Misfit(
            format_lazy(
                _("Part {position}: tags used more than once: {tags}."),
                position=position,
                tags=", ".join(twice),
            )
        )


def _number(text):
    return (0, int(text)) if (text or "").isdigit() else (1, text or "")


def _html_nodes(items, shells, soup):
    """The translation as HTML nodes: text as text (escaped when written), each tag as the
    element it stands for, with the attributes we keep."""
    nodes = []
    for item in items:
        if isinstance(item, str):
            nodes.append(NavigableString(item))
            continue
        name, attributes = shells[item.id]
        element = soup.new_tag(name, attrs=attributes)
        for child in _html_nodes(item.content, shells, soup):
            element.append(child)
        nodes.append(element)
    return nodes
