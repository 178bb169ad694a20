"""Rich text and plain texts as XLIFF segments, and back: a rich text is split into one
segment per element with text of its own (paragraph, heading, list item), its inline
elements (bold, italics, links, line breaks) numbered as ``<g id="n">`` and ``<x id="n"/>``;
a translated segment is written back into the source's structure, each tag becoming the
element it stands for with the attributes the site keeps, never the file's."""

from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.dammit import EntitySubstitution
from bs4.formatter import HTMLFormatter
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from lxml import etree
from translate.storage.placeables import StringElem
from translate.storage.placeables import xliff as placeables

from action_portugal.editing.translation_units import LINE, RICH_TEXT

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
                numbers = {id(mine): _numbers(tags)[id(theirs)] for mine, theirs in pairs}
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
    """``[(target element, source element)]`` pairing each of a translation's inline
    elements with the source's: the same element with the same attributes first (the same
    link), then the same element in order. ``None`` unless every one of both is paired.
    (By position: bs4 compares and hashes elements by their markup, and a text may have
    two identical ones.)"""
    if len(source_tags) != len(target_tags):
        return None
    free = list(range(len(source_tags)))
    pairs = {}
    for matching in (_same_attributes, _same_name):
        for position, tag in enumerate(target_tags):
            if position in pairs:
                continue
            match = next((n for n in free if matching(tag, source_tags[n])), None)
            if match is not None:
                pairs[position] = match
                free.remove(match)
    if free:
        return None
    return [(target_tags[position], source_tags[n]) for position, n in pairs.items()]


def _same_name(tag, other):
    return tag.name == other.name


def _same_attributes(tag, other):
    return tag.name == other.name and tag.attrs == other.attrs


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
            for theirs, mine in pairs:
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
    wrong = [
        ([n for n in dict.fromkeys(seen) if n not in expected], TAGS_ADDED),
        ([n for n in expected if n not in seen], TAGS_MISSING),
        ([n for n in dict.fromkeys(seen) if seen.count(n) > 1], TAGS_TWICE),
    ]
    for numbers, message in wrong:
        if numbers:
            tags = ", ".join(sorted(numbers, key=_number))
            raise Misfit(format_lazy(message, position=position, tags=tags))


TAGS_ADDED = _("Part {position}: tags added that the source does not have: {tags}.")
TAGS_MISSING = _("Part {position}: tags of the source missing from the translation: {tags}.")
TAGS_TWICE = _("Part {position}: tags used more than once: {tags}.")


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
