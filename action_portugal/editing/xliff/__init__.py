"""XLIFF 1.2, the file translators' own tools (Trados, memoQ, Phrase, OmegaT) read and
write: the translation units of pages and the settings out, the translated texts back in.

The format is translate-toolkit's (``translate.storage.xliff``); this package says what goes
in it. One ``<file>`` per page or settings (``original`` is ``page/<id>`` or
``settings/<id>``; a page's latest revision is its ``build-num``), one ``<trans-unit>`` per
text (its ``id`` is the unit's key), and a rich text split into one ``<trans-unit>`` per
paragraph, heading or list item (``<key>/<n>``), its bold, italics and links as XLIFF inline
elements (``<g id="1" ctype="link">``), so that a translator's tool shows them as tags to
place and not as HTML to retype. Which page or document a link leads to stays here: a
translated rich text is rebuilt from the source's structure, its links from the site's own
(``text_of_segments``), whatever attributes the file gives its tags.

Reading is the other way: ``read`` parses a file (refusing what is not XLIFF 1.2, too big, or
declares a DTD), and ``text_of_segments`` turns a unit's translated segments back into the
text to store, saying what does not fit (a tag added or lost, a paragraph missing).
"""

from action_portugal.editing.xliff.files import (
    MAX_BYTES,
    NAMESPACE,
    Document,
    Part,
    Refused,
    check_size,
    read,
    write,
)
from action_portugal.editing.xliff.segments import (
    BLOCK_SEPARATOR,
    Misfit,
    Segment,
    canonical,
    current_segments,
    is_empty,
    segments,
    text_of_segments,
)

__all__ = [
    "BLOCK_SEPARATOR",
    "MAX_BYTES",
    "NAMESPACE",
    "Document",
    "Misfit",
    "Part",
    "Refused",
    "Segment",
    "canonical",
    "check_size",
    "current_segments",
    "is_empty",
    "read",
    "segments",
    "text_of_segments",
    "write",
]
