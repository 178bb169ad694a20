"""Every state a visitor can meet looks finished, in both languages: empty sections,
pagination out of range, a missing page, a server error."""

import pytest
from bs4 import BeautifulSoup

from action_portugal.views import server_error
from pillars.models import PillarPage
from team.models import TeamMemberPage
from testimonials import models as testimonials
from timeline.models import StoryPage

from .conftest import soup

pytestmark = pytest.mark.django_db

EMPTY_TIMELINE = {
    "pt": "A cronologia do programa está a ser preparada",
    "en": "The programme's timeline is being prepared",
}


def delete_all(model):
    for page in model.objects.all():
        page.delete()


@pytest.mark.parametrize("language", ["pt", "en"])
def test_an_empty_timeline_says_so_in_the_visitors_language(client, language):
    delete_all(StoryPage)
    url = {"pt": "/pt/cronologia/", "en": "/en/timeline/"}[language]
    document = soup(client.get(url))
    assert EMPTY_TIMELINE[language] in document.select_one(".empty-state").get_text()
    assert not document.select(".timeline, .timeline-year, .pagination")
    home = soup(client.get(f"/{language}/"))
    assert EMPTY_TIMELINE[language] in home.select_one(".empty-state").get_text()
    assert not home.select(".story-card")


@pytest.mark.parametrize(
    ("model", "url", "sentence"),
    [
        (PillarPage, "/pt/areas-de-trabalho/", "As áreas de trabalho serão publicadas aqui"),
        (testimonials.TestimonialPage, "/pt/testemunhos/", "Os testemunhos das instituições"),
        (TeamMemberPage, "/pt/equipa/", "A equipa será apresentada aqui em breve"),
        (PillarPage, "/en/areas-of-work/", "The areas of work will be published here soon"),
        (testimonials.TestimonialPage, "/en/testimonials/", "Testimonials from our partner"),
        (TeamMemberPage, "/en/team/", "The team will be introduced here soon"),
    ],
)
def test_every_empty_section_says_so(client, model, url, sentence):
    delete_all(model)
    response = client.get(url)
    assert response.status_code == 200
    document = soup(response)
    assert sentence in document.select_one(".empty-state").get_text()
    assert len(document.find_all("h1")) == 1


def test_home_with_no_content_has_no_empty_sections(client):
    for model in (PillarPage, testimonials.TestimonialPage, TeamMemberPage):
        delete_all(model)
    document = soup(client.get("/pt/"))
    sections = [section for section in document.select("main section") if section.h2]
    assert sections
    for section in sections:
        assert section.select("li") or section.select(".empty-state"), section


@pytest.mark.parametrize("page", ["abc", "-1", "0", "999", "10" * 12, "1.5", ""])
def test_any_page_number_gives_a_page(client, page):
    response = client.get("/pt/cronologia/", {"page": page})
    assert response.status_code == 200
    assert soup(response).select(".story-card")


def test_long_timelines_are_paginated(client):
    from timeline.factories import StoryPageFactory
    from timeline.models import STORIES_PER_PAGE, TimelineIndexPage

    index = TimelineIndexPage.objects.get()
    for _ in range(STORIES_PER_PAGE + 5 - StoryPage.objects.count()):
        StoryPageFactory(parent=index)
    first = soup(client.get("/en/timeline/"))
    assert len(first.select(".story-card")) == STORIES_PER_PAGE
    assert first.select_one('.pagination a[rel="next"]')["href"] == "?page=2"
    second = soup(client.get("/en/timeline/?page=2"))
    assert len(second.select(".story-card")) == 5
    assert "Page 2 of 2" in second.select_one(".pagination").get_text()
    assert "Página 2 de 2" in soup(client.get("/pt/cronologia/?page=2")).get_text()


@pytest.mark.parametrize(
    ("url", "language", "heading"),
    [("/pt/nao-existe/", "pt", "Página não encontrada"), ("/en/nope/", "en", "Page not found")],
)
def test_not_found_in_the_visitors_language(client, url, language, heading):
    response = client.get(url)
    assert response.status_code == 404
    document = soup(response)
    assert document.html["lang"] == language
    assert [h.get_text(strip=True) for h in document.find_all("h1")] == [heading]
    assert document.select_one(".main-nav")


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [("/en/timeline/", "en", "Something went wrong"), ("/pt/equipa/", "pt", "Algo correu mal")],
)
def test_the_server_error_page_speaks_the_urls_language_without_the_database(
    rf, django_assert_num_queries, path, language, heading
):
    with django_assert_num_queries(0):
        response = server_error(rf.get(path))
    assert response.status_code == 500
    document = BeautifulSoup(response.content.decode(), "html.parser")
    assert document.html["lang"] == language
    assert document.h1.get_text(strip=True) == heading
    assert document.select_one("main form input[name=q]")
    assert document.select_one(f'main a[href="/{language}/"]')


def test_a_real_error_gets_that_page(client, monkeypatch):
    from pillars.models import PillarIndexPage

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(PillarIndexPage, "get_context", explode)
    client.raise_request_exception = False
    response = client.get("/en/areas-of-work/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
