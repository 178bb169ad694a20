"""The site search: each live page is kept as one entry per language (``SearchEntry``),
searched with PostgreSQL full-text search in that language's configuration, or by plain
substring matching on SQLite (enough for `make run`)."""

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import translation
from django.utils.html import strip_tags
from wagtail.blocks import StreamValue
from wagtail.rich_text import RichText
from wagtail.signals import page_published, page_unpublished

from action_portugal.base.fulltext import matching, rough_stems, substring_match
from action_portugal.base.i18n import LANGUAGE_CODES, SEARCH_CONFIGS
from action_portugal.base.pages import SitePageMixin
from action_portugal.base.privacy import public_q
from action_portugal.search.models import SearchEntry

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
        return matching(entries, query, language, max_words=35, min_words=15, max_fragments=2)
    return _substring_search(entries, query, language)


def _substring_search(entries, query, language):
    entries = entries.filter(substring_match(query, language, ("title", "text")))
    title_hits = Q()
    for term in rough_stems(query):
        title_hits |= Q(title__icontains=term)
    return entries.annotate(
        rank=Case(When(title_hits, then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by("-rank", "pk")
