"""The countries: a page per country with where it stands with Convention No. 102, its
public figures with their source, and the programme's work there gathered from every
section's pages tagged with it, renewed as they are published, in as many queries for ten
tagged pages as for a thousand."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from action_portugal.management.commands.scale_demo_content import grow, story_values
from action_portugal.search import entries as site_search
from country_pages.factories import CountryPageFactory
from country_pages.models import PROGRAMME_COUNTRIES, CountryIndexPage, CountryPage
from team.models import TeamMemberPage
from testimonials import models as testimonials
from timeline.factories import StoryPageFactory
from timeline.models import StoryPage, TimelineIndexPage

from .conftest import soup
from .pages import publish, url_in

pytestmark = pytest.mark.django_db
SEARCH = {"pt": "/pt/pesquisa/", "en": "/en/search/"}


def country(code):
    return CountryPage.objects.get(country=code)


def main_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return soup(response).find("main")


# The programme's content -------------------------------------------------------------------


def test_the_six_countries_with_where_they_stand_with_c102():
    index = CountryIndexPage.objects.get()
    assert index.live and index.show_in_menus
    pages = CountryPage.objects.child_of(index).live()
    assert sorted(pages.values_list("country", flat=True)) == sorted(PROGRAMME_COUNTRIES)
    statuses = dict(pages.values_list("country", "c102_status"))
    assert statuses == {
        "cv": "ratified",
        "st": "deposited",
        "ao": "approved",
        "mz": "campaign",
        "tl": "preparing",
        "gw": "none",
    }
    deposit = country("st").c102_steps.get()
    assert (str(deposit.date), deposit.date_precision) == ("2024-06-07", "day")
    assert deposit.source_en == "ILO news"
    # Figures only where the programme's sources give them, each with its source.
    assert [page.country for page in pages if page.figures.exists()] == ["cv"]
    assert all(figure.source_pt and figure.source_en for figure in country("cv").figures.all())


@pytest.mark.parametrize(
    ("language", "status", "step", "figure", "source"),
    [
        ("pt", "Ratificada", "Aprovada pelo parlamento", "60,3 %", "Fonte:"),
        ("en", "Ratified", "Approved by parliament", "60.3 %", "Source:"),
    ],
)
def test_a_country_page_in_each_language(client, language, status, step, figure, source):
    main = main_of(client, url_in(country("cv"), language))
    c102 = main.find(class_="country__c102")
    assert status in c102.get_text()
    table = c102.find("table")
    headers = table.find("thead").find_all("th")
    assert len(headers) == 3 and all(th.get("scope") == "col" for th in headers)
    assert step in table.get_text()
    assert table.find("time", datetime="2019-07") is not None  # as precise as known
    figures = main.find(class_="country__figures")
    assert figure in figures.get_text() and source in figures.get_text()


def test_the_work_in_a_country_is_gathered_from_every_section(client):
    main = main_of(client, url_in(country("cv"), "en"))
    headings = [h.get_text() for h in main.find_all("h2")]
    for heading in ("Latest from the timeline", "Testimonials", "The team"):
        assert heading in headings
    for story in StoryPage.objects.live().filter(country="cv"):
        assert main.find("a", href=url_in(story, "en")) is not None
    for story in StoryPage.objects.live().exclude(country="cv"):
        assert main.find("a", href=url_in(story, "en")) is None
    assert "Elisandra" in main.get_text()  # the testimonial of Cabo Verde's INPS
    assert "Edson" not in main.get_text()  # Mozambique's


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("pt", "sobre o trabalho do programa neste país aparecerão aqui"),
        ("en", "about the programme's work in this country will appear here"),
    ],
)
def test_a_country_with_nothing_tagged_says_so(client, language, sentence):
    for page in (
        testimonials.TestimonialPage.objects.get(country="gw"),
        TeamMemberPage.objects.get(countries__icontains='"gw"'),
    ):
        page.unpublish()
    main = main_of(client, url_in(country("gw"), language))
    assert main.find(class_="card-grid") is None
    assert sentence in main.get_text()
    assert main.find("table") is None  # no step yet: its status, no empty table
    assert main.find(class_="country__figures") is None


def test_a_story_published_for_a_country_reaches_its_cached_page(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    url = url_in(country("mz"), "en")
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    story = StoryPageFactory(
        parent=TimelineIndexPage.objects.get(),
        country="mz",
        date="2030-01-01",
        title_en="A new story from Maputo",
    )
    assert main_of(client, url).find("a", string="A new story from Maputo") is not None
    story.unpublish()
    assert main_of(client, url).find("a", string="A new story from Maputo") is None


def test_one_page_per_country():
    duplicate = CountryPageFactory.build(
        country="mz", title_pt="Moçambique 2", title_en="Mozambique 2"
    )
    with pytest.raises(ValidationError) as raised:
        CountryIndexPage.objects.get().add_child(instance=duplicate)
    assert "country" in raised.value.message_dict
    assert CountryPage.objects.filter(country="mz").count() == 1


def queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_country_page_costs_the_same_queries_for_ten_and_a_thousand_stories(client):
    url = url_in(country("cv"), "en")
    few = queries(client, url)
    grow(StoryPage, TimelineIndexPage, story_values, 1000)
    assert StoryPage.objects.filter(country="cv").count() > 100
    publish(country("cv"))  # what the page showed is renewed
    assert queries(client, url) == few <= 10


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("pt", "C102"),
        ("pt", "R202"),
        ("pt", "Convenção n.º 102"),
        ("en", "Convention No. 102"),
        ("en", "C102"),
    ],
)
def test_the_convention_s_names_find_the_country_pages(client, language, words):
    found = set(site_search.search(words, language).values_list("page_id", flat=True))
    assert set(CountryPage.objects.live().values_list("pk", flat=True)) <= found
    results = soup(client.get(SEARCH[language], {"q": words}))
    assert results.find(class_="search-results") is not None


def test_the_country_pages_are_in_the_sitemap_with_their_alternates(client):
    from .test_seo import sitemap

    entries = sitemap(client)
    pages = [CountryIndexPage.objects.get(), *CountryPage.objects.live()]
    assert len(pages) == 7
    for page in pages:
        pt, en = url_in(page, "pt"), url_in(page, "en")
        assert entries[pt] == entries[en] == {"pt": pt, "en": en, "x-default": pt}
    assert entries["/pt/paises/cabo-verde/"]["en"] == "/en/countries/cabo-verde/"
