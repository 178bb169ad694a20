"""What a page shows of other sections (the home page's glimpses, an area of work's stories
and testimonials) comes from lists kept in the store (action_portugal.caching.lists), with
the page cache off: every change an editor publishes reaches them at once, and while
nothing changes they cost no query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from pillars.models import PillarPage
from testimonials import models as testimonials
from timeline.models import StoryPage

from .pages import publish, url_in

pytestmark = pytest.mark.django_db

STORY = "sao-tome-e-principe-ratifica-a-convencao-102"


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_an_area_of_work_stops_showing_a_story_taken_out_of_it(client):
    story = StoryPage.objects.get(slug_pt=STORY)
    conventions = PillarPage.objects.get(slug_pt="convencoes-internacionais")
    url = url_in(conventions, "pt")
    assert story.title_pt in text(client, url)
    publish(story, pillars=[p for p in story.pillars.all() if p.pk != conventions.pk])
    assert story.title_pt not in text(client, url)


def test_an_area_of_work_shows_a_testimonial_put_in_it(client):
    testimonial = testimonials.TestimonialPage.objects.order_by("path").first()
    area = PillarPage.objects.exclude(testimonials=testimonial).order_by("path").first()
    url = url_in(area, "en")
    assert testimonial.quote_en[:40] not in text(client, url)
    publish(testimonial, pillars=[*testimonial.pillars.all(), area])
    assert testimonial.quote_en[:40] in text(client, url)


def test_the_home_page_follows_publishing_unpublishing_and_privacy(client):
    story = StoryPage.objects.order_by("-date", "-path").first()
    assert story.title_en in text(client, "/en/")
    story = publish(story, title_en="A title published a moment ago")
    assert "A title published a moment ago" in text(client, "/en/")
    story.unpublish()
    assert "A title published a moment ago" not in text(client, "/en/")
    publish(story)
    assert "A title published a moment ago" in text(client, "/en/")
    restriction = PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="only-for-some"
    )
    assert "A title published a moment ago" not in text(client, "/en/")
    restriction.delete()
    assert "A title published a moment ago" in text(client, "/en/")


def test_a_known_list_costs_no_query(client):
    text(client, "/pt/")  # the lists are made
    with CaptureQueriesContext(connection) as queries:
        text(client, "/pt/")
    assert len(queries) == 0  # no photos on the cards of the programme's content


@pytest.mark.parametrize("area", [False, True])
def test_a_kept_glimpse_shows_what_its_render_did_in_each_language(client, area):
    url = {"pt": "/pt/", "en": "/en/"}
    if area:
        page = PillarPage.objects.get(slug_pt="convencoes-internacionais")
        url = {language: url_in(page, language) for language in url}
    first = {language: text(client, url[language]) for language in url}  # rendered, kept
    with CaptureQueriesContext(connection) as queries:
        again = {language: text(client, url[language]) for language in url}  # from the store
    assert again == first
    # The home page needs no query; an area of work, the two that find it by its address.
    assert len(queries) == (2 * len(url) if area else 0)
    heading = "Latest from the timeline" if not area else "On the timeline"
    assert heading in first["en"]
    assert heading not in first["pt"]


def test_kept_glimpses_need_no_picture_query(client):
    from action_portugal.management.commands.scale_demo_content import PICTURE_FIELD, pictures

    photo = pictures()[0]
    for model, field in PICTURE_FIELD.items():
        model.objects.update(**{field: photo.pk})
    text(client, "/en/")  # the lists, their HTML and the renditions are made
    with CaptureQueriesContext(connection) as queries:
        html = text(client, "/en/")
    assert len(queries) == 0
    assert html.count("<picture") >= 3  # the team's cards at least, each with its photo


def test_a_glimpse_follows_a_publish_in_the_language_it_changed(client):
    story = StoryPage.objects.order_by("-date", "-path").first()
    text(client, "/pt/"), text(client, "/en/")
    publish(story, title_pt="Um título novo, em português")
    assert "Um título novo, em português" in text(client, "/pt/")
    assert "Um título novo, em português" not in text(client, "/en/")
