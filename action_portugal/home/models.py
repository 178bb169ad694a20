from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, Page

from action_portugal.base.pages import SitePageMixin
from action_portugal.base.routing import SiteRootRoutingMixin
from action_portugal.sections.figures import published_count, section_link
from action_portugal.sections.glimpses import gather
from action_portugal.sections.registry import (
    IndexModels,
    measure_choices,
    measure_named,
    section_choices,
)
from action_portugal.seo.metadata import organization, page_description


class HomePage(SiteRootRoutingMixin, SitePageMixin, Page):
    """The site's root: the introduction, the counters, and a glimpse of every section,
    read from the live pages so it never goes stale."""

    headline = models.CharField(
        _("headline"),
        max_length=120,
        blank=True,
        help_text=_(
            "The home page's main heading, under the programme's name: what the programme is "
            "about, in a few words. Empty: “Social protection in the PALOP and Timor-Leste”."
        ),
    )
    introduction = models.TextField(
        _("introduction"), help_text=_("One or two sentences that say what the programme is.")
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = IndexModels()  # each registered section's index
    max_count = 1
    search_text_fields = ("headline", "introduction")
    translated_children = {"counters": ("label", "period", "reported_by")}

    content_panels = [
        *Page.content_panels,
        FieldPanel("headline"),
        FieldPanel("introduction"),
        InlinePanel("counters", heading=_("Counters"), label=_("Counter"), max_num=6),
    ]

    cached_relations = ("counters",)

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["glimpses"] = gather(request)
        context["figures"] = self.figures(request)
        return context

    def figures(self, request):
        """``[(counter, number, section index or None, query, what it is)]``: each
        counter with the figure it shows (its own, or what the site counts of its section's
        published pages), the section it links to with the query of the list behind it, and
        what the figure is. A counted figure whose section is gone, or that counts nothing
        known (no activity says how many took part), is left out rather than shown wrong."""
        found = []
        for counter in self.counters.all():
            index = section_link(request, counter.section)
            description, query = counter.counted()
            if counter.source == HomePageCounter.Source.COUNTED:
                if index is None:
                    continue
                number = published_count(counter.section, index, counter.measure)
                if number is None:
                    continue
                note = _("Counted by the site: %(what)s.") % {"what": description}
            else:
                number = counter.number
                # A figure staff give says where it comes from (shown by the template).
                note = "" if counter.reported_by else _("As the programme reports it.")
            found.append((counter, number, index, query, note))
        return found

    def structured_data(self, url):
        return organization(url, page_description(self))


class HomePageCounter(Orderable):
    """A figure on the home page, such as "18 activities": a number staff give, or one the
    site counts (the publications in the library); either may link to a section."""

    class Source(models.TextChoices):
        FIXED = "fixed", _("A figure I give")
        COUNTED = "counted", _("Counted by the site: the section's published pages")

    page = ParentalKey(HomePage, related_name="counters", on_delete=models.CASCADE)
    source = models.CharField(
        _("figure"), max_length=10, choices=Source.choices, default=Source.FIXED
    )
    number = models.PositiveIntegerField(
        _("number"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10**9)],
        help_text=_("The figure to show, when you give it."),
    )
    label = models.CharField(_("label"), max_length=60, help_text=_("For example: activities."))
    measure = models.CharField(
        _("what the site counts"),
        max_length=60,
        blank=True,
        choices=measure_choices,
        help_text=_(
            "For a figure counted by the site: leave empty to count the section's published "
            "pages, or choose what to count of them (the timeline's activities, their "
            "participants)."
        ),
    )
    period = models.CharField(
        _("period"),
        max_length=80,
        blank=True,
        help_text=_("The time the figure covers, for example: 2015-2024. Shown under it."),
    )
    reported_by = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_(
            "Where a figure you give comes from, for example: the programme's annual report. "
            "Shown under it."
        ),
    )
    section = models.CharField(
        _("section"),
        max_length=40,
        blank=True,
        choices=section_choices,
        help_text=_(
            "The section the counter links to; a figure counted by the site is how many "
            "pages it has published."
        ),
    )

    panels = [
        FieldPanel("source"),
        FieldPanel("number"),
        FieldPanel("label"),
        FieldPanel("period"),
        FieldPanel("reported_by"),
        FieldPanel("section"),
        FieldPanel("measure"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("counter")
        verbose_name_plural = _("counters")

    def __str__(self):
        return f"{self.number if self.number is not None else '…'} {self.label}"

    def clean(self):
        super().clean()
        if self.source == self.Source.COUNTED and not self.section:
            raise ValidationError({"section": _("Choose the section whose pages are counted.")})
        named = measure_named(self.measure) if self.measure else None
        if self.measure and (named is None or named[0].key != self.section):
            raise ValidationError(
                {"measure": _("Choose something the chosen section counts, or leave it empty.")}
            )
        if self.source == self.Source.FIXED and self.number is None:
            raise ValidationError(
                {"number": _("Give the figure, or let the site count a section's pages.")}
            )

    def counted(self):
        """What a counted figure counts, as visitors read it, and the query of the list
        behind it: ``(description, query)``."""
        named = measure_named(self.measure) if self.measure else None
        if named is not None:
            return named[1].description, named[1].query
        return _("pages published in this section"), ""
