"""Which sections there are: each content app registers its own."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class Glimpse:
    """What a section shows of itself on another page: at most ``limit`` of its items, in
    its listing's order (``item.objects.for_listing()``), rendered by ``template`` with
    ``glimpse`` (this dict: ``section``, ``index``, ``items``, ``subject``). On the home page
    they are the latest under its index; on a page its items are tagged with (an area of
    work), those whose ``tagged_by`` field holds that page, or those ``select`` (a function
    of that page and the section's items) gives. ``items``, if given, replaces the query: a
    function of the request and the section's index page."""

    template: str
    limit: int = 0
    tagged_by: str = ""
    items: Callable | None = None
    select: Callable | None = None


@dataclass(frozen=True)
class Upcoming:
    """What a section has still to come (its activities not yet over), shown on the home page
    and on the page of each country they are tagged with, while there are any: at most
    ``limit`` of ``select(items, today)``, where ``items`` are its visible items, by
    ``template`` (with ``glimpse`` as for a ``Glimpse``). Such a list changes with the date
    alone, so pages that show it are kept no later than the end of the day."""

    template: str
    select: Callable
    limit: int = 3


@dataclass(frozen=True)
class Measure:
    """A figure the site counts of a section's items, for a home-page counter: ``count``
    gives it from the section's visible items (a query set) as a number, ``description``
    says what it counts, ``query`` is the filter of the section's index that lists what was
    counted (``kind=activities``)."""

    description: Promise
    count: Callable
    query: str = ""


@dataclass(frozen=True)
class Table:
    """A table a section keeps of its pages, for editors to place in another page's body
    (``sections.blocks.SectionTableBlock``): ``template`` rendered with what
    ``context(request)`` gives. The section keeps it current; the page placing it names
    only its ``key``."""

    key: str
    label: Promise
    template: str
    context: Callable


@dataclass(frozen=True)
class Section:
    """A content app's section. ``position`` orders the sections wherever several are
    shown (the home page, the translation status)."""

    key: str
    label: Promise
    index: type
    item: type
    position: int
    home: Glimpse | None = None
    # Glimpses on pages its items are tagged with: {kind of page: Glimpse}.
    tagged: Mapping[str, Glimpse] = field(default_factory=dict)
    # The feed of its items (a seo.feeds.SiteFeed subclass), if it offers one.
    feed: type | None = None
    upcoming: Upcoming | None = None
    # Figures the site counts of it besides its published pages: {key: Measure}.
    measures: Mapping[str, Measure] = field(default_factory=dict)
    # Tables of its pages other pages' bodies may show.
    tables: tuple[Table, ...] = ()


_sections: dict[str, Section] = {}


def register(section: Section) -> Section:
    if section.key in _sections and _sections[section.key] != section:
        raise ValueError(f"Two sections are registered as {section.key!r}")
    _sections[section.key] = section
    return section


def registered() -> list[Section]:
    """Every section, in ``position`` order."""
    return sorted(_sections.values(), key=lambda section: section.position)


def section_choices() -> list[tuple[str, Promise]]:
    """``[(key, label)]`` of every section: for a field that names one (a home page counter
    that links to a section, or counts its pages). A callable, read when a form is made."""
    return [(section.key, section.label) for section in registered()]


def measure_choices() -> list[tuple[str, str]]:
    """``[(key, description)]`` of every measure a section offers (``<section>:<measure>``),
    for the field of a counter that says what the site counts; read when a form is made."""
    return [
        (f"{section.key}:{key}", f"{section.label}: {measure.description}")
        for section in registered()
        for key, measure in section.measures.items()
    ]


def measure_named(key: str) -> tuple[Section, Measure] | None:
    """The section and measure of a ``<section>:<measure>`` key, or ``None``."""
    section_key, _, measure_key = (key or "").partition(":")
    section = _sections.get(section_key)
    measure = section.measures.get(measure_key) if section is not None else None
    return None if measure is None else (section, measure)


def table_choices() -> list[tuple[str, Promise]]:
    """``[(key, label)]`` of every section's tables: the choices of the block that places
    one. A callable, read when a form is made."""
    return [(table.key, table.label) for section in registered() for table in section.tables]


def table_named(key: str) -> Table | None:
    return next(
        (table for section in registered() for table in section.tables if table.key == key),
        None,
    )


def section_named(key: str) -> Section | None:
    return _sections.get(key)


# Page types a content app places right under the home page that are not a section's
# index (the contact page, the legal pages): ``allow_under_home``.
_home_pages: list[type] = []


def allow_under_home(model: type) -> type:
    if model not in _home_pages:
        _home_pages.append(model)
    return model


def pages_under_home() -> list[type]:
    return list(_home_pages)


def index_models() -> list[type]:
    return [section.index for section in registered()]


class IndexModels:
    """A class attribute that reads as the registered sections' index models, and the other
    pages allowed under the home page (``allow_under_home``): for the ``subpage_types`` of
    the page the sections sit under, read by Wagtail once every app is ready."""

    def __get__(self, instance, owner):
        return [*index_models(), *pages_under_home()]
