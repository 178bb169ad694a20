"""The six countries the programme works with: a page each, with what staff write of it
(an introduction, partner institutions, figures with their source, where it stands with
Convention No. 102) and the programme's work there, gathered from every section's pages
tagged with the country."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable, Page, PageManager

from action_portugal.base.countries import (
    Country,
    CountryField,
    countries_of_items,
    tagged_with_country,
)
from action_portugal.base.dates import date_fields
from action_portugal.base.pages import IndexPage, ListingQuerySet, SectionPage
from action_portugal.caching.chrome import chrome_value
from action_portugal.caching.lists import remembered_pages
from action_portugal.sections.glimpses import (
    glimpse_of,
    prefetch_pictures,
    section_index,
    upcoming,
)
from action_portugal.sections.registry import registered
from pillars.models import AREA_OF_WORK

# The countries the programme works with (Portugal is its partner, not one of them).
PROGRAMME_COUNTRIES = [
    Country.ANGOLA,
    Country.CABO_VERDE,
    Country.GUINEA_BISSAU,
    Country.MOZAMBIQUE,
    Country.SAO_TOME_AND_PRINCIPE,
    Country.TIMOR_LESTE,
]
GATHERED = 4  # items of each section on a country's page


class C102Status(models.TextChoices):
    """Where a country stands with Convention No. 102, furthest step last."""

    NONE = "none", _("No step yet")
    CAMPAIGN = "campaign", _("Campaign for ratification")
    PREPARING = "preparing", _("Ratification in preparation")
    APPROVED = "approved", _("Approved by parliament")
    DEPOSITED = "deposited", _("Ratification deposited with the ILO")
    RATIFIED = "ratified", _("Ratified")


class CountryQuerySet(ListingQuerySet):
    def for_listing(self):
        return self.for_visitors().cards("country", "c102_status").order_by("path")


class CountryIndexPage(IndexPage):
    """The countries, each with where it stands with Convention No. 102."""

    subpage_types = ["country_pages.CountryPage"]

    class Meta:
        verbose_name = _("countries index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["countries"] = list(CountryPage.objects.for_listing().child_of(self))
        return context


class CountryPage(SectionPage):
    """One country: what staff write of it, and the programme's work there, gathered from
    what every section has tagged with the country."""

    country = CountryField(
        blank=False,
        choices=[(code.value, code.label) for code in PROGRAMME_COUNTRIES],
        help_text=_("What is tagged with this country anywhere on the site is shown here."),
    )
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("The programme's work in the country, in a few sentences."),
    )
    c102_status = models.CharField(
        _("Convention No. 102"),
        max_length=10,
        choices=C102Status.choices,
        default=C102Status.NONE,
        help_text=_("Where the country stands today; its steps, with dates, are below."),
    )

    objects = PageManager.from_queryset(CountryQuerySet)()
    parent_page_types = ["country_pages.CountryIndexPage"]
    # Its country's name links to it from every page that shows the name (cards, headers,
    # filters: base.countries.countries_have_pages), and it is a row of the C102 table.
    in_chrome = True
    # Its description, where staff wrote no introduction, is where it stands with C102.
    search_text_fields = ("introduction", "c102_summary", "c102_search_text")

    content_panels = [
        *Page.content_panels,
        FieldPanel("country"),
        FieldPanel("introduction"),
        FieldPanel("c102_status"),
        InlinePanel("c102_steps", heading=_("Steps towards Convention No. 102"), label=_("Step")),
        InlinePanel("partners", heading=_("Partner institutions"), label=_("Partner")),
        InlinePanel("figures", heading=_("Figures, with their source"), label=_("Figure")),
    ]
    translated_children = {
        "partners": ("name",),
        "figures": ("value", "label", "source"),
        "c102_steps": ("source",),
    }
    cached_relations = ("c102_steps", "partners", "figures")

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def clean(self):
        super().clean()
        siblings = CountryPage.objects.filter(country=self.country).exclude(pk=self.pk)
        if self.path and self.depth:  # placed in the tree: its own index's pages only
            siblings = siblings.filter(path__startswith=self.path[: -self.steplen])
        if siblings.exists():
            raise ValidationError({"country": _("This country already has its page.")})

    def c102_summary_in(self, language):
        with translation.override(language):
            return _("Convention No. 102 (C102): %(status)s.") % {
                "status": self.get_c102_status_display()
            }

    @property
    def c102_summary(self):
        return self.c102_summary_in(translation.get_language())

    # In each language, for what reads a field's own language only (the meta description).
    @property
    def c102_summary_pt(self):
        return self.c102_summary_in("pt")

    @property
    def c102_summary_en(self):
        return self.c102_summary_in("en")

    @property
    def c102_search_text(self):
        """What people search for besides the convention's full name."""
        return "C102 R202 Convenção n.º 102 Convention No. 102"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["work"] = self.work(request)
        return context

    def work(self, request):
        """What each section has tagged with the country, its latest ``GATHERED`` in its
        listing's order, shown with the section's home-page glimpse: one query per section
        until a page of it, or this one, changes (``caching.lists``), none after."""
        found = []
        for section in registered():
            if section.home is None or section.item is CountryPage:
                continue
            condition = tagged_with_country(section.item, self.country)
            if condition is None:
                continue
            index = section_index(request, section)
            coming = upcoming(request, section, index, self, condition)
            if coming is not None:
                found.append(coming)
            items, _versions = remembered_pages(
                f"{section.key}:country:{self.pk}",
                self,
                partial(latest_tagged, section.item, condition),
            )
            if items:
                found.append(glimpse_of(section, section.home.template, index, items, self))
        prefetch_pictures(found)
        return found


