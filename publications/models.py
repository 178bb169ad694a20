"""The knowledge library: the programme's publications, each in Portuguese and/or English,
with what the site reads of their files by itself (``action_portugal.files``)."""

import mimetypes
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.models import Page, PageManager

from action_portugal.base.blocks import NO_ALT_TEXT
from action_portugal.base.countries import (
    Country,
    CountryListField,
    country_names,
    tagged_with_country,
)
from action_portugal.base.dates import date_fields, iso_date
from action_portugal.base.fields import LanguageListField
from action_portugal.base.fulltext import clean_query
from action_portugal.base.i18n import (
    IN_A_SENTENCE,
    LANGUAGE_CODES,
    NATIVE_NAMES,
    absolute_url,
    searchable_in_every_language,
)
from action_portugal.base.pages import (
    IndexPage,
    ListingQuerySet,
    SectionPage,
    image_field,
    prefetch_cards,
)
from action_portugal.base.privacy import document_is_public, restricted_collection_paths
from action_portugal.base.queries import choice, chosen, used_parameters
from action_portugal.caching.lists import remembered_value
from action_portugal.files.admin import ReadingStatePanel
from action_portugal.files.models import DocumentFacts
from action_portugal.files.search import find_in_documents
from action_portugal.search import entries as site_search
from action_portugal.sections.figures import section_link
from action_portugal.seo.metadata import PUBLISHER, in_language, page_description
from pillars.models import AreaFilter, old_area_address

from .forms import PublicationPageForm

PUBLICATIONS_PER_PAGE = 20
SEARCH_RESULTS = 20
# The library's parameter read as words to search for (never answered from the cache).
SEARCHED = ("q",)


class PublicationKind(models.TextChoices):
    """What a publication is. The values are the library's filter values in addresses."""

    STUDY = "study", _("Study or report")
    BULLETIN = "bulletin", _("Statistical bulletin")
    TECHNICAL_NOTE = "technical-note", _("Technical note")
    GUIDE = "guide", _("Guide or manual")
    TRAINING = "training", _("Training material")
    POSITION = "position-paper", _("Policy or position paper")
    PRESENTATION = "presentation", _("Presentation")
    VIDEO = "video", _("Video")
    CASE_STUDY = "case-study", _("Case study")


# The files' fields, one per language (a Document foreign key is not translated:
# infoportugal/wagtail-modeltranslation#322).
FILE_FIELDS = {language: f"file_{language}" for language in LANGUAGE_CODES}
CARD_RELATIONS = (
    "image",
    *(f"{field}__facts__cover" for field in FILE_FIELDS.values()),
    *(f"{field}__collection" for field in FILE_FIELDS.values()),
)


class PublicationQuerySet(ListingQuerySet):
    def for_listing(self):
        return (
            self.for_visitors()
            .cards(
                "summary",
                "kind",
                "date",
                "date_precision",
                "countries",
                "external_url",
                "external_languages",
                "image",
                *FILE_FIELDS.values(),
            )
            .select_related(*CARD_RELATIONS)
            .order_by("-date", "-path")
        )


class PublicationIndexPage(IndexPage):
    """The library: every publication, newest first, filtered by type, country, area of work,
    year and language, each option with how many publications it would give."""

    subpage_types = ["publications.PublicationPage"]

    class Meta:
        verbose_name = _("publications library")

    def serve(self, request, *args, **kwargs):
        return old_area_address(request) or super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        everything = PublicationPage.objects.for_visitors().child_of(self)
        filters = LibraryFilters(request.GET, everything, self)
        query = clean_query(request.GET.get("q", ""))
        chosen_ones = PublicationPage.objects.for_listing().child_of(self).filter(filters.q())
        if query:  # what was found, not a page of the listing
            used_parameters(request, filters.accepted, searched=SEARCHED, q=query, **filters.used())
            found = search_library(query, chosen_ones)
            prefetch_cards(publication for publication, _hits in found)
            context.update(found=found)
        else:
            context["publications"] = self.listing_page(
                request,
                chosen_ones,
                PUBLICATIONS_PER_PAGE,
                accepted=filters.accepted,
                searched=SEARCHED,
                **filters.used(),
            )
        context.update(filters=filters, query=query, timeline=section_link(request, "timeline"))
        return context


