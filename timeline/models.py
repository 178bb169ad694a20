from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Subquery
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager

from action_portugal.base.blocks import NO_ALT_TEXT, BodyBlock
from action_portugal.base.countries import Country, CountryField
from action_portugal.base.dates import date_fields
from action_portugal.base.i18n import searchable_in_every_language
from action_portugal.base.pages import (
    PAGE_LINK_FIELDS,
    IndexPage,
    ListingQuerySet,
    SectionPage,
    image_field,
    page_from_values,
    prefetch_cards,
)
from action_portugal.base.queries import choice, chosen
from action_portugal.seo.metadata import PUBLISHER, in_language, page_description, share_image
from pillars.models import areas_of_work
from publications.models import PublicationPage

STORIES_PER_PAGE = 20


class StoryQuerySet(ListingQuerySet):
    def for_listing(self):
        return (
            self.for_visitors()
            .cards("summary", "date", "date_precision", "country")
            .order_by("-date", "-path")
        )


class TimelineIndexPage(IndexPage):
    subpage_types = ["timeline.StoryPage"]

    class Meta:
        verbose_name = _("timeline")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = StoryPage.objects.for_listing().child_of(self)
        filters = TimelineFilters(request.GET, stories)
        page = self.listing_page(
            request,
            filters.stories,
            STORIES_PER_PAGE,
            accepted=filters.accepted,
            country=filters.country,
            area=filters.area or None,
        )
        context.update(stories=page, years=group_by_year(page), filters=filters)
        return context


class TimelineFilters:
    """The timeline's filters, from plain query parameters (``?country=mz&area=12``) so
    they work without JavaScript and survive a change of language: a country code and
    an area of work's page id mean the same in Portuguese and English. A value that
    matches nothing is ignored, never an error."""

    def __init__(self, params, stories):
        self.areas = areas_of_work()
        # How the filters read the query, for the page cache as much as for the page.
        self.accepted = {
            "country": choice(Country.values),
            "area": choice(area.pk for area in self.areas),
        }
        self.country = chosen(self.accepted["country"], params.get("country")) or ""
        area = chosen(self.accepted["area"], params.get("area"))
        self.area = int(area) if area else None
        if self.country:
            stories = stories.filter(country=self.country)
        if self.area:
            stories = stories.filter(pillars=self.area)
        self.stories = stories

    @property
    def active(self):
        return bool(self.country or self.area)

    def country_choices(self):
        return [(code, label, code == self.country) for code, label in Country.choices]

    def area_choices(self):
        return [(area, area.pk == self.area) for area in self.areas]


def group_by_year(stories):
    """Stories (newest first) as ``[{"year": 2024, "stories": [...]}, ...]``."""
    years = []
    for story in stories:
        if not years or years[-1]["year"] != story.date.year:
            years.append({"year": story.date.year, "stories": []})
        years[-1]["stories"].append(story)
    return years


class StoryPage(SectionPage):
    """Something the programme did or saw happen, at a date known to the day, the month
    or only the year: it is shown at that precision and no finer."""

    date, date_precision = date_fields()
    summary = models.TextField(_("summary"), help_text=_("One or two sentences for lists."))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    image = image_field(_("image"))
    country = CountryField()
    pillars = ParentalManyToManyField(
        "pillars.PillarPage", blank=True, related_name="stories", verbose_name=_("areas of work")
    )
    publication = models.ForeignKey(
        "publications.PublicationPage",
        verbose_name=_("publication"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The publication the story is about, such as the bulletin it launched."),
    )

    objects = PageManager.from_queryset(StoryQuerySet)()
    route_select_related = ("image",)
    pictures = {"image": "story"}
    og_type = "article"

    parent_page_types = ["timeline.TimelineIndexPage"]
    search_text_fields = ("summary", "body", "country")

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("date"), FieldPanel("date_precision")], heading=_("When")),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("image"),
        FieldPanel("country"),
        FieldPanel("pillars", widget=forms.CheckboxSelectMultiple),
        FieldPanel("publication"),
    ]
    search_fields = [*SectionPage.search_fields, *searchable_in_every_language("summary")]

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def clean(self):
        super().clean()
        if self.image and not (self.image.description_pt or self.image.description_en):
            raise ValidationError({"image": NO_ALT_TEXT})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            self.timeline_neighbours(),
            pillars=list(self.pillars.all()),
            publication=self.shown_publication(),
        )
        return context

    def shown_publication(self):
        """Its publication, if visitors may see it (live, public), ready for its card: one
        query, none when the story names no publication. The page is kept in the cache
        under the publication's tag too, so it drops the card as soon as the publication
        is unpublished or made private."""
        if self.publication_id is None:
            return None
        publication = PublicationPage.objects.for_listing().filter(pk=self.publication_id).first()
        if publication is not None:
            prefetch_cards([publication])
        return publication

    def shown_on(self):
        """Its areas of work list it; its neighbours link to it."""
        neighbours = [page for page in self.timeline_neighbours().values() if page is not None]
        return [*self.pillars.all(), *neighbours]

    def structured_data(self, url):
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": Truncator(self.title).chars(110),
            "description": page_description(self),
            "inLanguage": in_language(),
            "mainEntityOfPage": url,
            "url": url,
            "dateCreated": self.date.isoformat(),
            "author": PUBLISHER,
            "publisher": PUBLISHER,
            "image": [share_image(self)[0]],
        }
        if self.first_published_at:
            data["datePublished"] = self.first_published_at.isoformat()
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        if self.country:
            data["contentLocation"] = {"@type": "Place", "name": self.get_country_display()}
        return data

    def timeline_neighbours(self):
        """The stories just before and after this one on its timeline (by date, then by
        tree position), in one query of two indexed look-ups, however long the
        timeline."""
        siblings = StoryPage.objects.for_visitors().sibling_of(self, inclusive=False)
        before = Q(date__lt=self.date) | Q(date=self.date, path__lt=self.path)
        after = Q(date__gt=self.date) | Q(date=self.date, path__gt=self.path)
        older = siblings.filter(before).order_by("-date", "-path").values("pk")[:1]
        newer = siblings.filter(after).order_by("date", "path").values("pk")[:1]
        rows = StoryPage.objects.filter(Q(pk=Subquery(older)) | Q(pk=Subquery(newer))).values(
            "date", *PAGE_LINK_FIELDS
        )
        result = {"older": None, "newer": None}
        for row in rows:
            side = "older" if (row["date"], row["path"]) < (self.date, self.path) else "newer"
            result[side] = page_from_values(Page, row)
        return result
