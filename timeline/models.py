import calendar
import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q, Subquery, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager

from action_portugal.base.blocks import NO_ALT_TEXT, BodyBlock
from action_portugal.base.countries import Country, CountryField, iso_country
from action_portugal.base.dates import DatePrecision, date_fields, iso_date
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
from pillars.models import AreaFilter, old_area_address
from publications.models import PublicationPage

from .calendars import calendar_response

STORIES_PER_PAGE = 20
# The timeline's filter value for every kind of activity at once (``?kind=activities``).
ACTIVITIES = "activities"


class ActivityKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    TRAINING = "training", _("Training course")
    SEMINAR = "seminar", _("Seminar")
    CONFERENCE = "conference", _("Conference")
    STUDY_VISIT = "study-visit", _("Study visit")
    WEBINAR = "webinar", _("Webinar")
    LAUNCH = "launch", _("Launch")


class StoryQuerySet(ListingQuerySet):
    def for_listing(self):
        return (
            self.for_visitors()
            .cards(
                "summary",
                "date",
                "date_precision",
                "country",
                "kind",
                "end_date",
                "place",
            )
            .order_by("-date", "-path")
        )

    def activities(self):
        return self.exclude(kind="")

    def upcoming(self, today):
        """Activities not over by ``today``, soonest first."""
        return self.activities().filter(ends_on__gte=today).order_by("date", "path")


def activities_count(stories):
    return stories.activities().count()


def participants_count(stories):
    """The participants of the activities whose number is known."""
    return stories.activities().aggregate(total=Sum("participants"))["total"]


def last_day(start, precision, end=None):
    """The last day an activity may still be going on: its last day when known, else the
    end of the month or year it is known by."""
    if end is not None:
        return end
    if precision == DatePrecision.YEAR:
        return datetime.date(start.year, 12, 31)
    if precision == DatePrecision.MONTH:
        return datetime.date(
            start.year, start.month, calendar.monthrange(start.year, start.month)[1]
        )
    return start


class TimelineIndexPage(RoutablePageMixin, IndexPage):
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
            area=filters.area_value,
            kind=filters.kind or None,
        )
        context.update(stories=page, years=group_by_year(page), filters=filters)
        return context

    def serve(self, request, *args, **kwargs):
        return old_area_address(request) or super().serve(request, *args, **kwargs)

    # Wagtail serves addresses of words and slashes only (wagtail.urls): no ".ics" in it;
    # the answer's type and file name say what it is.
    @path("calendar/", name="calendar")
    def upcoming_calendar(self, request):
        """The activities still to come under this timeline, as an iCalendar feed in the
        language of its address, for visitors to subscribe to."""
        stories = StoryPage.objects.for_visitors().child_of(self)
        activities = [
            story
            for story in stories.upcoming(timezone.localdate())
            if story.date_precision == DatePrecision.DAY
        ]
        return calendar_response(request, activities, self.title)


class TimelineFilters:
    """The timeline's filters, from plain query parameters with readable values
    (``?country=mz&area=estudos-atuariais&kind=workshop``) so that they work without
    JavaScript and survive a change of language: a country code is the same in Portuguese
    and English, an area of work is named by its address in either language
    (``pillars.models.AreaFilter``, which also answers the old addresses that named it by
    its page id). A value that matches nothing is ignored, never an error."""

    def __init__(self, params, stories):
        self.area_filter = AreaFilter()
        # How the filters read the query, for the page cache as much as for the page.
        self.accepted = {
            "country": choice(Country.values),
            "area": self.area_filter.accepted,
            "kind": choice([ACTIVITIES, *ActivityKind.values]),
        }
        self.country = chosen(self.accepted["country"], params.get("country")) or ""
        self.area = self.area_filter.read(params.get("area"))
        self.kind = chosen(self.accepted["kind"], params.get("kind")) or ""
        if self.country:
            stories = stories.filter(country=self.country)
        if self.area is not None:
            stories = stories.filter(pillars=self.area.pk)
        if self.kind == ACTIVITIES:
            stories = stories.activities()
        elif self.kind:
            stories = stories.filter(kind=self.kind)
        self.stories = stories

    @property
    def active(self):
        return bool(self.country or self.area or self.kind)

    @property
    def area_value(self):
        return self.area_filter.value(self.area) if self.area is not None else None

    def kind_choices(self):
        choices = [(ACTIVITIES, _("Every activity")), *ActivityKind.choices]
        return [(code, label, code == self.kind) for code, label in choices]

    def country_choices(self):
        return [(code, label, code == self.country) for code, label in Country.choices]

    def area_choices(self):
        """``[(value, area, selected)]``."""
        return self.area_filter.choices(self.area)


def group_by_year(stories):
    """Stories (newest first) as ``[{"year": 2024, "stories": [...]}, ...]``."""
    years = []
    for story in stories:
        if not years or years[-1]["year"] != story.date.year:
            years.append({"year": story.date.year, "stories": []})
        years[-1]["stories"].append(story)
    return years