def countries_of_area(area, countries):
    """The country pages, among ``countries``, of the countries where ``area`` (an area of
    work) has been worked on: those its stories, testimonials and publications (every
    section's items tagged with it) are tagged with. Areas of work have no countries of
    their own: their items say where the work was done."""
    codes = set()
    for section in registered():
        glimpse = section.tagged.get(AREA_OF_WORK)
        if glimpse is None or not glimpse.tagged_by:
            continue
        tagged = section.item.objects.for_visitors().filter(**{glimpse.tagged_by: area})
        codes |= countries_of_items(tagged)
    return countries.filter(country__in=sorted(codes))


def latest_tagged(model, condition):
    return model.objects.for_listing().filter(condition)[:GATHERED]


def c102_table(request):
    """The table of the countries and Convention No. 102: every country page visitors may
    see, in the tree's order, with its steps. From the cache until a country page (they are
    ``in_chrome``), any page's privacy or a move changes: no query after the first."""
    return {
        "countries": chrome_value(
            "c102-table",
            lambda: list(
                CountryPage.objects.for_visitors().order_by("path").prefetch_related("c102_steps")
            ),
        )
    }


def own_pages():
    """Every country page: each is its country's own page."""
    return CountryPage.objects.all()


def no_items(request, index):
    """The home page's glimpse of the countries is their map, which reads the country pages
    from the chrome (``caching.chrome.own_country_pages``): it lists none of its own."""
    return ()


def pages_of(codes):
    """The live country pages of ``codes``: they show what is tagged with them."""
    return list(CountryPage.objects.live().filter(country__in=codes))


class CountryPartner(Orderable):
    page = ParentalKey(CountryPage, related_name="partners", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("link"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("partner institution")
        verbose_name_plural = _("partner institutions")


class CountryFigure(Orderable):
    """A public figure about the country, always with where it was published."""

    page = ParentalKey(CountryPage, related_name="figures", on_delete=models.CASCADE)
    value = models.CharField(
        _("figure"),
        max_length=30,
        help_text=_("As each language writes it: 307 219 in Portuguese, 307,219 in English."),
    )
    label = models.CharField(
        _("what it measures"),
        max_length=200,
        help_text=_("For example: of the population covered by at least one benefit, 2023."),
    )
    source = models.CharField(
        _("source"), max_length=200, help_text=_("The publication it comes from.")
    )
    source_url = models.URLField(_("link to the source"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("value"), FieldPanel("label")]),
        FieldRowPanel([FieldPanel("source"), FieldPanel("source_url")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("figure")
        verbose_name_plural = _("figures")


class C102Step(Orderable):
    """A step of the country towards Convention No. 102, dated as precisely as known."""

    page = ParentalKey(CountryPage, related_name="c102_steps", on_delete=models.CASCADE)
    step = models.CharField(_("step"), max_length=10, choices=C102Status.choices)
    date, date_precision = date_fields()
    source = models.CharField(
        _("reported by"),
        max_length=200,
        blank=True,
        help_text=_("For example: ILO news. Leave empty until it is confirmed."),
    )
    source_url = models.URLField(_("link to the source"), blank=True)

    panels = [
        FieldPanel("step"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("date_precision")]),
        FieldRowPanel([FieldPanel("source"), FieldPanel("source_url")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("step towards Convention No. 102")
        verbose_name_plural = _("steps towards Convention No. 102")
