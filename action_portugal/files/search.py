"""Search inside documents, for the library's search and the site search: the text of each
page of a document (``files.models.DocumentText``) in the language a live, public page
offers it in (``files.models.DocumentOffer``), with PostgreSQL's full-text search in that
language's configuration, or substrings on SQLite. A document in a private collection is
never searched: its passages would show what its address does not."""

from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Subquery
from django.db.models.functions import Length, Substr
from wagtail.models import CollectionViewRestriction, Page

from action_portugal.base.fulltext import headline, matching, search_query, substring_match
from action_portugal.base.privacy import public_q
from action_portugal.files.models import DocumentOffer, DocumentText

MAX_HITS = 20
# Pages ranked at most, of those that match (``find_in_documents``).
RANKED = 3000


@dataclass
class DocumentHit:
    """Words found on ``number``, a page of ``document``, which the page ``page_id``
    (``page``, once fetched) offers in ``language``; ``passage`` is safe HTML with the
    words in ``<mark>``."""

    page_id: int
    document: object
    language: str
    number: int
    passage: str
    page: Page | None = None

    @property
    def url(self):
        """The document opened at that page (browsers' PDF viewers read ``#page=``)."""
        return f"{self.document.url}#page={self.number}"


def in_private_collection():
    """Whether a page's document is in a collection under a view restriction, on it or an
    ancestor (a tree path that starts with the restricted one's), in the same query."""
    return Exists(
        CollectionViewRestriction.objects.filter(
            collection__path=Substr(
                OuterRef("document__collection__path"), 1, Length("collection__path")
            )
        )
    )


def search_documents(query, language, pages=None, limit=MAX_HITS):
    """``[DocumentHit]`` with their pages, best first (``find_in_documents``)."""
    hits = find_in_documents(query, language, pages, limit)
    if hits:
        offering = Page.objects.filter(pk__in={hit.page_id for hit in hits}).in_bulk()
        for hit in hits:
            hit.page = offering[hit.page_id].specific_deferred
    return hits


def find_in_documents(query, language, pages=None, limit=MAX_HITS):
    """``[DocumentHit]``, best first, in one query: pages of documents matching ``query``,
    offered in ``language`` by live, public pages (of ``pages``, a page query set, when
    given); the offering pages are named by id only."""
    if not query:
        return []
    offers = DocumentOffer.objects.filter(language=language, page__live=True).filter(
        public_q("page__")
    )
    if pages is not None:
        offers = offers.filter(page__in=pages.values("pk"))
    texts = DocumentText.objects.filter(
        language=language, document_id__in=offers.values("document_id")
    ).exclude(in_private_collection())
    if connection.vendor == "postgresql":
        # Ranked among at most RANKED pages, the newest documents' first: exact while
        # fewer pages match, and as fast for words found on every page of a thousand
        # documents (docs/performance.md). Equal ranks: the newest document first, as the
        # library lists them.
        candidates = texts.filter(vector=search_query(query, language)).order_by("-document_id")
        # ``= ANY(ARRAY(...))``: read by their keys, never by reading every page again.
        chosen = Func(
            F("pk"),
            ArraySubquery(candidates.values("pk")[:RANKED]),
            arg_joiner=" = ANY(",
            template="%(expressions)s)",
            output_field=BooleanField(),
        )
        texts = matching(
            DocumentText.objects.filter(chosen),
            query,
            language,
            max_words=30,
            min_words=12,
            max_fragments=1,
            order=("-document_id", "number"),
            matched=True,
        )
    else:
        texts = texts.filter(substring_match(query, language, ("text",)))
        texts = texts.order_by("-document_id", "number")
    texts = texts.annotate(
        page_id=Subquery(
            offers.filter(document_id=OuterRef("document_id"))
            .order_by("-page__last_published_at")
            .values("page_id")[:1]
        )
    )
    return [
        DocumentHit(
            page_id=text.page_id,
            document=text.document,
            language=language,
            number=text.number,
            passage=headline(text, query),
        )
        for text in texts.select_related("document").defer("vector")[:limit]
    ]


def site_search_results(query, language):
    """For the site search (``search.views.also_found``): what was found inside the
    documents, with the template that shows it."""
    return "components/document_hits.html", search_documents(query, language)
