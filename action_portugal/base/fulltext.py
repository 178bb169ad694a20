"""Full-text matching shared by every search of the site (its pages, the text inside its
documents): a visitor's words as a bounded query, PostgreSQL's search in the language's own
configuration (its stemmer), the passage with the words marked; on SQLite, where the site
runs for development, plain substrings.

Some names are written in several ways, and people search for each: the ``SYNONYMS`` table
says them, and a query naming one in any of its ways finds the text that names it in any
other (on PostgreSQL, PostgreSQL's own query rewriting, ``ts_rewrite``). The text is
indexed as written: a new way of writing a name needs a line here, nothing indexed again.
"""

import re
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from action_portugal.base.i18n import SEARCH_CONFIGS
from action_portugal.base.sentences import cut_at_sentence, sentence_start

MAX_QUERY_LENGTH = 200  # longer queries are cut: the first 200 characters say enough
MAX_TERMS = 12
MARK_START, MARK_END = "\x02", "\x03"  # sentinels turned into <mark> after escaping


def clean_query(raw: str) -> str:
    """Whatever a visitor typed, as a bounded, printable query."""
    text = re.sub(r"[\x00-\x1f\x7f]", " ", raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


# The ways of writing "number" before one: "n.º", "nº", "n.°", "n", "No.", "no", "nr."
_NUMBER_SIGN = r"(?:n[.º°o\s]*|nr\.?)?"


@dataclass(frozen=True)
class Synonym:
    """A name written in several ways: ``key``, one word that each language's
    configuration keeps as it is; ``pattern``, every way a visitor may type it; ``words``,
    how each language's text writes it otherwise (a query, as people type one)."""

    key: str
    pattern: re.Pattern
    words: dict


SYNONYMS = (
    # ILO Convention No. 102 (Social Security, Minimum Standards): C102, C 102, C-102,
    # Convenção n.º 102, Convenção 102, Convention No. 102...
    Synonym(
        "c102",
        re.compile(rf"\b(?:c|conven[çc][ãa]o|convention)\s*[-.]?\s*{_NUMBER_SIGN}\s*102\b", re.I),
        {"pt": "convenção 102", "en": "convention 102"},
    ),
    # ILO Recommendation No. 202 (Social Protection Floors): R202, Recomendação n.º 202...
    Synonym(
        "r202",
        re.compile(
            rf"\b(?:r|recomenda[çc][ãa]o|recommendation)\s*[-.]?\s*{_NUMBER_SIGN}\s*202\b",
            re.I,
        ),
        {"pt": "recomendação 202", "en": "recommendation 202"},
    ),
)
_BY_KEY = {synonym.key: synonym for synonym in SYNONYMS}


def with_synonym_keys(query):
    """``query`` with each name of ``SYNONYMS`` it has, in whichever way it is written, as
    that name's key (``"Convenção n.º 102"`` becomes ``"c102"``)."""
    for synonym in SYNONYMS:
        query = synonym.pattern.sub(synonym.key, query)
    return query


class _RewrittenQuery(SearchQuery):
    """A ``websearch`` query whose synonym keys are each rewritten, where they stand in
    it, as "the key or the language's own words for it" (PostgreSQL's ``ts_rewrite``), so
    that what the visitor typed around them (``or``, ``-``, quotes) keeps its meaning."""

    def __init__(self, value, *, config, alternatives):
        super().__init__(value, config=config, search_type="websearch")
        self.config_name = config
        self.alternatives = alternatives  # [(key, the query it stands for)]

    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = super().as_sql(compiler, connection, function, template)
        config = self.config_name
        for key, alternative in self.alternatives:
            sql = (
                f"ts_rewrite({sql}, to_tsquery(%s::regconfig, %s), "
                "websearch_to_tsquery(%s::regconfig, %s))"
            )
            params = (*params, config, key, config, alternative)
        return sql, params


def search_query(query, language):
    """``query`` as PostgreSQL reads what people type (``websearch``), in ``language``'s
    configuration, each name of ``SYNONYMS`` in it standing for all its ways."""
    query = with_synonym_keys(query)
    config = SEARCH_CONFIGS[language]
    alternatives = [
        (synonym.key, f"{synonym.key} or {synonym.words[language]}")
        for synonym in SYNONYMS
        if re.search(rf"\b{synonym.key}\b", query)
    ]
    if not alternatives:
        return SearchQuery(query, config=config, search_type="websearch")
    return _RewrittenQuery(query, config=config, alternatives=alternatives)


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
    return [_rough_stem(term) for term in query.split()[:MAX_TERMS]]


def _rough_stem(term):
    if len(term) > 5:
        return term[:-2]
    if len(term) > 3:
        return term[:-1]
    return term


def substring_match(query, language, fields):
    """SQLite: each word of ``query`` (roughly stemmed) in one of ``fields``; a name of
    ``SYNONYMS`` in any of its ways, in ``language``'s."""

    def anywhere(term):
        return reduce(or_, (Q(**{f"{name}__icontains": term}) for name in fields))

    def all_of(words):
        return reduce(and_, (anywhere(term) for term in rough_stems(words)))

    condition = Q()
    for term in with_synonym_keys(query).split()[:MAX_TERMS]:
        synonym = _BY_KEY.get(term.lower())
        if synonym is not None:
            condition &= anywhere(synonym.key) | all_of(synonym.words[language])
        else:
            condition &= anywhere(_rough_stem(term))
    return condition


EXCERPT_LENGTH = 240  # characters of a search result's passage, about 35 words


def headline(row, query: str) -> str:
    """The matching passage of a row with a ``text`` as safe HTML, from the start of the
    sentence that holds the first match."""
    raw = getattr(row, "raw_headline", None)
    if raw is None:
        raw = _substring_headline(row.text, query)
    raw = from_sentence(row.text, raw)
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


_MARKED = re.compile(f"{MARK_START}(.*?){MARK_END}", re.S)


def from_sentence(text, raw, length=EXCERPT_LENGTH):
    """The passage of ``text`` that starts with the sentence holding the first word
    ``raw`` (a passage with its matches between the marks) marks, whole sentences up to
    ``length`` characters (more when the match lies further into a long sentence), with
    the same words marked; ``raw`` itself when its words are not found in ``text``."""
    words = {word for word in _MARKED.findall(raw) if word.strip()}
    first = _MARKED.search(raw)
    position = text.find(first.group(1)) if first is not None else -1
    if position < 0:
        return raw
    start = sentence_start(text, position)
    rest = text[start:]
    excerpt = cut_at_sentence(rest, max(length, position - start + 60))
    if len(" ".join(rest.split())) > len(excerpt) and not excerpt.endswith("…"):
        excerpt += " …"
    pattern = re.compile(
        "|".join(rf"(?<!\w){re.escape(word)}(?!\w)" for word in sorted(words, key=len)[::-1])
    )
    return pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", excerpt)
