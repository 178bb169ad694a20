"""The page models: translated everywhere a visitor reads, and a tree editors can only
build the right way."""

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from modeltranslation.translator import NotRegistered, translator
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from action_portugal.base.countries import Country, CountryListField
from action_portugal.models import HomePage, HomePageCounter, Partner, SiteImage, SiteSettings
from contact.models import ContactPage, LegalPage
from country_pages.models import CountryIndexPage, CountryPage
from pillars.models import PillarIndexPage, PillarPage
from publications.models import PublicationIndexPage, PublicationPage
from team.models import TeamIndexPage, TeamMemberPage
from testimonials import models as testimonials
from timeline.models import StoryPage, TimelineIndexPage

from .pages import page_models

TEXT_FIELDS = (models.CharField, models.TextField, RichTextField, StreamField)
# Wagtail's bookkeeping columns, never shown to a visitor as text.
PAGE_INTERNALS = {"path", "url_path", "draft_title", "live_revision", "latest_revision"}
# People's names are declared language-neutral for the translation status, but a visitor
# reads them, so they are translated all the same.
TRANSLATED_ANYWAY = {"name"}


def visible_text_fields(model):
    """Text a visitor can read: text columns that are not choices (choices are translated
    through gettext), addresses or Wagtail's internals. Of an image, only its alt text
    (``description``) reaches visitors; its title and file name are for staff."""
    if model is SiteImage:
        return [SiteImage._meta.get_field("description")]
    neutral = set(getattr(model, "language_neutral_fields", ())) - TRANSLATED_ANYWAY
    fields = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, TEXT_FIELDS) or field.choices:
            continue
        if isinstance(field, models.URLField):  # an address, not text (its host is shown)
            continue
        if field.name in PAGE_INTERNALS or field.name.endswith(("_pt", "_en")):
            continue
        if field.name in neutral:
            continue
        if field.model is Page and field.name not in {
            "title",
            "slug",
            "seo_title",
            "search_description",
        }:
            continue
        fields.append(field)
    return fields


def test_there_are_the_page_models_the_design_asks_for():
    assert set(page_models()) == {
        HomePage,
        PillarIndexPage,
        PillarPage,
        testimonials.TestimonialIndexPage,
        testimonials.TestimonialPage,
        TeamIndexPage,
        TeamMemberPage,
        TimelineIndexPage,
        StoryPage,
        PublicationIndexPage,
        PublicationPage,
        CountryIndexPage,
        CountryPage,
        ContactPage,
        LegalPage,
    }


@pytest.mark.parametrize(
    "model",
    [*page_models(), HomePageCounter, SiteImage, SiteSettings, Partner],
    ids=lambda m: m.__name__,
)
def test_every_visible_text_field_is_translated(model):
    try:
        registered = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        pytest.fail(f"{model.__name__} is not registered in a translation.py")
    columns = {field.name for field in model._meta.concrete_fields}
    fields = visible_text_fields(model)
    assert fields, model
    for field in fields:
        assert field.name in registered, f"{model.__name__}.{field.name} is not translated"
        for language in ("pt", "en"):
            assert f"{field.name}_{language}" in columns, (model, field.name, language)


def test_page_titles_slugs_and_seo_fields_are_translated():
    columns = {field.name for field in Page._meta.concrete_fields}
    for name in ("title", "slug", "seo_title", "search_description", "url_path"):
        assert {f"{name}_pt", f"{name}_en"} <= columns


INDEX_PAGES = [
    PillarIndexPage,
    testimonials.TestimonialIndexPage,
    TeamIndexPage,
    TimelineIndexPage,
    PublicationIndexPage,
    CountryIndexPage,
]


class TestTree(WagtailPageTestCase):
    def test_home_is_the_root_of_every_section(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {*INDEX_PAGES, ContactPage, LegalPage})

    def test_the_contact_and_legal_pages_sit_under_the_home_page(self):
        home = HomePage.objects.get()
        for model in (ContactPage, LegalPage):
            self.assertAllowedParentPageTypes(model, {HomePage})
            self.assertAllowedSubpageTypes(model, set())
        self.assertFalse(ContactPage.can_create_at(home))  # one, and the loader made it
        self.assertTrue(LegalPage.can_create_at(home))

    def test_each_index_holds_only_its_own_items(self):
        for index, item in (
            (PillarIndexPage, PillarPage),
            (testimonials.TestimonialIndexPage, testimonials.TestimonialPage),
            (TeamIndexPage, TeamMemberPage),
            (TimelineIndexPage, StoryPage),
            (PublicationIndexPage, PublicationPage),
            (CountryIndexPage, CountryPage),
        ):
            self.assertAllowedParentPageTypes(index, {HomePage})
            self.assertAllowedSubpageTypes(index, {item})
            self.assertAllowedParentPageTypes(item, {index})
            self.assertAllowedSubpageTypes(item, set())

    def test_one_index_of_each_kind_under_the_home_page(self):
        home = HomePage.objects.get()
        for index in INDEX_PAGES:
            self.assertFalse(index.can_create_at(home), index)
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))
        self.assertCanNotCreateAt(PillarIndexPage, StoryPage)
        self.assertCanNotCreateAt(TimelineIndexPage, PillarPage)
        self.assertCanCreateAt(TimelineIndexPage, StoryPage)


@pytest.mark.django_db
class TestDerivedTitles:
    def test_a_team_member_without_a_name_is_titled_by_role(self):
        member = TeamMemberPage.objects.get(slug_pt="chefe-de-unidade")
        assert member.title_pt.startswith("Chefe da Unidade")
        assert member.title_en.startswith("Head of the Public Finance")

    def test_a_name_becomes_the_title_in_both_languages(self):
        member = TeamMemberPage.objects.get(slug_pt="chefe-de-unidade")
        member.name_pt = "Maria Exemplo"
        member.save_revision().publish()
        member.refresh_from_db()
        assert member.title_pt == member.title_en == "Maria Exemplo"
        assert member.draft_title == "Maria Exemplo"

    def test_a_testimonial_is_titled_by_the_persons_name(self):
        testimonial = testimonials.TestimonialPage.objects.get(slug_pt="edson-domingos")
        assert testimonial.title_pt == testimonial.title_en == "Edson Domingos"


class TestCountries:
    def test_one_list_for_every_kind_of_content(self):
        assert Country.values == ["ao", "cv", "gw", "mz", "st", "tl", "pt", "regional"]
        for model in (testimonials.TestimonialPage, StoryPage):
            assert model._meta.get_field("country").choices == Country.choices
        assert isinstance(TeamMemberPage._meta.get_field("countries"), CountryListField)

    def test_names_are_translated(self):
        from django.utils import translation

        with translation.override("pt"):
            assert str(Country.MOZAMBIQUE.label) == "Moçambique"
            assert str(Country.GUINEA_BISSAU.label) == "Guiné-Bissau"
            assert str(Country.SAO_TOME_AND_PRINCIPE.label) == "São Tomé e Príncipe"
        with translation.override("en"):
            assert str(Country.MOZAMBIQUE.label) == "Mozambique"

    def test_unknown_codes_are_refused(self):
        field = TeamMemberPage._meta.get_field("countries")
        field.validate(["mz", "tl"], None)
        with pytest.raises(ValidationError):
            field.validate(["mz", "xx"], None)
        with pytest.raises(ValidationError):
            field.validate("mz", None)


def test_neutral_fields_are_few_and_named():
    from action_portugal.models import SocialLink

    assert SiteSettings.language_neutral_fields == ("contact_email",)
    assert Partner.language_neutral_fields == ("url",)
    assert SocialLink.language_neutral_fields == ("name", "url")
