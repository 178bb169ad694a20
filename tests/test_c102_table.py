"""The "International conventions" area of work shows one table of the countries and where
each stands with Convention No. 102: a real table (caption, column and row headers), each
country linking to its page, each step dated as precisely as known with its source, in both
languages; kept current from the country pages, cached pages included; an empty state
before any country page is published. The area of work names no country page: it holds a
block that shows a table the countries' section keeps."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Revision

from action_portugal.sections.blocks import SectionTableBlock
from country_pages.models import C102Step, CountryPage
from pillars.models import PillarPage

from .conftest import soup
from .pages import publish, url_in

pytestmark = pytest.mark.django_db
LANGUAGES = ("pt", "en")
ROWS = {  # in the tree's order, as the countries index lists them
    "pt": [
        ("Angola", "Aprovada pelo parlamento"),
        ("Cabo Verde", "Ratificada"),
        ("Guiné-Bissau", "Nenhum passo ainda"),
        ("Moçambique", "Campanha pela ratificação"),
        ("São Tomé e Príncipe", "Ratificação depositada na OIT"),
        ("Timor-Leste", "Ratificação em preparação"),
    ],
    "en": [
        ("Angola", "Approved by parliament"),
        ("Cabo Verde", "Ratified"),
        ("Guinea-Bissau", "No step yet"),
        ("Mozambique", "Campaign for ratification"),
        ("São Tomé and Príncipe", "Ratification deposited with the ILO"),
        ("Timor-Leste", "Ratification in preparation"),
    ],
}
CAPTION = {
    "pt": "Convenção n.º 102 (C102), país a país",
    "en": "Convention No. 102 (C102), country by country",
}


def conventions():
    return PillarPage.objects.get(slug_pt="convencoes-internacionais")


def country(code):
    return CountryPage.objects.get(country=code)


def table_of(client, language):
    response = client.get(url_in(conventions(), language))
    assert response.status_code == 200
    return soup(response).find("main").find("table", class_="c102-table")


def rows(table):
    return {row.th.get_text(strip=True): row for row in table.find("tbody").find_all("tr")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_real_table_with_its_caption_and_headers(client, language):
    table = table_of(client, language)
    assert table.caption.get_text(strip=True) == CAPTION[language]
    columns = table.find("thead").find_all("th")
    assert len(columns) == 3 and all(th["scope"] == "col" for th in columns)
    body_rows = table.find("tbody").find_all("tr")
    assert [(row.th.get_text(strip=True), row.td.get_text(strip=True)) for row in body_rows] == (
        ROWS[language]
    )
    for row in body_rows:
        assert row.th["scope"] == "row"
        assert len(row.find_all("td")) == 2
    # Its own region on a phone: scrolls inside it, reachable and named for the keyboard.
    region = table.parent
    assert region["role"] == "region" and region["tabindex"] == "0"
    assert region["aria-label"] == CAPTION[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_country_links_to_its_page(client, language):
    for code, row in zip(
        ("ao", "cv", "gw", "mz", "st", "tl"), table_of(client, language).tbody("tr"), strict=True
    ):
        assert row.th.a["href"] == url_in(country(code), language)


@pytest.mark.parametrize(
    ("language", "approved", "ratified", "campaign", "source"),
    [
        ("pt", "julho de 2019", "2020", "5 de maio de 2023", "Notícias da OIT"),
        ("en", "July 2019", "2020", "5 May 2023", "ILO news"),
    ],
)
def test_each_step_dated_as_precisely_as_known_with_its_source(
    client, language, approved, ratified, campaign, source
):
    found = rows(table_of(client, language))
    cabo_verde = found["Cabo Verde"].find_all("li")
    assert [li.time["datetime"] for li in cabo_verde] == ["2019-07", "2020"]
    assert [li.time.get_text() for li in cabo_verde] == [approved, ratified]
    assert source in cabo_verde[0].get_text()
    mozambique = found[ROWS[language][3][0]].li
    assert mozambique.time["datetime"] == "2023-05-05"
    assert mozambique.time.get_text() == campaign
    # A step with no confirmed source says none (Angola's deposit is not found yet).
    assert "(" not in found["Angola"].li.get_text()
    # Guinea-Bissau has taken no step: the cell says so.
    assert found[ROWS[language][2][0]].find("ul") is None


def test_a_source_with_its_link(client):
    step = country("st").c102_steps.get()
    C102Step.objects.filter(pk=step.pk).update(source_url="https://www.ilo.org/news")
    publish(country("st"))
    for language, name in (("pt", "São Tomé e Príncipe"), ("en", "São Tomé and Príncipe")):
        link = rows(table_of(client, language))[name].find("a", rel="external")
        assert link["href"] == "https://www.ilo.org/news"
        assert link.get_text() == {"pt": "Notícias da OIT", "en": "ILO news"}[language]


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("pt", "será mostrada aqui quando as páginas dos países forem publicadas"),
        ("en", "will be shown here once the countries’ pages are published"),
    ],
)
def test_no_country_page_yet_says_so_without_an_empty_table(client, language, sentence):
    for page in CountryPage.objects.live():
        page.unpublish()
    main = soup(client.get(url_in(conventions(), language))).find("main")
    assert main.find("table") is None
    assert sentence in main.find(class_="empty-state").get_text()


# Kept current --------------------------------------------------------------------------


def test_the_cached_table_follows_the_country_pages(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    url = url_in(conventions(), "en")
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"

    C102Step.objects.create(
        page=country("mz"),
        step="preparing",
        date="2025-02-01",
        date_precision="month",
        source_en="ILO",
        sort_order=5,
    )
    publish(country("mz"), c102_status="preparing", slug_en="mozambique-country")
    row = rows(soup(client.get(url)).find("table"))["Mozambique"]
    assert row.td.get_text(strip=True) == "Ratification in preparation"
    assert row.find("time", datetime="2025-02") is not None
    assert row.th.a["href"] == "/en/countries/mozambique-country/"

    client.get(url)
    country("gw").unpublish()
    assert "Guinea-Bissau" not in rows(soup(client.get(url)).find("table"))


def test_the_table_costs_no_query_once_kept(client):
    url = url_in(conventions(), "pt")
    plain = url_in(PillarPage.objects.get(slug_pt="estudos-atuariais"), "pt")

    def counted(address):
        client.get(address)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return [q["sql"] for q in captured.captured_queries]

    few = counted(url)
    assert not [sql for sql in few if CountryPage._meta.db_table in sql]
    for page in CountryPage.objects.all():
        C102Step.objects.bulk_create(
            C102Step(page=page, step="campaign", date=f"19{n:02d}-01-01", date_precision="year")
            for n in range(30)
        )
        publish(page)
    assert C102Step.objects.count() > 180
    many = counted(url)
    assert len(many) == len(few) == len(counted(plain)) <= 8


# How it gets there -----------------------------------------------------------------------


LABEL_EN = "Convention No. 102, country by country"


def test_the_block_offers_the_sections_tables_and_shows_nothing_for_one_gone():
    block = SectionTableBlock()
    for language, label in (("pt", "Convenção n.º 102, país a país"), ("en", LABEL_EN)):
        with translation.override(language):
            assert ("c102", label) in [(key, str(name)) for key, name in block.field.choices]
    assert block.render("no-such-table") == ""


def test_a_site_made_before_gets_the_table_once_live_and_in_its_latest_revision():
    migration = importlib.import_module("pillars.migrations.0002_section_tables")
    page = conventions()
    migration.remove_the_table(apps, None)  # as a site made before the table was
    page.refresh_from_db()
    assert [b.block_type for b in page.body_pt] == [b.block_type for b in page.body_en] == []

    migration.add_the_table(apps, None)
    migration.add_the_table(apps, None)  # once only
    page.refresh_from_db()
    for body in (page.body_pt, page.body_en):
        assert [(b.block_type, b.value) for b in body] == [("table", "c102")]
    revision = Revision.objects.get(pk=page.latest_revision_id).as_object()
    assert [(b.block_type, b.value) for b in revision.body_pt] == [("table", "c102")]
    assert [(b.block_type, b.value) for b in revision.body_en] == [("table", "c102")]
    # Other areas of work are left as they were.
    for other in PillarPage.objects.exclude(pk=page.pk):
        assert "table" not in [b.block_type for b in (*other.body_pt, *other.body_en)]
