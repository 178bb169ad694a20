from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from action_portugal.base.blocks import BodyBlock
from action_portugal.base.i18n import in_every_language, searchable_in_every_language
from action_portugal.base.pages import IndexPage, SectionPage
from action_portugal.base.privacy import visible
from action_portugal.caching.chrome import cached_pages
from action_portugal.sections.blocks import SectionTableBlock
from action_portugal.sections.glimpses import gather

from .icons import PillarIcon, icon_url

# The kind of page other sections' items are tagged with (``Section.tagged``): what each
# section shows on an area of work's page.
AREA_OF_WORK = "area-of-work"


def areas_of_work():
    """Every live area of work, in the editors' order, with what its card shows: for the
    home page, the areas-of-work page and the timeline's filter; from the cache (an area of
    work is ``in_chrome``: any change to one renews the list)."""
    return cached_pages(
        "areas-of-work",
        lambda: visible(PillarPage.objects.all()).order_by("order", "path"),
        model=PillarPage,
        extra_fields=("icon", "order", *in_every_language("summary", "slug")),
    )


class PillarBodyBlock(BodyBlock):
    """An area of work's body may also show a table another section keeps (the countries
    and Convention No. 102, on "International conventions")."""

    table = SectionTableBlock()


class PillarIndexPage(IndexPage):
    subpage_types = ["pillars.PillarPage"]

    class Meta:
        verbose_name = _("areas of work index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["pillars"] = areas_of_work()
        return context


class PillarPage(SectionPage):
    """One of the programme's ten areas of work."""

    summary = models.TextField(
        _("summary"), help_text=_("One paragraph, shown on the card and at the top of the page.")
    )
    body = StreamField(PillarBodyBlock(), blank=True, verbose_name=_("body"))
    icon = models.CharField(_("icon"), max_length=20, choices=PillarIcon.choices)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first in lists.")
    )

    parent_page_types = ["pillars.PillarIndexPage"]
    search_text_fields = ("summary", "body")
    in_chrome = True  # the list of areas of work is on the home page and the timeline's filter

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("icon"),
        FieldPanel("order"),
    ]
    search_fields = [*SectionPage.search_fields, *searchable_in_every_language("summary")]

    class Meta:
        verbose_name = _("area of work")
        verbose_name_plural = _("areas of work")

    @property
    def icon_url(self):
        return icon_url(self.icon)

    @property
    def share_icon(self):
        return self.icon

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["glimpses"] = gather(request, AREA_OF_WORK, subject=self)
        return context
