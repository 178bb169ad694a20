"""The search results page."""

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control

from action_portugal.base.fulltext import clean_query, headline
from action_portugal.base.pages import kind_of
from action_portugal.base.queries import used_parameters
from action_portugal.search import entries as site_search
from action_portugal.sections.registry import registered

RESULTS_PER_PAGE = 10

# What other capabilities find for a query besides the pages (the text inside documents):
# functions of the query and the language giving ``(template, results)``, shown with the
# first page of results, each connected where the project is assembled (apps.py).
_also_found = []


def also_found(finder):
    if finder not in _also_found:
        _also_found.append(finder)


def search(request):
    """The search results page, in the language of its URL."""
    raw_query = request.GET.get("q", "")
    query = clean_query(raw_query)
    results = site_search.search(query, translation.get_language())
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    for entry in page:
        entry.headline = headline(entry, query)
        # What the page declares it is, from its type (Django caches types): no query.
        model = ContentType.objects.get_for_id(entry.page.content_type_id).model_class()
        entry.kind = kind_of(model) if model is not None else ""
    language = translation.get_language()
    more = []
    if query and page.number == 1:
        for finder in _also_found:
            template, found = finder(query, language)
            if found:
                more.append({"template": template, "found": found})
    used_parameters(request, q=query, page=page.number if page.number > 1 else None)
    response = render(
        request,
        "action_portugal/search.html",
        {
            "query": query,
            "shortened": len(" ".join(raw_query.split())) > len(query),
            "results": page,
            "more": more,
            "sections": [section.label for section in registered()],
        },
    )
    # Never kept by a CDN: a page that stops being public must leave the results at once.
    patch_cache_control(response, private=True, no_cache=True)
    return response
