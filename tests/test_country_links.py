"""A country's name links to its country page wherever the site shows it (story cards and
headers, testimonials, team, publications, the filters), in both languages; stays plain text
where the country has no page visitors may see; and every cached page follows when a
country page is published, unpublished, renamed or made private, in a constant number of
queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from action_portugal.management.commands.scale_demo_content import grow, story_values
from country_pages.models import CountryPage
from publications.factories import PublicationPageFactory
from publications.models import PublicationIndexPage
from team.models import TeamIndexPage, TeamMemberPage
from testimonials import models as testimonials
from timeline.factories import StoryPageFactory
from timeline.models import StoryPage, TimelineIndexPage

from .conftest import soup
from .pages import publish, url_in

pytestmark = pytest.mark.django_db
LANGUAGES = ("pt", "en")
NAMES = {
    "mz": {"pt": "Moçambique", "en": "Mozambique"},
    "cv": {"pt": "Cabo Verde", "en": "Cabo Verde"},
    "gw": {"pt": "Guiné-Bissau", "en": "Guinea-Bissau"},
    "st": {"pt": "São Tomé e Príncipe", "en": "São Tomé and Príncipe"},
    "pt": {"pt": "Portugal", "en": "Portugal"},
    "regional": {"pt": "Regional (todos os países)", "en": "Regional (all countries)"},
}


def country(code):
    return CountryPage.objects.get(country=code)


def story(slug_pt):
    return StoryPage.objects.get(slug_pt=slug_pt)


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return soup(response)


def links_to(tree, code, language):
    """The links to ``code``'s country page in ``tree``, each named as the country is."""
    href = url_in(country(code), language)
    found = tree.find_all("a", href=href)
    for link in found:
        assert link.get_text() == NAMES[code][language]
    return found


def named_plainly(tree, code, language):
    """``tree`` names the country, and not as a link."""
    name = NAMES[code][language]
    return name in tree.get_text() and not [a for a in tree.find_all("a") if a.get_text() == name]


def not_nested(link):
    assert link.find_parent("a") is None and link.find("a") is None


