from urllib.parse import urlencode

from django.db import models
from django.http import HttpResponsePermanentRedirect
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from action_portugal.base.blocks import BodyBlock
from action_portugal.base.i18n import (
    LANGUAGE_CODES,
    in_every_language,
    searchable_in_every_language,
)
from action_portugal.base.pages import IndexPage, SectionPage
from action_portugal.base.privacy import visible
from action_portugal.base.queries import choice, given
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


class AreaFilter:
    """A list's filter by area of work (``?area=``), read from a readable value: the area's
    slug in either language, so that an address keeps working after a change of language.
    Addresses made before the filters were readable name the area by its page id: those
    are answered with a permanent redirect to the readable address (``old_address``), so
    ``accepted`` takes them too (the page cache then never reads them as the plain list).
    Any other value is no filter at all."""

    name = "area"

    def __init__(self):
        self.areas = areas_of_work()
        self.by_value = {}
        for area in self.areas:
            for language in LANGUAGE_CODES:
                slug = getattr(area, f"slug_{language}", None)
                if slug:
                    self.by_value.setdefault(slug, area)
        self.by_id = {str(area.pk): area for area in self.areas}
        self.accepted = choice([*self.by_value, *self.by_id])

    def read(self, value):
        """The area of work ``value`` names by its slug, or ``None``."""
        return self.by_value.get(value or "")

    def old_address(self, request):
        """A permanent redirect to the readable address when the request names an area by
        its page id, else ``None``."""
        area = self.by_id.get(request.GET.get(self.name, ""))
        if area is None or request.GET.get(self.name) in self.by_value:
            return None
        params = given(request.META.get("QUERY_STRING", ""))
        params[self.name] = self.value(area)
        return HttpResponsePermanentRedirect(f"{request.path}?{urlencode(sorted(params.items()))}")

    @staticmethod
    def value(area):
        """``area``'s value in an address: its slug in the active language."""
        return getattr(area, f"slug_{translation.get_language()}", None) or area.slug

    def choices(self, selected):
        """``[(value, area, chosen)]`` of every area, ``selected`` chosen."""
        return [
            (self.value(area), area, selected is not None and area.pk == selected.pk)
            for area in self.areas
        ]


def old_area_address(request):
    """For a list with an ``AreaFilter``: the permanent redirect from an address that names
    an area of work by its page id to the readable one, else ``None`` (at no cost for other
    addresses)."""
    if not request.GET.get(AreaFilter.name, "").isdigit():
        return None
    return AreaFilter().old_address(request)


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
        # The way on to the others, so that no area of work is a dead end (from the cache).
        context["other_areas"] = [area for area in areas_of_work() if area.pk != self.pk]
        return context