def search_library(query, publications):
    """``[(publication, [DocumentHit])]``, best first: of ``publications``, those whose own
    text (title, summary, authors) or whose documents' pages hold the words, each with the
    pages of its documents where they were found."""
    language = translation.get_language()
    entries = site_search.search(query, language).filter(page_id__in=publications.values("pk"))
    order = list(entries.values_list("page_id", flat=True)[:SEARCH_RESULTS])
    by_page = {}
    for hit in find_in_documents(query, language, pages=publications):
        by_page.setdefault(hit.page_id, []).append(hit)
        if hit.page_id not in order:
            order.append(hit.page_id)
    found = publications.in_bulk(order[:SEARCH_RESULTS])
    return [(found[pk], by_page.get(pk, [])[:3]) for pk in order if pk in found]


class LibraryFilters:
    """The library's filters, from plain query parameters with readable values
    (``?type=bulletin&country=mz&area=estudos-atuariais&year=2022&language=pt``) so that
    they work without JavaScript and survive a change of language (an area of work is
    named by its address in either language). A value that matches nothing is ignored,
    never an error. Each option's count is how many publications it would give with the
    other filters as they are: every count in one query, remembered for these filters
    until a publication under ``index`` or any page's privacy changes (like the years
    there are)."""

    def __init__(self, params, publications, index):
        self.area_filter = AreaFilter()
        self.areas = self.area_filter.areas
        self.years = remembered_value(
            f"library-years:{index.pk}",
            index,
            lambda: sorted(
                publications.annotate(year=ExtractYear("date"))
                .order_by()
                .values_list("year", flat=True)
                .distinct(),
                reverse=True,
            ),
        )
        self.accepted = {
            "type": choice(PublicationKind.values),
            "country": choice(Country.values),
            "area": self.area_filter.accepted,
            "year": choice(self.years),
            "language": choice(LANGUAGE_CODES),
        }
        self.values = {
            name: chosen(options, params.get(name)) or "" for name, options in self.accepted.items()
        }
        self.area = self.area_filter.read(self.values["area"])
        self.values["area"] = self.area_filter.value(self.area) if self.area is not None else ""
        key = {**self.values, "area": self.area.pk if self.area is not None else ""}
        self.counts = remembered_value(
            "library-counts:{}:{}".format(
                index.pk, ":".join(f"{name}={value}" for name, value in sorted(key.items()))
            ),
            index,
            lambda: self.count(publications),
        )

    def conditions(self):
        """``{filter: Q}`` of the filters in use."""
        values = self.values
        found = {}
        if values["type"]:
            found["type"] = Q(kind=values["type"])
        if values["country"]:
            found["country"] = tagged_with_country(PublicationPage, values["country"])
        if self.area is not None:
            found["area"] = Q(pillars=self.area.pk)
        if values["year"]:
            found["year"] = Q(date__year=int(values["year"]))
        if values["language"]:
            found["language"] = available_in_q(values["language"])
        return found

    def q(self):
        found = Q()
        for condition in self.conditions().values():
            found &= condition
        return found

    def options(self):
        """``{filter: [(value, Q)]}``: every option of every filter."""
        return {
            "type": [(value, Q(kind=value)) for value in PublicationKind.values],
            "country": [
                (code, tagged_with_country(PublicationPage, code)) for code in Country.values
            ],
            "area": [(str(area.pk), Q(pillars=area.pk)) for area in self.areas],
            "year": [(str(year), Q(date__year=year)) for year in self.years],
            "language": [(code, available_in_q(code)) for code in LANGUAGE_CODES],
        }

    def count(self, publications):
        conditions = self.conditions()
        aggregates = {}
        for name, options in self.options().items():
            others = Q()
            for other, condition in conditions.items():
                if other != name:
                    others &= condition
            for value, option in options:
                key = f"{name}__{value}".replace("-", "_")
                aggregates[key] = Count("pk", filter=others & option, distinct=True)
        aggregates["total"] = Count("pk", filter=self.q(), distinct=True)
        return publications.aggregate(**aggregates)

    def how_many(self, name, value):
        return self.counts.get(f"{name}__{value}".replace("-", "_"), 0)

    @property
    def active(self):
        return any(self.values.values())

    def used(self):
        """The parameters in use, for links that keep them (language switch, pages)."""
        return {name: value or None for name, value in self.values.items()}

    def type_choices(self):
        return self.choices("type", PublicationKind.choices)

    def country_choices(self):
        return self.choices("country", Country.choices)

    def area_choices(self):
        """``[(slug in the active language, area, count, selected)]``."""
        return [
            (value, area, self.how_many("area", area.pk), selected)
            for value, area, selected in self.area_filter.choices(self.area)
        ]

    def year_choices(self):
        return self.choices("year", [(str(year), str(year)) for year in self.years])

    def language_choices(self):
        return self.choices("language", [(code, NATIVE_NAMES[code]) for code in LANGUAGE_CODES])

    def choices(self, name, pairs):
        """``[(value, label, count, selected)]``."""
        return [
            (value, label, self.how_many(name, value), value == self.values[name])
            for value, label in pairs
        ]


