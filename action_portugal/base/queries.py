"""What a page reads of its address's query, said by the page as it renders.

A page that reads query parameters (a list's ``?page=``, the timeline's filters, a search)
says which it used and how it reads each (``used_parameters``). From that, links that keep
the query (the language switcher, pagination) carry only those parameters, never what a
visitor added; and the page cache (``action_portugal.caching``) answers any other address of
the page, whatever else its query holds, from the entry of what the page makes of it.
"""

from urllib.parse import parse_qsl, urlencode

from django.core.paginator import Paginator

# Campaign and click parameters that links from newsletters and social networks add: the
# page is the same with or without them.
TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


def normal_query(query_string):
    """The query parameters that can change a page, sorted, blanks and tracking dropped:
    ``?country=mz&page=2``, ``?page=2&country=mz&area=&utm_source=x`` are one entry."""
    pairs = parse_qsl(query_string, keep_blank_values=False)
    return urlencode(sorted((k, v) for k, v in pairs if not k.startswith(TRACKING_PARAMS)))


def choice(values):
    """How a page reads a parameter that takes one of ``values`` and is ignored otherwise."""
    return tuple(sorted(str(value) for value in values))


def chosen(values, value):
    return value if value in values else None


def page_value(value, num_pages):
    """``?page=`` as ``Paginator.get_page`` reads it (asked of a paginator of as many pages),
    ``None`` for the first page: not a number is the first page, out of range the last."""
    number = Paginator(range(num_pages), 1).get_page(value).number
    return str(number) if number > 1 else None


def given(query_string):
    """The last value of each parameter, as ``request.GET.get`` reads them."""
    return dict(parse_qsl(query_string, keep_blank_values=True))


def filters_query(query_string, accepted):
    """The query's parameters that a page accepting ``accepted`` (``{name: choice}``) reads,
    with the values it takes; everything else dropped."""
    values = given(query_string)
    kept = ((name, chosen(options, values.get(name))) for name, options in accepted.items())
    return urlencode(sorted((name, value) for name, value in kept if value))


def read_query(query_string, accepted, num_pages=None):
    """The query as the page reads it: its filters, and for a list of ``num_pages`` pages
    the page number. ``?x=1``, ``?page=abc`` and ``?country=zz`` read as the plain address,
    ``?page=999`` as the last page."""
    query = filters_query(query_string, accepted)
    page = page_value(given(query_string).get("page"), num_pages) if num_pages else None
    if page is None:
        return query
    return urlencode(sorted([*parse_qsl(query), ("page", page)]))


class QueryUse:
    """What the page being rendered made of its query. ``searched``: the parameters it reads
    as words to search for (any text): a page asked with one of them is rendered for the
    asker, never kept nor answered from what was kept."""

    def __init__(self, query="", accepted=None, num_pages=None, searched=()):
        self.query = query
        self.accepted = dict(accepted or {})
        self.num_pages = num_pages
        self.searched = tuple(searched)

    @property
    def searching(self):
        """Whether the page was asked to search for something."""
        return searched_in(self.query, self.searched)


def searched_in(query_string, searched):
    """Whether the query asks one of the ``searched`` parameters for something."""
    values = given(query_string)
    return any(values.get(name, "").strip() for name in searched)


NOTHING = QueryUse()


def used_parameters(request, accepted=None, num_pages=None, searched=(), **used):
    """The query parameters the page being rendered used (``None`` or blank for those at
    their default); how it reads its filters (``accepted``, ``{name: choice(...)}``); for
    a paginated list, its number of pages; and which it reads as words to search for
    (``searched``)."""
    query = normal_query(urlencode({k: v for k, v in used.items() if v not in (None, "")}))
    request.query_use = QueryUse(query, accepted, num_pages, searched)


def query_use(request):
    """What the page being rendered said of its query (nothing, if it reads none)."""
    return getattr(request, "query_use", NOTHING) if request is not None else NOTHING


def used_query(request):
    """The query string of the parameters the page being rendered used."""
    return query_use(request).query