class StoryPage(RoutablePageMixin, SectionPage):
    """Something the programme did or saw happen, at a date known to the day, the month
    or only the year: it is shown at that precision and no finer. A story may be an
    activity (a workshop, a seminar...), with its last day, place and participants: the
    home page and its country's page announce it until it is over, and visitors may add
    it to their calendar."""

    date, date_precision = date_fields()
    summary = models.TextField(_("summary"), help_text=_("One or two sentences for lists."))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    image = image_field(_("image"))
    country = CountryField()
    pillars = ParentalManyToManyField(
        "pillars.PillarPage", blank=True, related_name="stories", verbose_name=_("areas of work")
    )
    publications = ParentalManyToManyField(
        "publications.PublicationPage",
        blank=True,
        related_name="stories",
        verbose_name=_("publications"),
        help_text=_("The publications the story is about, such as the bulletin it launched."),
    )
    kind = models.CharField(
        _("activity"),
        max_length=12,
        blank=True,
        choices=ActivityKind.choices,
        help_text=_("Leave empty for a story that is not an activity the programme held."),
    )
    end_date = models.DateField(
        _("last day"),
        null=True,
        blank=True,
        help_text=_("For an activity of several days; the date above is its first day."),
    )
    place = models.CharField(
        _("place"), max_length=120, blank=True, help_text=_("For example: Praia, Cabo Verde.")
    )
    participants = models.PositiveIntegerField(
        _("participants"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(1_000_000)],
        help_text=_("How many took part, when it is known. Leave empty otherwise."),
    )
    # The last day it may still be going on (``last_day``), kept for the upcoming list.
    ends_on = models.DateField(null=True, editable=False, db_index=True)

    objects = PageManager.from_queryset(StoryQuerySet)()
    route_select_related = ("image",)
    pictures = {"image": "story"}
    og_type = "article"

    parent_page_types = ["timeline.TimelineIndexPage"]
    search_text_fields = ("summary", "body", "place", "country")

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("date"), FieldPanel("date_precision")], heading=_("When")),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("image"),
        FieldPanel("country"),
        FieldPanel("pillars", widget=forms.CheckboxSelectMultiple),
        FieldPanel("publications"),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("end_date"),
                FieldPanel("place"),
                FieldPanel("participants"),
            ],
            heading=_("Activity"),
        ),
    ]
    search_fields = [*SectionPage.search_fields, *searchable_in_every_language("summary")]

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def clean(self):
        super().clean()
        if self.image and not (self.image.description_pt or self.image.description_en):
            raise ValidationError({"image": NO_ALT_TEXT})
        errors = {}
        if self.end_date is not None:
            if not self.kind:
                errors["end_date"] = _("Only an activity has a last day.")
            elif self.date_precision != DatePrecision.DAY:
                errors["end_date"] = _("Give the first day too (the date known to the day).")
            elif self.date and self.end_date < self.date:
                errors["end_date"] = _("The last day comes after the first.")
            elif self.date and (self.end_date - self.date).days > 366:
                errors["end_date"] = _("An activity lasts a year at most.")
        if self.participants is not None and not self.kind:
            errors["participants"] = _("Only an activity has participants.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.end_date == self.date:
            self.end_date = None
        self.ends_on = (
            last_day(self.date, self.date_precision, self.end_date)
            if self.kind and self.date
            else None
        )
        return super().save(*args, **kwargs)

    @property
    def is_activity(self):
        return bool(self.kind)

    def location(self):
        """Where it took place, as a visitor reads it: ``Praia, Cabo Verde``."""
        country = str(self.get_country_display()) if iso_country(self.country) else ""
        if self.place and country and country not in self.place:
            return f"{self.place}, {country}"
        return self.place or country

    @property
    def in_calendar(self):
        """An activity known to the day can be put in a calendar; one known only by its
        month or year cannot, until its day is known."""
        return self.is_activity and self.date_precision == DatePrecision.DAY

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            self.timeline_neighbours(),
            pillars=list(self.pillars.all()),
            publications=self.shown_publications(),
        )
        return context

    def shown_publications(self):
        """Its publications that visitors may see (live, public), ready for their cards: one
        query, with their pictures. The page is kept in the cache under each publication's
        tag too, and renewed when one of them is published again
        (``caching.invalidation.pointing_to``), so it drops or regains a card at once."""
        publications = list(
            PublicationPage.objects.for_listing().filter(stories=self).order_by("-date", "-path")
        )
        prefetch_cards(publications)
        return publications

    @path("calendar/", name="calendar")
    def calendar_file(self, request):
        """The activity as an iCalendar file, for a visitor's calendar."""
        if not self.in_calendar:
            raise Http404
        return calendar_response(request, [self], self.title, filename=f"{self.slug}.ics")

    def shown_on(self):
        """Its areas of work list it; its neighbours link to it."""
        neighbours = [page for page in self.timeline_neighbours().values() if page is not None]
        return [*self.pillars.all(), *neighbours]

    def structured_data(self, url):
        if self.is_activity:
            return self.event_data(url)
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": Truncator(self.title).chars(110),
            "description": page_description(self),
            "inLanguage": in_language(),
            "mainEntityOfPage": url,
            "url": url,
            "dateCreated": iso_date(self.date, self.date_precision),
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

    def event_data(self, url):
        """An activity as a schema.org ``Event``: its dates at the precision they are known,
        where it took place (online for a webinar), the programme as its organiser."""
        start = iso_date(self.date, self.date_precision)
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": Truncator(self.title).chars(110),
            "description": page_description(self),
            "inLanguage": in_language(),
            "url": url,
            "startDate": start,
            "endDate": self.end_date.isoformat() if self.end_date else start,
            "eventStatus": "https://schema.org/EventScheduled",
            "organizer": PUBLISHER,
            "image": [share_image(self)[0]],
        }
        if self.kind == ActivityKind.WEBINAR:
            data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
            data["location"] = {"@type": "VirtualLocation", "url": url}
        else:
            data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
            place = {"@type": "Place", "name": self.location()}
            if iso_country(self.country):
                place["address"] = {
                    "@type": "PostalAddress",
                    "addressCountry": iso_country(self.country),
                }
            if place["name"]:
                data["location"] = place
        if self.participants is not None:
            data["maximumAttendeeCapacity"] = self.participants
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
