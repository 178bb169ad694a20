"""The site search: each live page is kept as one entry per language (``SearchEntry``),
searched with PostgreSQL full-text search in that language's configuration, or by plain
substring matching on SQLite (enough for `make run`)."""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import translation
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from wagtail.blocks import StreamValue
from wagtail.rich_text import RichText
from wagtail.signals import page_published, page_unpublished

from action_portugal.base.i18n import LANGUAGE_CODES, SEARCH_CONFIGS
from action_portugal.base.pages import SitePageMixin
from action_portugal.base.privacy import public_q
from action_portugal.search.models import SearchEntry

MAX_QUERY_LENGTH = 200  # longer queries are cut: the first 200 characters say enough
MAX_TERMS = 12
MARK_START, MARK_END = "\x02", "\x03"  # sentinels turned into <mark> after escaping


# Indexing -----------------------------------------------------------------------------


def plain_text(value) -> str:
    """Readable text of a field value: strings, rich text and StreamField blocks."""
    if value is None:
        return ""
    if isinstance(value, StreamValue):
        return " ".join(plain_text(block.value) for block in value)
    if isinstance(value, RichText):
        return strip_tags(value.source)
    if hasattr(value, "items"):  # a StructBlock value
        return " ".join(plain_text(item) for _key, item in value.items())
    if isinstance(value, str):
        return strip_tags(value) if "<" in value else value
    return ""


def page_text(page) -> str:
    """The text a visitor reads on ``page`` in the active language, beyond its title."""
    parts = []
    for name in page.search_text_fields:
        display = getattr(page, f"get_{name}_display", None)
        value = display() if display else getattr(page, name, None)
        if isinstance(value, list | tuple):
            value = " ".join(str(item) for item in value)
        parts.append(plain_text(value))
    return " ".join(part for part in parts if part).strip()


def is_searchable(page) -> bool:
    return page.live and isinstance(page, SitePageMixin)


def index_page(page):
    """Bring the page's entries up to date: one per language while it is live. Whether
    visitors may see it is asked as they search (``search``): a restriction set or removed
    then needs no page indexed again."""
    page = page.specific
    if not is_searchable(page):
        SearchEntry.objects.filter(page_id=page.pk).delete()
        return
    for language in LANGUAGE_CODES:
        with translation.override(language):
            title, text = page.title or "", page_text(page)
        entry, _created = SearchEntry.objects.update_or_create(
            page_id=page.pk, language=language, defaults={"title": title, "text": text}
        )
        if connection.vendor == "postgresql":
            config = SEARCH_CONFIGS[language]
            SearchEntry.objects.filter(pk=entry.pk).update(
                vector=SearchVector("title", weight="A", config=config)
                + SearchVector("text", weight="B", config=config)
            )


def forget_page(page):
    SearchEntry.objects.filter(page_id=page.pk).delete()


def index_published_page(sender, instance, **kwargs):
    index_page(instance)


def forget_unpublished_page(sender, instance, **kwargs):
    forget_page(instance)


def connect():
    page_published.connect(index_published_page, dispatch_uid="search-index-published")
    page_unpublished.connect(forget_unpublished_page, dispatch_uid="search-forget-unpublished")


# Searching ----------------------------------------------------------------------------


def clean_query(raw: str) -> str:
    """Whatever a visitor typed, as a bounded, printable query."""
    text = re.sub(r"[\x00-\x1f\x7f]", " ", raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def search(query: str, language: str):
    """Live entries matching ``query`` in ``language``, best first, each with a
    ``headline`` (safe HTML, the matches in <mark>)."""
    entries = (
        SearchEntry.objects.filter(language=language, page__live=True)
        .filter(public_q("page__"))
        .select_related("page")
    )
    if not query:
        return entries.none()
    if connection.vendor == "postgresql":
        return _postgres_search(entries, query, language)
    return _substring_search(entries, query)


def _postgres_search(entries, query, language):
    config = SEARCH_CONFIGS[language]
    ts_query = SearchQuery(query, config=config, search_type="websearch")
    return (
        entries.filter(vector=ts_query)
        .annotate(
            rank=SearchRank(F("vector"), ts_query),
            raw_headline=SearchHeadline(
                "text",
                ts_query,
                config=config,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "pk")
    )


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


def _substring_search(entries, query):
    terms = rough_stems(query)
    for term in terms:
        entries = entries.filter(Q(title__icontains=term) | Q(text__icontains=term))
    title_hits = Q()
    for term in terms:
        title_hits |= Q(title__icontains=term)
    return entries.annotate(
        rank=Case(When(title_hits, then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by("-rank", "pk")


def headline(entry, query: str) -> str:
    """The matching passage of an entry as safe HTML."""
    raw = getattr(entry, "raw_headline", None)
    if raw is None:
        raw = _substring_headline(entry.text, query)
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
