from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, Page

from action_portugal.base.pages import SitePageMixin
from action_portugal.base.routing import SiteRootRoutingMixin
from action_portugal.sections.glimpses import gather
from action_portugal.sections.registry import IndexModels
from action_portugal.seo.metadata import organization, page_description


class HomePage(SiteRootRoutingMixin, SitePageMixin, Page):
    """The site's root: the introduction, the counters, and a glimpse of every section,
    read from the live pages so it never goes stale."""

    introduction = models.TextField(
        _("introduction"), help_text=_("One or two sentences that say what the programme is.")
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = IndexModels()  # each registered section's index
    max_count = 1
    search_text_fields = ("introduction",)
    translated_children = {"counters": ("label",)}

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        InlinePanel("counters", heading=_("Counters"), label=_("Counter"), max_num=6),
    ]

    cached_relations = ("counters",)

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["glimpses"] = gather(request)
        return context

    def structured_data(self, url):
        return organization(url, page_description(self))


class HomePageCounter(Orderable):
    """A figure on the home page, such as "18 activities"."""

    page = ParentalKey(HomePage, related_name="counters", on_delete=models.CASCADE)
    number = models.PositiveIntegerField(_("number"), validators=[MaxValueValidator(10**9)])
    label = models.CharField(_("label"), max_length=60, help_text=_("For example: activities."))

    panels = [FieldPanel("number"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("counter")
        verbose_name_plural = _("counters")

    def __str__(self):
        return f"{self.number} {self.label}"
