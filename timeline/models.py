from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from action_portugal.blocks import BodyBlock
from action_portugal.countries import CountryField
from action_portugal.models import IndexPage, ListingQuerySet, SectionPage, image_field

STORIES_PER_PAGE = 20


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class StoryQuerySet(ListingQuerySet):
    def for_listing(self):
        return self.live().with_image("image").order_by("-date", "-path")


class TimelineIndexPage(IndexPage):
    subpage_types = ["timeline.StoryPage"]

    class Meta:
        verbose_name = _("timeline")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(StoryPage.objects.for_listing().child_of(self), STORIES_PER_PAGE)
        try:
            stories = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            stories = paginator.page(1)
        except EmptyPage:
            stories = paginator.page(paginator.num_pages)
        context["stories"] = stories
        context["years"] = group_by_year(stories)
        return context


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

    date = models.DateField(
        _("date"),
        help_text=_("When only the month or year is known, use its first day and say so below."),
    )
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    summary = models.TextField(_("summary"), help_text=_("One or two sentences for lists."))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    image = image_field(_("image"))
    country = CountryField()
    pillars = ParentalManyToManyField(
        "pillars.PillarPage", blank=True, related_name="stories", verbose_name=_("areas of work")
    )

    objects = PageManager.from_queryset(StoryQuerySet)()

    parent_page_types = ["timeline.TimelineIndexPage"]

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("date"), FieldPanel("date_precision")], heading=_("When")),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("image"),
        FieldPanel("country"),
        FieldPanel("pillars", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
