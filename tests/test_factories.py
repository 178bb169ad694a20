"""A factory for every page model, and every factory makes a page that renders in both
languages."""

import pytest

from action_portugal.factories import HomePageFactory, SiteImageFactory
from contact.factories import ContactPageFactory, LegalPageFactory
from country_pages.factories import CountryIndexPageFactory, CountryPageFactory
from pillars.factories import PillarIndexPageFactory, PillarPageFactory
from publications.factories import PublicationIndexPageFactory, PublicationPageFactory
from team.factories import TeamIndexPageFactory, TeamMemberPageFactory
from testimonials import factories as testimonial_factories
from timeline.factories import StoryPageFactory, TimelineIndexPageFactory

from .conftest import soup
from .pages import page_models, url_in

pytestmark = pytest.mark.django_db

FACTORIES = [
    HomePageFactory,
    PillarIndexPageFactory,
    PillarPageFactory,
    testimonial_factories.TestimonialIndexPageFactory,
    testimonial_factories.TestimonialPageFactory,
    TeamIndexPageFactory,
    TeamMemberPageFactory,
    TimelineIndexPageFactory,
    StoryPageFactory,
    PublicationIndexPageFactory,
    PublicationPageFactory,
    CountryIndexPageFactory,
    CountryPageFactory,
    ContactPageFactory,
    LegalPageFactory,
]


def test_every_page_model_has_a_factory():
    covered = {factory._meta.model for factory in FACTORIES}
    assert set(page_models()) == covered


def test_factories_build_pages_that_render_in_both_languages(client):
    """A second, factory-built site section by section under the loaded home page."""
    from action_portugal.models import HomePage

    home = HomePage.objects.get()
    photo = SiteImageFactory()
    made = []
    for index_factory, item_factory, extra in (
        (PillarIndexPageFactory, PillarPageFactory, {}),
        (
            testimonial_factories.TestimonialIndexPageFactory,
            testimonial_factories.TestimonialPageFactory,
            {"photo": photo},
        ),
        (TeamIndexPageFactory, TeamMemberPageFactory, {"photo": photo}),
        (TimelineIndexPageFactory, StoryPageFactory, {"image": photo}),
        (CountryIndexPageFactory, CountryPageFactory, {}),
    ):
        slug = f"f-{index_factory.__name__.lower()}"
        index = index_factory(parent=home, slug_pt=slug, slug_en=f"{slug}-en")
        made += [index, item_factory(parent=index, **extra)]
    # The pages right under the home page that are not a section's: one contact page and
    # one page of each notice a site, so the loaded ones make way.
    from contact.models import ContactPage, LegalPage

    ContactPage.objects.get().delete()
    LegalPage.objects.filter(role="accessibility").delete()
    made += [ContactPageFactory(parent=home), LegalPageFactory(parent=home, role="accessibility")]
    for page in made:
        for language in ("pt", "en"):
            response = client.get(url_in(page, language))
            assert response.status_code == 200, (page, language)
            assert soup(response).html["lang"] == language


def test_home_page_factory_makes_a_renderable_home(client):
    from wagtail.models import Page, Site

    home = HomePageFactory(parent=Page.get_first_root_node(), slug_pt="outra", slug_en="other")
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    headings = {
        "pt": "Proteção social nos PALOP e em Timor-Leste",
        "en": "Social protection in the PALOP and Timor-Leste",
    }
    for language in ("pt", "en"):
        response = client.get(f"/{language}/")
        assert response.status_code == 200
        page = soup(response)
        # The programme's name above the heading, which says what it is about (no headline
        # given: the site's tagline, not its name a second time).
        assert page.select_one(".hero__name").get_text(strip=True) == getattr(
            home, f"title_{language}"
        )
        assert page.h1.get_text(strip=True) == headings[language]

    home.headline_pt, home.headline_en = "Proteção social para todos", "Social protection for all"
    home.save_revision().publish()
    for language, heading in (
        ("pt", "Proteção social para todos"),
        ("en", "Social protection for all"),
    ):
        assert soup(client.get(f"/{language}/")).h1.get_text(strip=True) == heading
