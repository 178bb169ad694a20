from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from action_portugal.blocks import BodyBlock
from action_portugal.i18n import searchable_in_every_language
from action_portugal.models import IndexPage, SectionPage
from action_portugal.page_cache import depends_on
from action_portugal.renditions import prefetch_renditions
from action_portugal.sections import pillar_pages

from .icons import PillarIcon, icon_url


class PillarIndexPage(IndexPage):
    subpage_types = ["pillars.PillarPage"]

    class Meta:
        verbose_name = _("areas of work index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["pillars"] = pillar_pages()
        depends_on(request, *context["pillars"])
        return context


class PillarPage(SectionPage):
    """One of the programme's ten areas of work."""

    summary = models.TextField(
        _("summary"), help_text=_("One paragraph, shown on the card and at the top of the page.")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    icon = models.CharField(_("icon"), max_length=20, choices=PillarIcon.choices)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first in lists.")
    )

    parent_page_types = ["pillars.PillarIndexPage"]
    search_text_fields = ("summary", "body")

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

    def get_context(self, request, *args, **kwargs):
        from action_portugal.sections import section_index
        from testimonials.models import TestimonialPage
        from timeline.models import StoryPage, TimelineIndexPage

        context = super().get_context(request, *args, **kwargs)
        context["timeline"] = section_index(request, TimelineIndexPage)
        stories = list(StoryPage.objects.for_listing().filter(pillars=self)[:6])
        testimonials = list(TestimonialPage.objects.for_listing().filter(pillars=self)[:3])
        prefetch_renditions((t.photo, "testimonial") for t in testimonials)
        depends_on(request, *stories, *testimonials)
        context.update(stories=stories, testimonials=testimonials)
        return context