# Every kind of place --------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_story_s_card_and_header_link_to_its_country(client, language):
    unions = story("sindicatos-mocambicanos-campanha-c102")
    timeline = page_of(client, url_in(TimelineIndexPage.objects.get(), language))
    title = timeline.find("a", href=url_in(unions, language))
    card = title.find_parent(class_="story-card")
    [link] = links_to(card, "mz", language)
    not_nested(link)
    assert link.find_parent("p") is not None  # beside the card's own link, not inside it

    header = page_of(client, url_in(unions, language)).find("header", class_="page-header")
    assert len(links_to(header, "mz", language)) == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_regional_and_portugal_have_no_page_and_stay_plain_text(client, language):
    start = story("arranque-do-action-portugal")  # "regional"
    header = page_of(client, url_in(start, language)).find("header", class_="page-header")
    assert named_plainly(header, "regional", language)
    lisbon = StoryPageFactory(parent=TimelineIndexPage.objects.get(), country="pt")
    header = page_of(client, url_in(lisbon, language)).find("header", class_="page-header")
    assert named_plainly(header, "pt", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_testimonials_link_to_their_country(client, language):
    edson = testimonials.TestimonialPage.objects.get(slug_pt="edson-domingos")
    whole = page_of(client, url_in(edson, language)).find("figure", class_="testimonial")
    assert len(links_to(whole, "mz", language)) == 1
    home = page_of(client, f"/{language}/")
    excerpt = home.find("a", href=url_in(edson, language)).find_parent("figure")
    [link] = links_to(excerpt, "mz", language)
    not_nested(link)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_team_links_to_the_countries_each_member_covers(client, language):
    officer = TeamMemberPage.objects.get(slug_pt="responsavel-cabo-verde-guine-bissau")
    team = page_of(client, url_in(TeamIndexPage.objects.get(), language))
    card = team.find("a", href=url_in(officer, language)).find_parent(class_="person")
    for code in ("cv", "gw"):
        [link] = links_to(card, code, language)
        not_nested(link)
    facts = page_of(client, url_in(officer, language)).find("dl", class_="facts")
    assert len(links_to(facts, "cv", language)) == len(links_to(facts, "gw", language)) == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_publications_link_to_their_countries(client, language):
    library = PublicationIndexPage.objects.get()
    bulletin = PublicationPageFactory(parent=library, countries=["mz", "pt"])
    shelf = page_of(client, url_in(library, language))
    card = shelf.find("a", href=url_in(bulletin, language)).find_parent(class_="publication-card")
    [link] = links_to(card, "mz", language)
    not_nested(link)
    assert named_plainly(card, "pt", language)
    header = page_of(client, url_in(bulletin, language)).find("header", class_="page-header")
    assert len(links_to(header, "mz", language)) == 1
    assert named_plainly(header, "pt", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_country_chosen_in_a_filter_links_to_its_page(client, language):
    PublicationPageFactory(parent=PublicationIndexPage.objects.get(), countries=["mz"])
    for index in (TimelineIndexPage.objects.get(), PublicationIndexPage.objects.get()):
        url = url_in(index, language)
        chosen = page_of(client, url + "?country=mz").find(class_="filters__country")
        [link] = chosen.find_all("a", href=url_in(country("mz"), language))
        assert NAMES["mz"][language] in link.get_text()
        # The country's options stay options: a <select> cannot hold links.
        assert page_of(client, url + "?country=mz").find("option", value="mz").find("a") is None
        assert page_of(client, url).find(class_="filters__country") is None
        assert page_of(client, url + "?country=pt").find(class_="filters__country") is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_on_its_own_page_a_country_s_name_is_not_a_link_to_itself(client, language):
    main = page_of(client, url_in(country("mz"), language)).find("main")
    assert main.find("a", href=url_in(story("sindicatos-mocambicanos-campanha-c102"), language))
    assert links_to(main, "mz", language) == []
    assert named_plainly(main, "mz", language)


# Not live, not public ---------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_country_page_not_live_or_not_public_leaves_its_name_plain(client, language):
    url = url_in(story("sindicatos-mocambicanos-campanha-c102"), language)
    country("mz").unpublish()
    assert named_plainly(page_of(client, url).find("header", class_="page-header"), "mz", language)
    publish(country("mz"))
    assert len(links_to(page_of(client, url), "mz", language)) == 1

    PageViewRestriction.objects.create(
        page=country("mz"), restriction_type=PageViewRestriction.LOGIN
    )
    assert named_plainly(page_of(client, url).find("header", class_="page-header"), "mz", language)


# The page cache -----------------------------------------------------------------------------


def cached_surfaces(language):
    """Pages that show Mozambique's name: a story's header, the timeline's cards, the home
    page's testimonials (a kept glimpse), a team card, a filter."""
    return [
        url_in(story("sindicatos-mocambicanos-campanha-c102"), language),
        url_in(TimelineIndexPage.objects.get(), language),
        f"/{language}/",
        url_in(TeamIndexPage.objects.get(), language),
        url_in(TimelineIndexPage.objects.get(), language) + "?country=mz",
    ]


def warm(client, urls):
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Cache"] == "hit", url


@pytest.mark.parametrize("language", LANGUAGES)
def test_cached_pages_follow_a_country_page_s_new_address_and_unpublishing(
    client, settings, language
):
    settings.PAGE_CACHE_ENABLED = True
    urls = cached_surfaces(language)
    warm(client, urls)
    renamed = publish(country("mz"), slug_pt="mocambique-pais", slug_en="mozambique-country")
    new_address = url_in(renamed, language)
    assert new_address.endswith(("/mocambique-pais/", "/mozambique-country/"))
    for url in urls:
        response = client.get(url)
        assert response["X-Cache"] == "miss", url
        assert soup(response).find("a", href=new_address) is not None, url
    warm(client, urls)
    country("mz").unpublish()
    for url in urls:
        tree = page_of(client, url)
        assert tree.find("a", href=new_address) is None, url
        assert tree.find("a", string=NAMES["mz"][language]) is None, url


def test_cached_pages_follow_a_country_page_made_private(client, settings, admin_client):
    settings.PAGE_CACHE_ENABLED = True
    urls = cached_surfaces("en")
    warm(client, urls)
    response = admin_client.post(
        f"/admin/pages/{country('mz').pk}/privacy/", {"restriction_type": "login"}
    )
    assert response.status_code == 200
    for url in urls:
        assert page_of(client, url).find("a", href=url_in(country("mz"), "en")) is None, url


# Queries --------------------------------------------------------------------------------------


def queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return captured


def test_the_names_cost_the_same_queries_for_ten_and_a_thousand_tagged_stories(client):
    urls = [
        url_in(TimelineIndexPage.objects.get(), "pt"),
        url_in(TimelineIndexPage.objects.get(), "en") + "?country=mz",
        url_in(story("sindicatos-mocambicanos-campanha-c102"), "pt"),
        url_in(TeamIndexPage.objects.get(), "en"),
        "/en/",
    ]
    few = [len(queries(client, url)) for url in urls]
    grow(StoryPage, TimelineIndexPage, story_values, 1000)
    assert StoryPage.objects.filter(country="mz").count() > 100
    assert [len(queries(client, url)) for url in urls] == few


def test_the_country_pages_are_looked_up_once_then_remembered(client, settings):
    url = url_in(story("sindicatos-mocambicanos-campanha-c102"), "en")
    table = CountryPage._meta.db_table

    def lookups(captured):
        return [q for q in captured.captured_queries if f'"{table}"' in q["sql"]]

    publish(country("ao"))  # in the chrome: what every page shows is looked up again
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    assert len(lookups(first)) == 1
    assert lookups(queries(client, url)) == []
    settings.PAGE_CACHE_ENABLED = True
    client.get(url)
    with CaptureQueriesContext(connection) as cached:
        assert client.get(url)["X-Cache"] == "hit"
    assert len(cached) == 0
