"""The timeline: grouped by year, filtered by country and area of work with plain query
parameters, each story linked to the one before and after it."""

import pytest

from pillars.models import PillarPage
from timeline.models import StoryPage

from .conftest import soup
from .pages import url_in

pytestmark = pytest.mark.django_db


def story_titles(response):
    return [a.get_text(strip=True) for a in soup(response).select(".story-card .card__title a")]


def test_grouped_by_year_newest_first(client):
    document = soup(client.get("/en/timeline/"))
    years = [h2.get_text(strip=True) for h2 in document.select(".timeline-year h2")]
    assert years == ["2024", "2023", "2022", "2021", "2020", "2018", "2015"]
    assert [li.select_one("time")["datetime"] for li in document.select(".story-card")][:3] == [
        "2024-12-04",
        "2024-07",
        "2024-06-07",
    ]


def test_filter_by_country(client):
    titles = story_titles(client.get("/en/timeline/", {"country": "mz"}))
    expected = StoryPage.objects.filter(country="mz").order_by("-date")
    assert titles == [story.title_en for story in expected]
    assert len(titles) == 3


def test_filter_by_area_of_work(client):
    response = client.get("/pt/cronologia/", {"area": "estatisticas-da-protecao-social"})
    assert len(story_titles(response)) == 5
    document = soup(response)
    selected = document.select_one("#filter-area option[selected]")["value"]
    assert selected == "estatisticas-da-protecao-social"
    assert "5 acontecimentos correspondem a estes filtros." in document.get_text()
    # The options name each area by its address in the page's language.
    english = soup(client.get("/en/timeline/", {"area": "estatisticas-da-protecao-social"}))
    assert english.select_one("#filter-area option[selected]")["value"] == (
        "social-protection-statistics"
    )
    assert len(english.select(".story-card")) == 5


@pytest.mark.parametrize(
    ("url", "readable"),
    [
        ("/pt/cronologia/?area={pk}", "/pt/cronologia/?area=estatisticas-da-protecao-social"),
        (
            "/en/timeline/?country=mz&area={pk}&page=2",
            "/en/timeline/?area=social-protection-statistics&country=mz&page=2",
        ),
        ("/en/publications/?area={pk}", "/en/publications/?area=social-protection-statistics"),
    ],
)
def test_an_old_address_naming_an_area_by_its_id_moves_for_good(client, url, readable):
    statistics = PillarPage.objects.get(slug_pt="estatisticas-da-protecao-social")
    response = client.get(url.format(pk=statistics.pk))
    assert response.status_code == 301
    assert response["Location"] == readable
    assert client.get(readable).status_code == 200


def test_both_filters_and_nothing_found(client):
    response = client.get("/en/timeline/", {"area": "international-conventions", "country": "ao"})
    document = soup(response)
    assert story_titles(response) == []
    assert "No story matches these filters yet." in document.select_one(".empty-state").text
    assert document.select_one(".empty-state a")["href"] == "/en/timeline/"


@pytest.mark.parametrize(
    "params",
    [
        {"country": "xx"},
        {"area": "abc"},
        {"area": "999999"},
        {"area": "-1"},
        {"country": "mz" * 500},
        {"area": "10" * 20},
        {"country": "", "area": ""},
        {"kind": "party"},
        {"kind": "launch" * 100},
        {"area": "<script>alert(1)</script>"},
        {"area": "../../etc/passwd"},
        {"area": "1 OR 1=1"},
        {"area": "%00"},
        {"area": "ａｒｅａ"},
        {"area": "1" * 400},
    ],
)
def test_unknown_filter_values_are_ignored(client, params):
    response = client.get("/en/timeline/", params)
    assert response.status_code == 200
    assert len(story_titles(response)) == 12


def test_pagination_keeps_the_filters(client):
    from timeline.factories import StoryPageFactory
    from timeline.models import STORIES_PER_PAGE, TimelineIndexPage

    index = TimelineIndexPage.objects.get()
    for _ in range(STORIES_PER_PAGE):
        StoryPageFactory(parent=index, country="tl")
    document = soup(client.get("/en/timeline/", {"country": "tl"}))
    next_link = document.select_one('.pagination a[rel="next"]')["href"]
    assert "country=tl" in next_link and "page=2" in next_link
    assert len(story_titles(client.get("/en/timeline/" + next_link))) == 1


def test_previous_and_next_story(client):
    stories = list(StoryPage.objects.order_by("date", "path"))
    middle = stories[4]
    document = soup(client.get(url_in(middle, "en")))
    older = document.select_one('.prev-next a[rel="prev"]')
    newer = document.select_one('.prev-next a[rel="next"]')
    assert older["href"] == url_in(stories[3], "en")
    assert newer["href"] == url_in(stories[5], "en")
    first = soup(client.get(url_in(stories[0], "pt")))
    assert first.select_one('.prev-next a[rel="prev"]') is None
    assert "Acontecimento seguinte" in first.select_one('.prev-next a[rel="next"]').get_text()


def test_a_story_shows_its_date_at_its_precision_and_its_areas(client):
    story = StoryPage.objects.get(slug_pt="inss-angola-economia-informal")
    document = soup(client.get(url_in(story, "pt")))
    time = document.select_one(".story__meta time")
    assert (time.get_text(), time["datetime"]) == ("2018", "2018")
    tags = [a.get_text(strip=True) for a in document.select(".tags a")]
    assert "Extensão da cobertura da proteção social" in tags


def test_a_pillar_page_links_to_its_stories_on_the_timeline(client):
    pillar = PillarPage.objects.get(slug_pt="convencoes-internacionais")
    document = soup(client.get(url_in(pillar, "en")))
    assert len(document.select(".story-card")) == 4
    link = document.select_one("#related-stories ~ p a, section p a.more")
    assert link["href"] == f"/en/timeline/?area={pillar.slug_en}"
    document = soup(client.get(url_in(pillar, "pt")))
    link = document.select_one("#related-stories ~ p a, section p a.more")
    assert link["href"] == f"/pt/cronologia/?area={pillar.slug_pt}"
