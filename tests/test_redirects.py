"""Old addresses answer a permanent redirect to the page, in each language, after any
number of slug changes and moves: never a loop, never a dead end."""

import pytest
from wagtail.contrib.redirects.models import Redirect

from pillars.models import PillarIndexPage, PillarPage
from timeline.models import StoryPage, TimelineIndexPage

from .pages import publish, url_in

pytestmark = pytest.mark.django_db


def lands(client, old_url, expected_url):
    """``old_url`` answers 301 straight to ``expected_url``, which answers 200."""
    response = client.get(old_url)
    assert response.status_code == 301, old_url
    assert response["Location"] == expected_url
    assert client.get(expected_url).status_code == 200


def test_portuguese_slug_change(client):
    pillar = PillarPage.objects.get(slug_pt="estudos-atuariais")
    old_pt, old_en = url_in(pillar, "pt"), url_in(pillar, "en")
    pillar = publish(pillar, slug_pt="estudos-e-modelos-atuariais")
    lands(client, old_pt, "/pt/areas-de-trabalho/estudos-e-modelos-atuariais/")
    assert url_in(pillar, "en") == old_en
    assert client.get(old_en).status_code == 200  # the English address did not change


def test_english_slug_change(client):
    pillar = PillarPage.objects.get(slug_pt="estudos-atuariais")
    old_en = url_in(pillar, "en")
    publish(pillar, slug_en="actuarial-valuations")
    lands(client, old_en, "/en/areas-of-work/actuarial-valuations/")
    assert Redirect.objects.get(old_path=old_en.rstrip("/")).is_permanent


def test_a_section_slug_change_carries_its_pages(client):
    index = TimelineIndexPage.objects.get()
    story = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
    old = url_in(story, "pt")
    publish(index, slug_pt="historia")
    lands(client, old, "/pt/historia/acordo-da-3-fase/")
    lands(client, "/pt/cronologia/", "/pt/historia/")


def test_a_move(client):
    story = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
    old_pt, old_en = url_in(story, "pt"), url_in(story, "en")
    # Stories live in the timeline only; a second timeline stands in for a new place.
    from timeline.factories import TimelineIndexPageFactory

    archive = TimelineIndexPageFactory(
        parent=TimelineIndexPage.objects.get().get_parent(),
        slug_pt="arquivo",
        slug_en="archive",
        title_pt="Arquivo",
        title_en="Archive",
    )
    story.move(archive, pos="last-child")
    lands(client, old_pt, "/pt/arquivo/acordo-da-3-fase/")
    lands(client, old_en, "/en/archive/phase-3-agreement/")


def test_two_changes_in_a_row_and_back_again(client):
    pillar = PillarPage.objects.get(slug_pt="estudos-atuariais")
    first = url_in(pillar, "pt")
    pillar = publish(pillar, slug_pt="segundo")
    second = url_in(pillar, "pt")
    pillar = publish(pillar, slug_pt="terceiro")
    third = url_in(pillar, "pt")
    lands(client, first, third)  # straight there, no chain
    lands(client, second, third)
    # Back to the first address: it serves the page again, and nothing loops.
    pillar = publish(pillar, slug_pt="estudos-atuariais")
    assert client.get(first).status_code == 200
    lands(client, second, first)
    lands(client, third, first)
    assert not Redirect.objects.filter(old_path=first.rstrip("/")).exists()


def test_an_address_another_page_takes_is_that_pages(client):
    actuarial = PillarPage.objects.get(slug_pt="estudos-atuariais")
    old = url_in(actuarial, "pt")
    publish(actuarial, slug_pt="atuariado")
    newcomer = PillarPage.objects.get(slug_pt="convencoes-internacionais")
    publish(newcomer, slug_pt="estudos-atuariais")
    response = client.get(old)
    assert response.status_code == 200
    assert "Convenções internacionais" in response.content.decode()


def test_no_redirects_for_untouched_pages(client):
    PillarIndexPage.objects.get().save_revision().publish()
    # Only the old site's addresses, which the content loader adds (test_old_addresses.py).
    assert not Redirect.objects.filter(automatically_created=True).exists()
