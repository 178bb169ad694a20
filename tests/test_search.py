"""The site search: per language, ranked, with the matching passage, and calm whatever
is typed."""

import pytest
from django.db import connection

from action_portugal.base.fulltext import MAX_QUERY_LENGTH, clean_query, with_synonym_keys
from action_portugal.base.permissions import EDITORS, TRANSLATORS
from action_portugal.models import SearchEntry
from action_portugal.search.entries import search
from pillars.models import PillarPage
from timeline.factories import StoryPageFactory
from timeline.models import TimelineIndexPage

from .conftest import soup

pytestmark = pytest.mark.django_db
ON_POSTGRES = connection.vendor == "postgresql"


def titles(response):
    return [a.get_text(strip=True) for a in soup(response).select(".search-result__title a")]


@pytest.mark.parametrize(
    ("url", "query", "expected"),
    [
        ("/pt/pesquisa/", "estudo", "Estudos atuariais"),
        ("/en/search/", "study", "Actuarial studies"),
        ("/pt/pesquisa/", "ratificação", "São Tomé e Príncipe ratifica a Convenção n.º 102"),
        ("/en/search/", "bulletins", "Mozambique launches its 4th statistical bulletin"),
    ],
)
def test_a_word_finds_its_other_forms_in_each_language(client, url, query, expected):
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    assert expected in titles(response)


def test_each_language_searches_its_own_text(client):
    assert "Actuarial studies" not in titles(client.get("/pt/pesquisa/", {"q": "actuarial"}))
    assert titles(client.get("/en/search/", {"q": "atuariais"})) == []
    assert soup(client.get("/pt/pesquisa/", {"q": "estudo"})).html["lang"] == "pt"


SEARCH = {"pt": "/pt/pesquisa/", "en": "/en/search/"}
CONVENTIONS = {"pt": "Convenções internacionais", "en": "International conventions"}
RATIFIES = {
    "pt": "Cabo Verde ratifica a Convenção n.º 102 da OIT",
    "en": "Cabo Verde ratifies ILO Convention No. 102",
}


@pytest.mark.parametrize("language", ["pt", "en"])
@pytest.mark.parametrize(
    "query",
    ["C102", "c 102", "C-102", "Convenção 102", "Convenção n.º 102", "Convention No. 102"],
)
def test_convention_102_is_found_however_it_is_written(client, language, query):
    """The stories write "Convenção n.º 102"; people also type C102, in either language."""
    assert RATIFIES[language] in titles(client.get(SEARCH[language], {"q": query}))
    assert CONVENTIONS[language] in [entry.title for entry in search(query, language)]


@pytest.mark.parametrize("language", ["pt", "en"])
@pytest.mark.parametrize("query", ["R202", "r 202", "Recomendação n.º 202", "Recommendation 202"])
def test_recommendation_202_is_found_however_it_is_written(language, query):
    assert CONVENTIONS[language] in [entry.title for entry in search(query, language)]


@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL's query syntax")
def test_what_is_typed_around_a_synonym_keeps_its_meaning(client):
    found = titles(client.get("/pt/pesquisa/", {"q": "C102 -Timor"}))
    assert RATIFIES["pt"] in found
    assert not [title for title in found if "Timor" in title]
    assert RATIFIES["en"] in titles(client.get("/en/search/", {"q": "xylophone or C102"}))
    # The passage marks the words the text uses for it.
    document = soup(client.get("/pt/pesquisa/", {"q": "c 102"}))
    marked = {mark.get_text() for mark in document.select(".search-result__excerpt mark")}
    assert {"Convenção", "102"} <= marked


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("c102", "c102"),
        ("(C 102)", "(c102)"),
        ("c.102 e R-202", "c102 e r202"),
        ("Convenção nº102 da OIT", "c102 da OIT"),
        ("convencao n 102", "c102"),
        ("Convention No. 102", "c102"),
        ("Recomendação n.º 202", "r202"),
        ("recommendation no 202", "r202"),
        ("abc 102", "abc 102"),
        ("c1020", "c1020"),
        ("convenção 12", "convenção 12"),
        ("102 participantes", "102 participantes"),
    ],
)
def test_the_synonyms_table_reads_each_way_of_writing_a_name(typed, read):
    assert with_synonym_keys(typed) == read


@pytest.mark.skipif(not ON_POSTGRES, reason="ranking and stemming need PostgreSQL")
def test_postgres_ranks_title_matches_first_and_highlights_the_passage(client):
    results = list(search("boletim estatístico", "pt"))
    assert "boletim" in results[0].title.lower()
    document = soup(client.get("/pt/pesquisa/", {"q": "boletim estatístico"}))
    assert document.select(".search-result__excerpt mark")


