"""Where sentences end, in Portuguese and English text: so that an excerpt (a testimonial's
card, a search result) reads as whole sentences, never cut after "Dr." or "n.º"."""

import re

ELLIPSIS = "…"

# Words written with a full stop that end no sentence, lower case, without their stop.
ABBREVIATIONS = frozenset(
    {
        # Titles, in both languages.
        "dr",
        "dra",
        "drs",
        "sr",
        "sra",
        "srs",
        "exmo",
        "exma",
        "prof",
        "profa",
        "eng",
        "engª",
        "arq",
        "mr",
        "mrs",
        "ms",
        "st",
        # "Number", "page", "article" and the like.
        "n",
        "no",
        "nos",
        "nr",
        "art",
        "arts",
        "p",
        "pp",
        "pág",
        "págs",
        "vol",
        "cap",
        "fig",
        "al",
        "etc",
        "e.g",
        "i.e",
        "vs",
        "cf",
        "ca",
        "approx",
        "aprox",
        "inc",
        "lda",
        "ltd",
    }
)

# A full stop, question or exclamation mark (or an ellipsis), with any closing quotes or
# brackets, then a space: where a sentence may end.
_END = re.compile(r"(?:[.!?]+|…)[\"'”’»)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"([\w.ºª°]*)$")


def _ends_sentence(text, match):
    """Whether the mark at ``match`` ends a sentence: not the stop of an abbreviation
    ("Dr.", "n.º", "e.g."), of an initial ("J. Silva") or of a number ("1. ", as in a
    list, is kept, "3.5" is not a stop at all), and followed by what starts a sentence."""
    if text[match.start()] == ".":
        word = _WORD_BEFORE.search(text, 0, match.start()).group(1).lower().rstrip(".")
        bare = word.rstrip("ºª°")
        if word in ABBREVIATIONS or bare in ABBREVIATIONS:
            return False
        if len(word) == 1 and word.isalpha():  # an initial
            return False
    following = text[match.end() :].lstrip()
    return bool(following) and not following[0].islower()


def sentence_ends(text):
    """The offsets just after each sentence's final mark in ``text``, but for the last
    sentence's when the text ends there."""
    return [match.end() for match in _END.finditer(text) if _ends_sentence(text, match)]


def sentence_start(text, position):
    """The offset where the sentence holding ``position`` begins."""
    start = 0
    for end in sentence_ends(text):
        if end > position:
            break
        start = end
    while start < len(text) and text[start].isspace():
        start += 1
    return start


def cut_at_sentence(text, limit):
    """``text`` if it is at most ``limit`` characters long; else its whole sentences that
    fit within ``limit``; else, when the first sentence alone is longer, its words that fit
    and an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    fitting = [end for end in sentence_ends(text) if end <= limit]
    if fitting:
        return text[: fitting[-1]]
    return cut_at_word(text, limit)


def cut_at_word(text, limit):
    """``text``'s words that fit within ``limit`` characters with an ellipsis after them
    (``text`` itself if it fits)."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - len(ELLIPSIS), 0) + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > 0 else cut[: max(limit - len(ELLIPSIS), 1)]
    return cut.rstrip(" ,;:–—-") + ELLIPSIS
