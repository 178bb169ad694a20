"""Long lists come a page at a time: the timeline, the testimonials and the team."""

import pytest

from action_portugal.management.commands.scale_demo_content import SECTIONS, grow
from team.models import TeamIndexPage, TeamMemberPage
from testimonials import models as testimonials
from timeline.models import STORIES_PER_PAGE

from .conftest import soup
from .pages import url_in

pytestmark = pytest.mark.django_db
GROW = {model: (index, values) for _name, model, index, values in SECTIONS}


def scaled(model, count):
    index, values = GROW[model]
    grow(model, index, values, count)
    return index.objects.get()


@pytest.mark.parametrize(
    ("model", "count", "card"),
    [
        (testimonials.TestimonialPage, 30, ".testimonial-grid > li"),
        (TeamMemberPage, 60, ".card-grid > li"),
    ],
)
def test_a_long_list_is_paginated_in_both_languages(client, model, count, card):
    index = scaled(model, count)
    per_page = testimonials.PER_PAGE if model is testimonials.TestimonialPage else 24
    pages = -(-count // per_page)
    for language, label in (("pt", "Página 1 de"), ("en", "Page 1 of")):
        document = soup(client.get(url_in(index, language)))
        assert len(document.select(card)) == per_page
        assert f"{label} {pages}" in document.select_one("nav.pagination").get_text(" ")
        assert document.select_one('nav.pagination a[rel="next"]')["href"] == "?page=2"
    last = soup(client.get(url_in(index, "en") + f"?page={pages}"))
    assert len(last.select(card)) == count - per_page * (pages - 1)
    assert last.select_one('nav.pagination a[rel="prev"]') is not None
    for bad in ("abc", "-1", "0", str(10**12)):
        assert client.get(url_in(index, "en") + f"?page={bad}").status_code == 200


def test_the_team_keeps_its_groups_in_order_across_pages(client):
    index = scaled(TeamMemberPage, 60)
    headings = []
    for number in (1, 2, 3):
        document = soup(client.get(url_in(index, "en") + f"?page={number}"))
        headings += [heading.get_text() for heading in document.select("main h2")]
    groups = [h for i, h in enumerate(headings) if i == 0 or h != headings[i - 1]]
    # A page may repeat the last group of the page before; a group never comes back
    # once the next one has started.
    assert groups == ["Programme management", "Technical officers", "Country officers"]
    assert TeamMemberPage.objects.child_of(TeamIndexPage.objects.get()).count() == 60


def test_the_timeline_pages_by_twenty(client):
    index = scaled(SECTIONS[0][1], 45)
    document = soup(client.get(url_in(index, "en")))
    assert len(document.select(".story-card")) == STORIES_PER_PAGE
    assert "Page 1 of 3" in document.select_one("nav.pagination").get_text(" ")