def test_the_passage_is_escaped(client):
    index = TimelineIndexPage.objects.get()
    story = StoryPageFactory(
        parent=index,
        title_pt="Seminário <script>alert(1)</script>",
        slug_pt="seminario-script",
        summary_pt="Um seminário sobre <b>escapes</b> & outros perigos.",
    )
    story.save_revision().publish()
    response = client.get("/pt/pesquisa/", {"q": "seminário"})
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "<b>escapes</b>" not in html


def test_empty_query_invites_a_search(client):
    document = soup(client.get("/en/search/"))
    assert "Type one or more words" in document.select_one(".empty-state").get_text()
    assert document.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    assert document.h1.get_text(strip=True) == "Search"


def test_no_results_say_so(client):
    document = soup(client.get("/pt/pesquisa/", {"q": "xilofone"}))
    assert "Não encontrámos nada para «xilofone»" in document.get_text()


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "proteção\x00social",
        "%ZZ%",
        "' OR 1=1 --",
        '"unclosed',
        "a & | ! : * ( ) <-> \\",
        "de a o",  # only stop words
        "🙂" * 50,
    ],
)
def test_any_query_answers(client, query):
    response = client.get("/pt/pesquisa/", {"q": query})
    assert response.status_code == 200


def test_broken_percent_encoding_answers(client):
    response = client.get("/en/search/?q=%E0%A4%A&page=%FF")
    assert response.status_code == 200


def test_long_queries_are_cut_and_the_visitor_told(client):
    assert len(clean_query("proteção " * 2000)) <= MAX_QUERY_LENGTH
    document = soup(client.get("/en/search/", {"q": "protection " * 1000}))
    assert "we used its first 200 characters" in document.get_text()


@pytest.mark.parametrize("page", ["2", "abc", "-1", "10" * 10])
def test_results_paginate(client, page):
    index = TimelineIndexPage.objects.get()
    for number in range(25):
        StoryPageFactory(parent=index, summary_en=f"A regional workshop number {number}.")
    response = client.get("/en/search/", {"q": "workshop", "page": page})
    assert response.status_code == 200
    document = soup(response)
    assert 0 < len(document.select(".search-result")) <= 10
    if page == "2":
        assert "Page 2 of" in document.select_one(".pagination").get_text()
        previous = document.select_one('.pagination a[rel="prev"]')["href"]
        assert "q=workshop" in previous and "page=1" in previous


class TestEntries:
    def test_every_live_page_has_one_entry_per_language(self):
        from wagtail.models import Page

        live = Page.objects.live().filter(depth__gt=1).count()
        assert SearchEntry.objects.filter(language="pt").count() == live
        assert SearchEntry.objects.filter(language="en").count() == live

    def test_publishing_updates_and_unpublishing_removes(self, client):
        pillar = PillarPage.objects.get(slug_pt="estudos-atuariais")
        pillar.summary_en = "Models of pension funds and their long-term balance."
        pillar.save_revision().publish()
        assert titles(client.get("/en/search/", {"q": "pension"})) == ["Actuarial studies"]
        pillar.unpublish()
        assert titles(client.get("/en/search/", {"q": "pension"})) == []
        assert not SearchEntry.objects.filter(page=pillar).exists()

    def test_a_draft_is_not_searchable(self, client):
        pillar = PillarPage.objects.get(slug_pt="estudos-atuariais")
        pillar.summary_en = "A draft about hovercrafts."
        pillar.save_revision()
        assert titles(client.get("/en/search/", {"q": "hovercrafts"})) == []

    def test_rebuild_command(self):
        from django.core.management import call_command

        SearchEntry.objects.all().delete()
        call_command("update_search_entries", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert SearchEntry.objects.filter(title="Estudos atuariais", language="pt").exists()


class TestAdminSearch:
    """Staff find a page by its words in either language, whichever language the admin
    was in when the page was last saved (Wagtail keeps one index entry per page)."""

    @pytest.mark.parametrize(
        ("saved_in", "query", "found_by"),
        [("en", "atuariais", "pt"), ("pt", "actuarial", "en")],
    )
    def test_a_page_saved_in_one_admin_language_is_found_by_the_others_words(
        self, client, saved_in, query, found_by
    ):
        from pillars.models import PillarPage
        from tests.admin_forms import edit_form_data
        from tests.staff import member_of

        page = PillarPage.objects.get(slug_pt="estudos-atuariais")
        client.force_login(member_of(EDITORS, "editor", language=saved_in))
        data = edit_form_data(client, page, publish=False, summary_pt="Resumo revisto.")
        assert client.post(f"/admin/pages/{page.pk}/edit/", data).status_code == 302

        client.force_login(member_of(TRANSLATORS, "tradutora", language=found_by))
        response = client.get("/admin/pages/search/", {"q": query})
        assert page.pk in [result.pk for result in response.context["pages"]]
