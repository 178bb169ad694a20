"""Full-text matching shared by every search of the site (its pages, the text inside its
documents): a visitor's words as a bounded query, PostgreSQL's search in the language's own
configuration (its stemmer), the passage with the words marked; on SQLite, where the site
runs for development, plain substrings."""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F
from django.utils.html import escape
from django.utils.safestring import mark_safe

from action_portugal.base.i18n import SEARCH_CONFIGS

MAX_QUERY_LENGTH = 200  # longer queries are cut: the first 200 characters say enough
MAX_TERMS = 12
MARK_START, MARK_END = "\x02", "\x03"  # sentinels turned into <mark> after escaping


def clean_query(raw: str) -> str:
    """Whatever a visitor typed, as a bounded, printable query."""
    text = re.sub(r"[\x00-\x1f\x7f]", " ", raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def search_query(query, language):
    """``query`` as PostgreSQL reads what people type (``websearch``), in ``language``'s
    configuration."""
    return SearchQuery(query, config=SEARCH_CONFIGS[language], search_type="websearch")


def matching(
    rows, query, language, max_words, min_words, max_fragments, order=("pk",), matched=False
):
    """PostgreSQL: the ``rows`` whose ``vector`` matches ``query`` in ``language``'s
    configuration (all of them when they are ``matched`` already), best first, each with
    its ``rank`` and the passage of its ``text`` that matches (``raw_headline``, for
    ``headline``)."""
    config = SEARCH_CONFIGS[language]
    ts_query = search_query(query, language)
    if not matched:
        rows = rows.filter(vector=ts_query)
    return rows.annotate(
        rank=SearchRank(F("vector"), ts_query),
        raw_headline=SearchHeadline(
            "text",
            ts_query,
            config=config,
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=max_words,
            min_words=min_words,
            max_fragments=max_fragments,
            fragment_delimiter=" … ",
        ),
    ).order_by("-rank", *order)


def rough_stems(query):
    """Without PostgreSQL's stemmers, a word's ending is cut so that a singular also finds
    its plural ("estudo" finds "estudos", "study" finds "studies"). Crude, and only for
    SQLite, where the site runs for development."""
    stems = []
    for term in query.split()[:MAX_TERMS]:
        if len(term) > 5:
            term = term[:-2]
        elif len(term) > 3:
            term = term[:-1]
        stems.append(term)
    return stems


def headline(row, query: str) -> str:
    """The matching passage of a row with a ``text`` as safe HTML."""
    raw = getattr(row, "raw_headline", None)
    if raw is None:
        raw = _substring_headline(row.text, query)
    return mark_safe(  # noqa: S308 - everything but our own <mark> is escaped
        escape(raw).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )


def _substring_headline(text: str, query: str, width: int = 220) -> str:
    terms = [term for term in rough_stems(query) if term]
    lowered = text.lower()
    positions = [lowered.find(term.lower()) for term in terms]
    first = min((p for p in positions if p >= 0), default=0)
    start = max(first - width // 3, 0)
    excerpt = text[start : start + width]
    if start > 0:
        excerpt = "… " + excerpt
    if start + width < len(text):
        excerpt += " …"
    if terms:
        pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
        excerpt = pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", excerpt)
    return excerpt
