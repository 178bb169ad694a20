"""Pages that never look empty: an area of work shows what it has of every kind and
nothing of what it lacks; a team role says its group, its countries and how to reach the
programme; testimonial cards end on a sentence; search results say their section and
start at a sentence."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from action_portugal.base.countries import Country, countries_of
from action_portugal.base.sentences import sentence_ends
from action_portugal.base.site_settings import SiteSettings
from contact.models import ContactPage
from country_pages.models import CountryPage
from pillars.factories import PillarPageFactory
from pillars.models import PillarIndexPage, PillarPage
from publications.factories import PublicationPageFactory
from publications.models import PublicationIndexPage, PublicationPage
from team.models import TeamMemberPage
from testimonials import models as testimonials
from timeline.models import StoryPage

from .conftest import soup
from .pages import publish, url_in

pytestmark = pytest.mark.django_db

EMPTY_STATES = ("Ainda não há", "No story on the timeline", "empty-state")


def related(area):
    """What the area of work has of each kind, as visitors may see it."""
    return {
        "stories": StoryPage.objects.live().filter(pillars=area),
        "testimonials": testimonials.TestimonialPage.objects.live().filter(pillars=area),
        "publications": PublicationPage.objects.live().filter(pillars=area),
    }


def full_area():
    """An area of work with stories, testimonials and publications: the conventions, with
    their stories from the programme's content, a testimonial put in it, and a study of
    Timor-Leste published in it."""
    area = PillarPage.objects.get(slug_pt="convencoes-internacionais")
    if not related(area)["testimonials"].exists():
        item = testimonials.TestimonialPage.objects.live().order_by("path").first()
        publish(item, pillars=[*item.pillars.all(), area])
    if not related(area)["publications"].exists():
        page = PublicationPageFactory.build(countries=["tl"])
        page.pillars = [area]
        PublicationIndexPage.objects.get().add_child(instance=page)
        page.save_revision().publish()
    assert all(items.exists() for items in related(area).values())
    return PillarPage.objects.get(pk=area.pk)


def expected_countries(area):
    codes = set()
    for items in related(area).values():
        for item in items:
            codes |= countries_of(item.specific)
    codes.discard(Country.REGIONAL)
    return codes


@pytest.mark.parametrize(
    ("language", "headings"),
    [
        ("pt", ["Na cronologia", "Publicações", "Testemunhos", "Onde este trabalho é feito"]),
        ("en", ["On the timeline", "Publications", "Testimonials", "Where this work is done"]),
    ],
)
def test_an_area_of_work_with_every_kind_shows_each(client, language, headings):
    area = full_area()
    document = soup(client.get(url_in(area, language)))
    assert document.select_one(".area-header__icon use")["href"].endswith(f"#{area.icon}")
    shown = [h2.get_text(strip=True) for h2 in document.select("main h2")]
    for heading in headings:
        assert heading in shown
    assert len(document.select("#related-stories ~ ul .story-card")) == min(
        related(area)["stories"].count(), 6
    )
    assert document.select("#related-testimonials ~ ul .testimonial")
    assert document.select("#related-publications ~ ul li")
    # The map highlights the countries its items were done in, and lists those alone.
    countries = expected_countries(area)
    assert countries
    names = {
        key.get_text(strip=True)
        for key in document.select("#related-countries ~ .country-map .country-map__key")
        if "country-map__key--partner" not in key["class"]
    }
    pages = CountryPage.objects.live().filter(country__in=countries)
    assert names == {getattr(page, f"title_{language}") for page in pages}
    muted = document.select(".country-map__country--other")
    assert len(muted) == 6 - len(names)
    for state in EMPTY_STATES:
        assert state not in str(document.select_one("main"))


@pytest.mark.parametrize("language", ["pt", "en"])
def test_an_area_of_work_with_nothing_says_nothing_of_it(client, language):
    area = PillarPageFactory(parent=PillarIndexPage.objects.get())
    response = client.get(url_in(area, language))
    assert response.status_code == 200
    main = soup(response).select_one("main")
    # Nothing of what it lacks: only the way on to the other areas of work.
    heading = {"pt": "Outras áreas de trabalho", "en": "Other areas of work"}[language]
    assert [h2.get_text(strip=True) for h2 in main.select("h2")] == [heading]
    others = PillarPage.objects.live().exclude(pk=area.pk)
    assert {a["href"] for a in main.select(".other-areas a")} == {
        url_in(other, language) for other in others
    }
    assert main.select("section") == []
    assert main.select(".country-map") == []
    for state in EMPTY_STATES:
        assert state not in str(main)
    assert main.select_one("h1").get_text(strip=True) == getattr(area, f"title_{language}")


def test_an_area_of_works_lists_cost_a_fixed_number_of_queries(client):
    """Its lists are built by the first render (a query for each section's items, one more
    for each section that says where they were done, the country pages of those), kept
    with their HTML in each language; after that, the page costs the two queries that find
    it by its address, whatever it shows."""
    area = full_area()
    empty = PillarPageFactory(parent=PillarIndexPage.objects.get())
    client.get("/pt/"), client.get("/en/")  # the chrome (menus, footer, countries) is made
    counts = []
    for page in (area, empty):
        for language in ("pt", "en", "pt"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url_in(page, language)).status_code == 200
            counts.append(len(queries))
    # Built: 2 to find the page, 3 for the stories, publications and testimonials, 3 for the
    # countries they were done in and 1 for those countries' pages (none when there are
    # none); the conventions' body also shows the C102 table, 2 more the first time.
    assert counts == [11, 2, 2, 8, 2, 2]


def test_a_story_put_in_an_area_of_work_brings_its_country_to_the_map(client):
    area = PillarPageFactory(parent=PillarIndexPage.objects.get())
    url = url_in(area, "en")
    assert soup(client.get(url)).select(".country-map") == []
    story = StoryPage.objects.filter(country="tl").first()
    publish(story, pillars=[*story.pillars.all(), area])
    document = soup(client.get(url))
    keys = [k.get_text(strip=True) for k in document.select(".country-map__key a")]
    assert keys == ["Timor-Leste"]
    assert document.select_one("#related-stories")


# A team role -------------------------------------------------------------------------


def role(**conditions):
    return TeamMemberPage.objects.filter(**conditions).order_by("path").first()


@pytest.mark.parametrize(
    ("language", "group", "also"),
    [
        ("pt", "Responsáveis nos países", "Também neste grupo:"),
        ("en", "Country officers", "Also in this group:"),
    ],
)
def test_a_team_role_says_its_group_its_countries_and_its_colleagues(client, language, group, also):
    member = TeamMemberPage.objects.get(slug_en="country-officer-cabo-verde-guinea-bissau")
    document = soup(client.get(url_in(member, language)))
    facts = document.select_one(".role-page__facts")
    link = facts.select_one("a")
    assert link["href"].endswith(f"#group-{member.group}")
    assert link.get_text(strip=True) == group
    with translation.override(language):
        for code in member.countries:
            assert str(dict(Country.choices)[code]) in facts.get_text()
    colleagues = TeamMemberPage.objects.live().filter(group=member.group).exclude(pk=member.pk)
    cards = document.select("#colleagues-heading ~ ul .person")
    assert len(cards) == colleagues.count()
    assert document.select_one("#colleagues-heading").get_text().startswith(also)
    # No contact in the settings: the contact page is the way to reach the programme.
    reach = document.select_one(".reach")
    assert [a["href"] for a in reach.select("a")] == [url_in(ContactPage.objects.get(), language)]
    assert reach.select("address") == []


def test_a_team_role_says_nothing_of_a_contact_it_does_not_have(client):
    member = role()
    assert soup(client.get(url_in(member, "pt"))).select(".reach")  # the contact page
    ContactPage.objects.get().unpublish()
    # Unpublished, the contact page leaves the role's page (kept with the chrome) at once.
    assert soup(client.get(url_in(member, "pt"))).select(".reach") == []


@pytest.mark.parametrize(
    ("language", "heading"),
    [("pt", "Como contactar o programa"), ("en", "How to reach the programme")],
)
def test_a_team_role_says_how_to_reach_the_programme(client, language, heading):
    settings = SiteSettings.objects.get()
    settings.contact_email = "programme@example.org"
    settings.address_pt = "Rua de Exemplo, Lisboa"
    settings.address_en = "Rua de Exemplo, Lisbon"
    settings.save()
    member = role()
    reach = soup(client.get(url_in(member, language))).select_one(".reach")
    assert reach.select_one("h2").get_text(strip=True) == heading
    assert reach.select_one('a[href="mailto:programme@example.org"]')
    assert ("Lisboa" if language == "pt" else "Lisbon") in reach.get_text()


def test_the_team_page_says_it_lists_roles(client):
    text = soup(client.get("/pt/equipa/")).select_one("main").get_text()
    assert "As funções da equipa" in text and "As pessoas" not in text
    text = soup(client.get("/en/team/")).select_one("main").get_text()
    assert "The roles in the team" in text and "The people" not in text


# Testimonials and search -----------------------------------------------------------------


@pytest.mark.parametrize("language", ["pt", "en"])
def test_testimonial_cards_end_on_a_sentence(client, language):
    index = soup(client.get({"pt": "/pt/", "en": "/en/"}[language]))
    quotes = {
        " ".join(getattr(t, f"quote_{language}").split()): t
        for t in testimonials.TestimonialPage.objects.all()
    }
    cards = index.select(".testimonial blockquote p")
    assert cards
    for card in cards:
        excerpt = card.get_text()
        quote = next(text for text in quotes if text.startswith(excerpt.rstrip("…")))
        if excerpt != quote:
            assert excerpt.endswith("…") or len(excerpt) in sentence_ends(quote)


@pytest.mark.parametrize(
    ("url", "query", "title", "kind"),
    [
        ("/pt/pesquisa/", "atuariais", "Estudos atuariais", "Área de trabalho"),
        ("/en/search/", "actuarial", "Actuarial studies", "Area of work"),
        (
            "/pt/pesquisa/",
            "ratifica",
            "Cabo Verde ratifica a Convenção n.º 102 da OIT",
            "Acontecimento",
        ),
        ("/en/search/", "ratifies", "Cabo Verde ratifies ILO Convention No. 102", "Story"),
    ],
)
def test_a_search_result_says_its_section_and_starts_at_a_sentence(client, url, query, title, kind):
    from action_portugal.models import SearchEntry

    document = soup(client.get(url, {"q": query}))
    results = document.select(".search-result")
    kinds = {
        r.select_one(".search-result__title").get_text(strip=True): r.select_one(
            ".search-result__kind"
        ).get_text(strip=True)
        for r in results
    }
    assert kinds[title] == kind
    language = url[1:3]
    for result in results:
        excerpt = result.select_one(".search-result__excerpt")
        if excerpt is None:
            continue
        passage = re.sub(r"\s*…$", "", excerpt.get_text())
        link = result.select_one(".search-result__title a")["href"]
        entry = next(
            e
            for e in SearchEntry.objects.filter(language=language)
            if e.title == result.select_one(".search-result__title").get_text(strip=True)
        )
        text = " ".join(entry.text.split())
        assert passage in text, link
        start = text.index(passage)
        assert start == 0 or start in {end + 1 for end in sentence_ends(text)}, link
