from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import PageManager

from action_portugal.base.countries import CountryListField, country_names
from action_portugal.base.i18n import localized_name, searchable_in_every_language
from action_portugal.base.pages import (
    DerivedTitleMixin,
    IndexPage,
    ListingQuerySet,
    SectionPage,
    image_field,
    prefetch_cards,
)
from action_portugal.sections.figures import section_link
from action_portugal.seo.metadata import PUBLISHER, share_image


class TeamGroup(models.TextChoices):
    MANAGEMENT = "management", _("Programme management")
    TECHNICAL = "technical", _("Technical officers")
    COUNTRY = "country", _("Country officers")


PER_PAGE = 24


class TeamMemberQuerySet(ListingQuerySet):
    def for_listing(self):
        """In the order of the groups, so that a page of the list never splits one group
        around another; then by the editors' order."""
        group_rank = models.Case(
            *(models.When(group=key, then=rank) for rank, key in enumerate(TeamGroup.values)),
            default=len(TeamGroup.values),
        )
        return (
            self.for_visitors()
            .with_image("photo")
            .cards("photo", "name", "role", "group", "countries", "order")
            .order_by(group_rank, "order", "path")
        )


class TeamIndexPage(IndexPage):
    subpage_types = ["team.TeamMemberPage"]

    class Meta:
        verbose_name = _("team index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        members = self.listing_page(
            request,
            TeamMemberPage.objects.for_listing().child_of(self),
            PER_PAGE,
        )
        context["members"] = members
        context["groups"] = [
            {"key": key, "label": label, "members": [m for m in members if m.group == key]}
            for key, label in TeamGroup.choices
        ]
        context["groups"] = [group for group in context["groups"] if group["members"]]
        return context


class TeamMemberPage(DerivedTitleMixin, SectionPage):
    """A person on the programme's team. The source lists roles, not names, and we publish
    no name that the programme has not given us: without a name, the role is the heading."""

    name = models.CharField(
        _("name"),
        max_length=120,
        blank=True,
        help_text=_("Leave empty to show the role instead of a name."),
    )
    role = models.CharField(_("role"), max_length=255)
    group = models.CharField(
        _("group"), max_length=20, choices=TeamGroup.choices, default=TeamGroup.TECHNICAL
    )
    photo = image_field(_("photo"))
    bio = models.TextField(_("short biography"), blank=True)
    countries = CountryListField(verbose_name=_("countries covered"))
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first in lists.")
    )

    objects = PageManager.from_queryset(TeamMemberQuerySet)()
    route_select_related = ("photo",)
    pictures = {"photo": ("team card", "team member")}
    card_picture = ("photo", "team card")
    og_type = "profile"
    # The team lists roles, not people: a role is one of the team's.
    kind_label = _("Team")
    # A person's name is the same in both languages: never reported as untranslated.
    language_neutral_fields = ("name",)
    language_key_field = "role"

    parent_page_types = ["team.TeamIndexPage"]
    search_text_fields = ("name", "role", "bio", "country_names")

    content_panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("role")], heading=_("Who")),
        FieldPanel("group"),
        FieldPanel("countries"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("order"),
    ]
    search_fields = [
        *SectionPage.search_fields,
        *searchable_in_every_language("name", "role", "bio"),
    ]

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def derived_title(self, language):
        return (
            self.text_in("name", language) or getattr(self, localized_name("role", language)) or ""
        )

    def structured_data(self, url):
        data = {
            "@context": "https://schema.org",
            "@type": "Person",
            "jobTitle": self.role,
            "worksFor": PUBLISHER,
            "url": url,
        }
        if self.name:
            data["name"] = self.name
        if self.photo:
            data["image"] = share_image(self)[0]
        if self.countries:
            data["workLocation"] = [
                {"@type": "Country", "name": str(name)} for name in self.country_names
            ]
        return data

    @property
    def country_names(self):
        return country_names(self.countries or [])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["colleagues"] = prefetch_cards(
            TeamMemberPage.objects.for_listing()
            .sibling_of(self, inclusive=False)
            .filter(group=self.group)
        )
        context["team"] = section_link(request, "team")
        return context