def available_in_q(language):
    """Publications a visitor can read in ``language``: a file in it, or a link to where it
    lives said to be in it. A file in a private collection is not one they can read."""
    field = FILE_FIELDS[language]
    in_file = Q(**{f"{field}__isnull": False})
    for path in restricted_collection_paths():
        in_file &= ~Q(**{f"{field}__collection__path__startswith": path})
    return in_file | Q(external_url__gt="", external_languages__icontains=f'"{language}"')


class PublicationPage(SectionPage):
    """A publication of the programme: a file in Portuguese and/or English (what the site
    reads of each by itself is shown before the visitor clicks), or a link to where it
    lives; a video is a link to its host, with a picture."""

    kind = models.CharField(_("type"), max_length=20, choices=PublicationKind.choices)
    date, date_precision = date_fields()
    summary = models.TextField(_("summary"), help_text=_("Two or three sentences for lists."))
    authors = models.CharField(
        _("publisher or authors"),
        max_length=255,
        blank=True,
        help_text=_("As the publication names them; leave empty if it names no one."),
    )
    countries = CountryListField()
    pillars = ParentalManyToManyField(
        "pillars.PillarPage",
        blank=True,
        related_name="publications",
        verbose_name=_("areas of work"),
    )
    file_pt = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file in Portuguese"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_en = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file in English"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    external_url = models.URLField(
        _("link"),
        blank=True,
        help_text=_(
            "Where the publication lives when it is not a file here: a video's page on its "
            "host, a report on another site."
        ),
    )
    external_languages = LanguageListField(
        verbose_name=_("languages at the link"),
        help_text=_("The languages the publication can be read in at the link."),
    )
    image = image_field(_("picture"))

    objects = PageManager.from_queryset(PublicationQuerySet)()
    base_form_class = PublicationPageForm
    route_select_related = CARD_RELATIONS
    pictures = {"image": "cover"}
    card_picture = ("picture", "cover")
    og_type = "article"

    parent_page_types = ["publications.PublicationIndexPage"]
    search_text_fields = ("summary", "authors", "kind", "country_names")

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("date_precision")], heading=_("When")),
        FieldPanel("summary"),
        FieldPanel("authors"),
        FieldPanel("countries"),
        FieldPanel("pillars", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                HelpPanel(
                    content=_(
                        "A PDF is read by the site on its own: its number of pages, its "
                        "text for the search and a picture of its first page. Upload one "
                        "file per language it exists in; either may be missing."
                    )
                ),
                FieldPanel("file_pt"),
                FieldPanel("file_en"),
                ReadingStatePanel(heading=_("What the site has read of the files")),
                FieldPanel("external_url"),
                FieldPanel("external_languages"),
            ],
            heading=_("The publication"),
        ),
        FieldPanel("image"),
    ]
    search_fields = [*SectionPage.search_fields, *searchable_in_every_language("summary")]

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def clean(self):
        super().clean()
        if self.external_url and not self.external_languages:
            raise ValidationError(
                {"external_languages": _("Say in which languages it can be read at the link.")}
            )
        if self.kind == PublicationKind.VIDEO and not self.external_url:
            raise ValidationError(
                {"external_url": _("A video is a link to the page where it is hosted.")}
            )
        if self.image and not (self.image.description_pt or self.image.description_en):
            raise ValidationError({"image": NO_ALT_TEXT})

    # What the visitor will get -----------------------------------------------------------

    def file_of(self, language):
        return getattr(self, FILE_FIELDS[language])

    def public_file_of(self, language):
        """Its file in ``language`` if every visitor may download it: a file in a private
        collection is not offered, and nothing is said of it (size, pages, cover)."""
        document = self.file_of(language)
        return document if document is not None and document_is_public(document) else None

    def documents(self):
        """Its file in each language: read by the site, searched inside."""
        return {language: self.file_of(language) for language in LANGUAGE_CODES}

    def versions(self):
        """``[Version]``: each language the publication exists in, its file (what it is, how
        big, how many pages once read) or its link."""
        found = []
        for language in LANGUAGE_CODES:
            document = self.public_file_of(language)
            if document is not None:
                found.append(Version(language, document=document))
        if self.external_url:
            for language in self.external_languages or []:
                if language in LANGUAGE_CODES and not self.public_file_of(language):
                    found.append(Version(language, url=self.external_url))
        return found

    def languages(self):
        return [version.language for version in self.versions()]

    @property
    def picture(self):
        """The staff's picture, else the cover the site made of its file's first page."""
        if self.image is not None:
            return self.image
        for language in [translation.get_language(), *LANGUAGE_CODES]:
            document = self.public_file_of(language) if language in FILE_FIELDS else None
            facts = read_facts(document)
            if facts is not None and facts.cover is not None:
                return facts.cover
        return None

    def share_picture(self):
        return self.picture

    @property
    def country_names(self):
        return country_names(self.countries or [])

    @property
    def external_host(self):
        return urlsplit(self.external_url).hostname or "" if self.external_url else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(versions=self.versions(), pillars=list(self.pillars.all()))
        return context

    def shown_on(self):
        """Its areas of work list it."""
        return list(self.pillars.all())

    def structured_data(self, url):
        data = {
            "@context": "https://schema.org",
            "@type": "Report" if self.kind != PublicationKind.VIDEO else "VideoObject",
            "name": Truncator(self.title).chars(110),
            "description": page_description(self),
            "inLanguage": self.languages() or in_language(),
            "url": url,
            "publisher": PUBLISHER,
            "dateCreated": iso_date(self.date, self.date_precision),
        }
        if self.authors:
            data["author"] = self.authors
        files = [version.media_object() for version in self.versions() if version.document]
        if files:
            data["encoding"] = files
        if self.external_url:
            data["sameAs"] = self.external_url
        if self.kind == PublicationKind.VIDEO:
            data["uploadDate"] = iso_date(self.date, self.date_precision)
        return data


