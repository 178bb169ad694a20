"""The map of the countries on the countries index and the home page: drawn at build time
(``scripts/build-map.mjs``), each of the six countries a link to its page in the page's
language while that page is live and public, Portugal shown as the partner, a text list
beside it, no script; renewed when a country page moves to another address or stops being
public; no query of its own once the home page's lists are kept."""

import json
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from action_portugal.base.permissions import EDITORS
from action_portugal.models import HomePage
from country_pages.map import DRAWING
from country_pages.models import PROGRAMME_COUNTRIES, CountryIndexPage, CountryPage

from .conftest import soup
from .pages import publish, url_in

pytestmark = pytest.mark.django_db

NAMES = {
    "pt": [
        "Angola",
        "Cabo Verde",
        "Guiné-Bissau",
        "Moçambique",
        "São Tomé e Príncipe",
        "Timor-Leste",
    ],
    "en": [
        "Angola",
        "Cabo Verde",
        "Guinea-Bissau",
        "Mozambique",
        "São Tomé and Príncipe",
        "Timor-Leste",
    ],
}
TITLE = {
    "pt": "Mapa dos países com que o programa trabalha e de Portugal, o seu parceiro",
    "en": "Map of the countries the programme works with, and of Portugal, its partner",
}
PARTNER = {"pt": "Portugal, parceiro do programa", "en": "Portugal, the programme's partner"}
LANGUAGES = ("pt", "en")
ROOT = Path(__file__).resolve().parent.parent
# 800 units of the map drawn 358 CSS pixels wide: a 390-pixel phone less the page's margins.
PHONE_SCALE = 358 / 800


def where(language):
    """The two pages that show the map, in ``language``."""
    return {
        "index": url_in(CountryIndexPage.objects.get(), language),
        "home": url_in(HomePage.objects.get(), language),
    }


def country(code):
    return CountryPage.objects.get(country=code)


def the_map(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    found = soup(response).select(".country-map")
    assert len(found) == 1, url
    return found[0]


def map_links(found):
    """``[(name, address)]`` of the map's links, in the order a keyboard reaches them."""
    return [(link["aria-label"], link["href"]) for link in found.select("svg a")]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", ["index", "home"])
def test_each_country_is_a_link_to_its_page_in_the_page_s_language(client, language, page):
    found = the_map(client, where(language)[page])
    expected = [
        (name, url_in(country(code), language))
        for code, name in zip(PROGRAMME_COUNTRIES, NAMES[language], strict=True)
    ]
    assert map_links(found) == expected
    svg = found.find("svg")
    assert svg["role"] == "group"
    assert svg.find("title", id=svg["aria-labelledby"]).get_text() == TITLE[language]
    # Each link's visible name is its accessible name.
    assert [link.find("text").get_text() for link in svg.select("a")] == NAMES[language]
    # The same countries as a text list, for screen readers and narrow screens, and Portugal.
    items = found.select(".country-map__list li")
    assert [(a.get_text(), a["href"]) for a in found.select(".country-map__list a")] == expected
    assert items[-1].get_text() == PARTNER[language] and items[-1].find("a") is None
    # Portugal is drawn and named, not linked: it has no country page.
    assert svg.select_one(".country-map__partner text").get_text() == "Portugal"
    assert svg.select_one(".country-map__partner").find_parent("a") is None
    assert found.find("script") is None and found.find(attrs={"style": True}) is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_country_page_that_is_not_live_keeps_its_shape_without_a_link(client, language):
    country("gw").unpublish()
    for url in where(language).values():
        found = the_map(client, url)
        names = [name for name, _address in map_links(found)]
        assert NAMES[language][2] not in names and len(names) == 5
        unlinked = found.select(".country-map__country--unlinked")
        assert [shape.find("text").get_text() for shape in unlinked] == [NAMES[language][2]]
        assert unlinked[0].find("path")["d"] and unlinked[0].find("circle") is not None
        listed = found.select(".country-map__key--unlinked")
        assert [item.get_text() for item in listed] == [NAMES[language][2]]
        assert listed[0].find("a") is None


def test_a_private_country_page_is_not_linked(client):
    page = country("tl")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    ).groups.set(Group.objects.filter(name=EDITORS))
    for url in (*where("pt").values(), *where("en").values()):
        found = the_map(client, url)
        assert not [link for link in found.select("a") if "timor" in link["href"]], url
        assert len(found.select(".country-map__country--unlinked")) == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_kept_map_follows_a_new_address_and_an_unpublished_page(client, settings, language):
    settings.PAGE_CACHE_ENABLED = True
    anonymous = Client()
    old = url_in(country("mz"), language)
    for url in where(language).values():
        assert old in dict(map_links(the_map(anonymous, url))).values(), url
        assert anonymous.get(url)["X-Cache"] == "hit"
    moved = publish(country("mz"), **{f"slug_{language}": "mocambique-novo"})
    new = url_in(moved, language)
    assert new != old and new.endswith("/mocambique-novo/")
    for url in where(language).values():
        addresses = dict(map_links(the_map(anonymous, url))).values()
        assert new in addresses and old not in addresses, url
    moved.unpublish()
    for url in where(language).values():
        assert new not in dict(map_links(the_map(anonymous, url))).values(), url


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_map_costs_the_home_page_no_query_once_kept_and_is_read_again_once(client):
    url = where("pt")["home"]
    client.get(url)
    kept = queries(client, url)
    assert kept == 0
    # A country page's name links from every page (it is in the chrome): publishing one
    # renews every page once, the home page and its map with it.
    publish(country("cv"))
    assert queries(client, url) > kept
    assert queries(client, url) == kept


def test_the_countries_index_costs_no_query_for_its_map(client):
    """Its page, the page's row and its list of countries, which the map reads too; as
    many with a country unlinked."""
    url = where("en")["index"]
    client.get(url)
    assert queries(client, url) == 3
    country("st").unpublish()
    client.get(url)
    assert queries(client, url) == 3


def test_the_map_is_small_and_its_small_countries_are_big_enough_to_tap(client):
    found = the_map(client, where("en")["home"])
    assert len(str(found.find("svg")).encode()) < 20_000
    drawing = json.loads(DRAWING.read_text())
    assert set(drawing["countries"]) == {*PROGRAMME_COUNTRIES, "pt"}
    for code in ("cv", "gw", "st"):
        assert 2 * drawing["countries"][code]["ring"]["r"] * PHONE_SCALE >= 24
    inset = drawing["countries"]["tl"]["inset"]
    assert min(inset["width"], inset["height"]) * PHONE_SCALE >= 24


def test_the_committed_map_is_the_one_the_script_draws(tmp_path):
    """``scripts/build-map.mjs`` draws ``country_pages/map.json`` from the packages
    ``package-lock.json`` pins (``npm ci``, which ``make test`` runs first), the same
    every time."""
    drawn = tmp_path / "map.json"
    subprocess.run(
        ["node", str(ROOT / "scripts" / "build-map.mjs"), str(drawn)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert drawn.read_text() == DRAWING.read_text()
