from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import PageManager

from action_portugal.base.countries import CountryField
from action_portugal.base.i18n import searchable_in_every_language
from action_portugal.base.pages import (
    DerivedTitleMixin,
    IndexPage,
    ListingQuerySet,
    SectionPage,
    image_field,
)

PER_PAGE = 12


class TestimonialQuerySet(ListingQuerySet):
    def for_listing(self):
        return (
            self.for_visitors()
            .with_image("photo")
            .cards("photo", "quote", "name", "position", "institution", "country")
            .order_by("path")
        )


class TestimonialIndexPage(IndexPage):
    subpage_types = ["testimonials.TestimonialPage"]

    class Meta:
        verbose_name = _("testimonials index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["testimonials"] = self.listing_page(
            request,
            TestimonialPage.objects.for_listing().child_of(self),
            PER_PAGE,
        )
        return context


class TestimonialPage(DerivedTitleMixin, SectionPage):
    """What the head of a national social-security institution says of the programme.
    The page's title is the person's name."""

    quote = models.TextField(_("quote"), help_text=_("Separate paragraphs with a blank line."))
    name = models.CharField(_("person's name"), max_length=120)
    position = models.CharField(_("position"), max_length=200)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    country = CountryField()
    photo = image_field(_("photo"))
    pillars = ParentalManyToManyField(
        "pillars.PillarPage",
        blank=True,
        related_name="testimonials",
        verbose_name=_("areas of work"),
    )

    objects = PageManager.from_queryset(TestimonialQuerySet)()
    route_select_related = ("photo",)
    pictures = {"photo": "testimonial"}
    card_picture = ("photo", "testimonial")
    # A person's name is the same in both languages: never reported as untranslated.
    language_neutral_fields = ("name",)
    language_key_field = "quote"

    parent_page_types = ["testimonials.TestimonialIndexPage"]
    search_text_fields = ("quote", "name", "position", "institution", "country")

    content_panels = [
        FieldPanel("quote"),
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("position"),
                FieldPanel("institution"),
                FieldPanel("country"),
                FieldPanel("photo"),
            ],
            heading=_("Who says it"),
        ),
        FieldPanel("pillars", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *SectionPage.search_fields,
        *searchable_in_every_language("quote", "name", "institution"),
    ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["pillars"] = list(self.pillars.all())
        return context

    def shown_on(self):
        return list(self.pillars.all())

    class Meta:
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")

    def derived_title(self, language):
        return self.text_in("name", language)