def read_facts(document):
    """The document's facts if its file was read, else ``None``."""
    if document is None:
        return None
    try:
        facts = document.facts
    except DocumentFacts.DoesNotExist:
        return None
    return facts if facts.state == DocumentFacts.State.READY else None


class Version:
    """One language of a publication: a file (its format, size and, once read, pages) or a
    link."""

    def __init__(self, language, document=None, url=""):
        self.language = language
        self.document = document
        self.url = url

    @property
    def in_a_sentence(self):
        """The language's name inside a sentence, in the visitor's language."""
        return IN_A_SENTENCE[self.language]

    @property
    def extension(self):
        return self.document.file_extension.upper() if self.document else ""

    @property
    def size(self):
        return self.document.file_size if self.document else None

    @property
    def page_count(self):
        facts = read_facts(self.document)
        return facts.page_count if facts else None

    def media_object(self):
        """The file as schema.org describes one: what it is, in which language, where."""
        found = {
            "@type": "MediaObject",
            "contentUrl": absolute_url(self.document.url),
            "encodingFormat": mimetypes.guess_type(self.document.filename)[0]
            or "application/octet-stream",
            "inLanguage": self.language,
            "contentSize": f"{self.size} B" if self.size is not None else None,
        }
        return {key: value for key, value in found.items() if value is not None}
