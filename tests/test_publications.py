"""The knowledge library (publications): the programme's known publications wait as drafts;
a publication says what the visitor will get before they click; the library filters with
readable values and counts, in a constant number of queries; a video loads nothing from its
host; the home page, the areas of work and a feed of their own show publications."""

import io
import json
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from action_portugal.base.i18n import absolute_url
from action_portugal.files import search as document_search
from action_portugal.files.models import DocumentText
from action_portugal.files.samples import pdf_with_text
from action_portugal.models import HomePage, HomePageCounter
from pillars.models import PillarPage
from publications.factories import PublicationPageFactory
from publications.models import PublicationIndexPage, PublicationKind, PublicationPage
from timeline.factories import StoryPageFactory
from timeline.models import TimelineIndexPage

from .conftest import soup
from .pages import publish, url_in

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def library():
    return PublicationIndexPage.objects.get()


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def a_pdf(pages=3, title="Boletim estatístico", name="boletim.pdf"):
    document = get_document_model()(title=title, collection=Collection.get_first_root_node())
    content = pdf_with_text([[f"Página {n} do boletim estatístico."] for n in range(1, pages + 1)])
    document.file.save(name, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def with_files(django_capture_on_commit_callbacks, **values):
    """A publication of files (no link), published with ``values``, its files read as the
    commit would."""
    values = {"external_url": "", "external_languages": [], **values}
    with django_capture_on_commit_callbacks(execute=True):
        page = PublicationPageFactory(parent=library(), **values)
    return PublicationPage.objects.get(pk=page.pk)


# The programme's content ---------------------------------------------------------------


def test_the_known_publications_wait_as_drafts_for_their_files():
    index = library()
    assert index.live and index.show_in_menus
    known = PublicationPage.objects.child_of(index)
    assert known.count() == 6
    assert not known.filter(live=True).exists()
    assert not known.exclude(file_pt=None).exists()
    assert set(known.values_list("kind", flat=True)) == {"bulletin", "position-paper", "study"}


@pytest.mark.parametrize(
    ("language", "sentence", "timeline"),
    [
        ("pt", "A biblioteca está a ser preparada", "/pt/cronologia/"),
        ("en", "The library is being prepared", "/en/timeline/"),
    ],
)
def test_an_empty_library_says_so_and_points_to_the_timeline(client, language, sentence, timeline):
    page = soup(client.get(url_in(library(), language)))
    main = page.find("main")
    assert sentence in main.get_text()
    assert main.find("a", href=timeline) is not None
    assert main.find("form") is None  # no filters over nothing


# A publication -------------------------------------------------------------------------


def test_a_publication_says_what_the_visitor_will_get(client, django_capture_on_commit_callbacks):
    document = a_pdf(pages=12)
    page = with_files(
        django_capture_on_commit_callbacks,
        file_pt=document,
        kind=PublicationKind.BULLETIN,
    )
    html = soup(client.get(url_in(page, "pt")))
    versions = html.find(class_="publication__versions")
    assert "Disponível apenas em português" in versions.get_text()
    link = versions.find("a", hreflang="pt")
    assert link["href"] == document.url
    facts = versions.find(class_="downloads__facts").get_text()
    assert "PDF" in facts and "12 páginas" in facts
    english = soup(client.get(url_in(page, "en"))).find(class_="publication__versions")
    assert "Available in Portuguese only" in english.get_text()
    assert "Open it in Portuguese" in english.get_text()


def test_a_publication_in_both_languages_offers_both(client, django_capture_on_commit_callbacks):
    page = with_files(
        django_capture_on_commit_callbacks,
        file_pt=a_pdf(name="pt.pdf"),
        file_en=a_pdf(pages=2, title="Statistical bulletin", name="en.pdf"),
    )
    versions = soup(client.get(url_in(page, "en"))).find(class_="publication__versions")
    assert "Available in Portuguese and English" in versions.get_text()
    assert [a["hreflang"] for a in versions.find_all("a")] == ["pt", "en"]
    assert "2 pages" in versions.get_text()


def test_its_cover_is_its_file_s_first_page_when_staff_give_no_picture(
    client, django_capture_on_commit_callbacks
):
    page = with_files(django_capture_on_commit_callbacks, file_pt=a_pdf())
    cover = page.file_pt.facts.cover
    assert cover is not None and page.picture == cover
    html = soup(client.get(url_in(page, "pt")))
    assert html.find(class_="publication__cover").find("img") is not None
    og_image = html.find("meta", property="og:image")["content"]
    assert "/images/" in og_image
    listing = soup(client.get(url_in(library(), "pt")))
    assert listing.find(class_="publication-card__cover") is not None


def test_a_video_is_a_link_to_its_host_and_loads_nothing_from_it(client):
    page = PublicationPageFactory(
        parent=library(),
        kind=PublicationKind.VIDEO,
        external_url="https://www.youtube.com/watch?v=abc123",
        external_languages=["pt"],
    )
    html = text(client, url_in(page, "pt"))
    document = soup(client.get(url_in(page, "pt")))
    assert "<iframe" not in html
    assert not [s for s in document.find_all("script") if s.get("src")]
    link = document.find("a", href="https://www.youtube.com/watch?v=abc123")
    assert "Ver em português em www.youtube.com" in link.get_text()
    assert "youtube" not in "".join(str(tag) for tag in document.find_all(["img", "link"]))


def test_a_publication_is_not_published_without_something_to_read(editor):
    client = editor("en")
    index = library()
    response = client.post(
        f"/admin/pages/add/publications/publicationpage/{index.pk}/",
        {
            "title_pt": "Um estudo",
            "slug_pt": "um-estudo",
            "title_en": "A study",
            "slug_en": "a-study",
            "kind": "study",
            "date": "2024-03-01",
            "date_precision": "month",
            "summary_pt": "Resumo.",
            "summary_en": "Summary.",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 200
    assert "A publication is published with a file in one language at least" in (
        response.content.decode()
    )
    assert not PublicationPage.objects.filter(slug_pt="um-estudo").exists()


def reading_state(client, page):
    html = soup(client.get(f"/admin/pages/{page.pk}/edit/"))
    return html.find(attrs={"data-reading-state": True})


@pytest.mark.parametrize(
    ("language", "ready", "waiting", "failed"),
    [
        ("en", "read: 12 pages", "waiting to be read", "This file is not a PDF"),
        ("pt", "lido: 12 páginas", "à espera de ser lido", "Este ficheiro não é um PDF"),
    ],
)
def test_the_editor_shows_how_far_each_file_has_been_read(
    editor, django_capture_on_commit_callbacks, language, ready, waiting, failed
):
    page = with_files(django_capture_on_commit_callbacks, file_pt=a_pdf(pages=12))
    client = editor(language)
    state = soup(client.get(f"/admin/pages/{page.pk}/edit/")).find(
        attrs={"data-reading-state": True}
    )
    assert ready in state.get_text()
    not_a_pdf = get_document_model()(title="Falso", collection=Collection.get_first_root_node())
    not_a_pdf.file.save("falso.pdf", ContentFile(b"<html>not a pdf</html>"), save=False)
    not_a_pdf._set_document_file_metadata()
    not_a_pdf.save()
    page.file_en = not_a_pdf
    with django_capture_on_commit_callbacks(execute=False) as queued:  # the worker's, later
        page.save_revision()
    state = soup(client.get(f"/admin/pages/{page.pk}/edit/")).find(
        attrs={"data-reading-state": True}
    )
    assert waiting in state.find(attrs={"data-reading": "waiting"}).get_text()
    with django_capture_on_commit_callbacks(execute=True):
        for task in queued:
            task()
    state = soup(client.get(f"/admin/pages/{page.pk}/edit/")).find(
        attrs={"data-reading-state": True}
    )
    assert failed in state.find(attrs={"data-reading": "failed"}).get_text()


# The library ---------------------------------------------------------------------------


@pytest.fixture
def shelf(db):
    """Five publications: bulletins of Mozambique and Cabo Verde, a study of Timor-Leste."""
    statistics = PillarPage.objects.get(slug_en="social-protection-statistics")
    conventions = PillarPage.objects.get(slug_en="international-conventions")
    made = []
    for kind, countries, year, pillar, languages in [
        ("bulletin", ["mz"], 2021, statistics, ["pt"]),
        ("bulletin", ["mz"], 2022, statistics, ["pt", "en"]),
        ("bulletin", ["cv"], 2022, statistics, ["pt"]),
        ("study", ["tl"], 2024, conventions, ["en"]),
        ("position-paper", ["mz"], 2023, conventions, ["pt"]),
    ]:
        page = PublicationPageFactory.build(
            kind=kind,
            countries=countries,
            date=f"{year}-06-01",
            external_languages=languages,
        )
        page.pillars = [pillar]
        library().add_child(instance=page)
        page.save_revision().publish()
        made.append(page)
    return made


def cards(document):
    return document.find_all(class_="publication-card")


def options(document, name):
    """``{value: text}`` of a filter's options."""
    return {
        o["value"]: o.get_text() for o in document.find("select", attrs={"name": name})("option")
    }


def test_the_library_filters_with_readable_values_and_counts(client, shelf):
    url = url_in(library(), "en")
    page = soup(client.get(url))
    assert len(cards(page)) == 5
    assert options(page, "type")["bulletin"] == "Statistical bulletin (3)"
    assert options(page, "country")["mz"] == "Mozambique (3)"
    assert options(page, "year")["2022"] == "2022 (2)"
    assert options(page, "language")["en"] == "English (2)"
    filtered = soup(client.get(url + "?type=bulletin&country=mz&area=social-protection-statistics"))
    assert len(cards(filtered)) == 2
    # Each option counts what it would give with the other filters as they are.
    assert options(filtered, "country")["cv"] == "Cabo Verde (1)"
    assert options(filtered, "type")["position-paper"] == "Policy or position paper (0)"
    assert options(filtered, "year")["2021"] == "2021 (1)"
    assert "2 publications match these filters." in filtered.get_text()
    only_english = soup(client.get(url + "?language=en"))
    assert len(cards(only_english)) == 2


def test_an_area_of_work_is_named_in_either_language(client, shelf):
    url = url_in(library(), "pt")
    portuguese = soup(client.get(url + "?area=estatisticas-da-protecao-social"))
    english = soup(client.get(url + "?area=social-protection-statistics"))
    assert len(cards(portuguese)) == len(cards(english)) == 3
    selected = portuguese.find("select", attrs={"name": "area"}).find("option", selected=True)
    assert selected["value"] == "estatisticas-da-protecao-social"


@pytest.mark.parametrize(
    "query", ["?type=zzz", "?country=<script>", "?year=1800", "?page=abc", "?area=1"]
)
def test_a_value_that_matches_nothing_is_ignored(client, shelf, query):
    page = soup(client.get(url_in(library(), "en") + query))
    assert len(cards(page)) == 5


def test_the_filters_are_kept_across_the_language_switch(client, shelf):
    url = url_in(library(), "en") + "?type=bulletin&area=social-protection-statistics&x=1"
    page = soup(client.get(url))
    switch = page.find("a", hreflang="pt")["href"]
    target = parse_qs(urlsplit(switch).query)["next"][0]
    query = parse_qs(urlsplit(target).query)
    assert query == {"type": ["bulletin"], "area": ["social-protection-statistics"]}
    assert len(cards(soup(client.get(target)))) == 3


def library_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def queries_for_ten_and_a_hundred(client, query):
    """The library's queries with ``query``, among 10 publications and then among 100."""
    index = library()
    for _ in range(10):
        PublicationPageFactory(parent=index)
    url = url_in(index, "pt") + query
    few = library_queries(client, url)
    for _ in range(90):
        PublicationPageFactory(parent=index)
    return few, library_queries(client, url)


def test_the_library_costs_the_same_queries_for_ten_and_a_hundred(client):
    few, many = queries_for_ten_and_a_hundred(client, "?type=study&country=mz")
    assert few == many <= 8


# Elsewhere on the site ------------------------------------------------------------------


def test_the_home_page_and_an_area_of_work_show_the_latest(client, shelf):
    home = soup(client.get("/en/"))
    section = home.find(id="publications-heading").find_parent("section")
    assert len(cards(section)) == 3
    area = PillarPage.objects.get(slug_en="international-conventions")
    page = soup(client.get(url_in(area, "en")))
    related = page.find(id="related-publications").find_parent("section")
    assert len(cards(related)) == 2
    more = related.find("a", class_="more")["href"]
    assert more.endswith("?area=international-conventions")


def test_a_feed_of_publications_in_each_language(client, shelf):
    for language in ("pt", "en"):
        response = client.get(f"/{language}/feeds/publications.xml")
        assert response.status_code == 200
        root = ElementTree.fromstring(response.content)
        assert len(root.findall(f"{ATOM}entry")) == 5
        assert (
            root.find(f"{ATOM}link[@rel='self']")
            .get("href")
            .endswith(f"/{language}/feeds/publications.xml")
        )
    head = soup(client.get("/pt/")).find_all("link", type="application/atom+xml")
    assert [link["href"] for link in head] == ["/pt/feed.xml", "/pt/feeds/publications.xml"]


def test_an_unpublished_publication_leaves_the_library(client, shelf):
    url = url_in(library(), "en")
    assert len(cards(soup(client.get(url)))) == 5
    shelf[0].unpublish()
    assert len(cards(soup(client.get(url)))) == 4


def test_a_publication_s_file_read_later_reaches_its_cached_page(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    document = a_pdf(pages=7)
    with django_capture_on_commit_callbacks(execute=False) as queued:  # the worker's, later
        page = PublicationPageFactory(
            parent=library(), file_pt=document, external_url="", external_languages=[]
        )
    url = url_in(page, "en")
    assert "7 pages" not in text(client, url)
    assert client.get(url)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        for task in queued:  # the worker reads the file: what shows it is renewed
            task()
    assert "7 pages" in text(client, url)


# Search inside the documents --------------------------------------------------------------


def bulletin_pdf(title="Boletim estatístico de Moçambique", name="boletim.pdf"):
    """Eight pages; only the seventh speaks of statistical indicators."""
    pages = [[f"Página {n}: cobertura e financiamento da proteção social."] for n in range(1, 9)]
    pages[6] = ["Este boletim reúne os indicadores estatísticos da proteção social de 2022."]
    document = get_document_model()(title=title, collection=Collection.get_first_root_node())
    document.file.save(name, ContentFile(pdf_with_text(pages)), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


@pytest.fixture
def bulletin(django_capture_on_commit_callbacks):
    document = bulletin_pdf()
    page = with_files(
        django_capture_on_commit_callbacks,
        file_pt=document,
        kind=PublicationKind.BULLETIN,
        title_pt="Quarto boletim de Moçambique",
        title_en="Mozambique's fourth bulletin",
    )
    return page, document


needs_stemming = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's Portuguese stemmer"
)


@needs_stemming
def test_the_library_finds_words_on_the_seventh_page(client, bulletin):
    page, document = bulletin
    html = soup(client.get(url_in(library(), "pt") + "?q=boletim+estatístico"))
    results = html.find(class_="library-results")
    assert results.find("a", string="Quarto boletim de Moçambique") is not None
    hit = results.find(class_="library-results__hits")
    assert "Página 7 de “Boletim estatístico de Moçambique”" in hit.get_text()
    assert "<mark>" in str(hit.find(class_="search-result__excerpt"))
    assert hit.find("a", href=f"{document.url}#page=7") is not None


@needs_stemming
def test_convention_102_is_found_inside_a_file_however_it_is_written(
    client, django_capture_on_commit_callbacks
):
    pages = [["Página 1: cobertura da proteção social."], ["Página 2: financiamento."]]
    pages.append(["O relatório compara a legislação nacional com a Convenção n.º 102 da OIT."])
    document = get_document_model()(title="Estudo", collection=Collection.get_first_root_node())
    document.file.save("estudo.pdf", ContentFile(pdf_with_text(pages)), save=False)
    document._set_document_file_metadata()
    document.save()
    with_files(django_capture_on_commit_callbacks, file_pt=document, title_pt="Estudo comparativo")
    for query in ("C102", "c 102"):
        html = soup(client.get(url_in(library(), "pt"), {"q": query}))
        hit = html.find(class_="library-results__hits")
        assert hit.find("a", href=f"{document.url}#page=3") is not None, query
        assert "<mark>Convenção</mark>" in str(hit)


@needs_stemming
def test_the_site_search_finds_words_inside_the_documents(client, bulletin):
    page, document = bulletin
    html = soup(client.get("/pt/pesquisa/?q=indicador+estatístico"))
    hits = html.find(class_="document-hits")
    assert hits.find("a", string="Quarto boletim de Moçambique") is not None
    assert hits.find("a", href=f"{document.url}#page=7") is not None
    # An English file of it would be searched with English stemming, on /en/: this one is
    # offered in Portuguese only.
    english = soup(client.get("/en/search/?q=indicador+estatístico"))
    assert english.find(class_="document-hits") is None


def test_nothing_is_found_inside_what_visitors_may_not_see(client, bulletin):
    page, document = bulletin
    words = "?q=indicadores"
    assert soup(client.get("/pt/pesquisa/" + words)).find(class_="document-hits")
    page.unpublish()
    assert soup(client.get("/pt/pesquisa/" + words)).find(class_="document-hits") is None
    publish(page)
    private = Collection.get_first_root_node().add_child(name="Interno")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document.collection = private
    document.save()
    assert soup(client.get("/pt/pesquisa/" + words)).find(class_="document-hits") is None


def test_a_draft_s_document_is_read_but_not_searched(client, django_capture_on_commit_callbacks):
    document = bulletin_pdf(name="rascunho.pdf")
    draft = PublicationPageFactory.build(file_pt=document, external_url="", external_languages=[])
    library().add_child(instance=draft)
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision()  # saved, not published
    assert document.facts.page_count == 8  # read, for the editor
    assert soup(client.get("/pt/pesquisa/?q=indicadores")).find(class_="document-hits") is None


def test_a_search_is_never_kept_nor_answered_from_the_cache(client, settings, bulletin):
    settings.PAGE_CACHE_ENABLED = True
    url = url_in(library(), "pt")
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    response = client.get(url + "?q=indicadores")
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert "library-results" in response.content.decode()


def test_the_library_search_costs_the_same_queries_for_ten_and_a_hundred(client, bulletin):
    few, many = queries_for_ten_and_a_hundred(client, "?q=indicadores&type=bulletin")
    assert few == many <= 8


# What a private file gives away ------------------------------------------------------------


def private_collection():
    private = Collection.get_first_root_node().add_child(name="Interno")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    return private


def test_a_file_in_a_private_collection_is_not_described_to_visitors(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    document = a_pdf(pages=12)
    page = with_files(django_capture_on_commit_callbacks, file_pt=document)
    url = url_in(page, "en")
    assert "12 pages" in text(client, url)
    assert client.get(url)["X-Cache"] == "hit"
    document.collection = private_collection()
    document.save()  # moved in the admin: the cached page must not keep describing it
    html = soup(client.get(url))
    assert "12 pages" not in html.get_text()
    assert html.find("a", href=document.url) is None
    assert html.find(class_="publication__cover") is None  # its first page is not shown
    assert document.url not in str(html.find("script", type="application/ld+json"))
    listing = soup(client.get(url_in(library(), "en")))
    assert options(listing, "language")["pt"].endswith("(0)")


# Structured data --------------------------------------------------------------------------


def test_its_structured_data_names_each_file_and_its_language(
    client, django_capture_on_commit_callbacks
):
    page = with_files(
        django_capture_on_commit_callbacks,
        file_pt=a_pdf(name="pt.pdf"),
        file_en=a_pdf(pages=2, title="Statistical bulletin", name="en.pdf"),
    )
    html = soup(client.get(url_in(page, "pt")))
    data = json.loads(html.find("script", type="application/ld+json").string)
    assert data["@type"] == "Report"
    assert data["inLanguage"] == ["pt", "en"]
    files = {media["inLanguage"]: media for media in data["encoding"]}
    assert set(files) == {"pt", "en"}
    assert files["en"]["@type"] == "MediaObject"
    assert files["en"]["encodingFormat"] == "application/pdf"
    assert files["en"]["contentUrl"] == absolute_url(page.file_en.url)
    assert files["en"]["contentUrl"].startswith("http")
    assert files["pt"]["contentSize"] == f"{page.file_pt.file_size} B"


# Stories that point to their publication ---------------------------------------------------


def test_a_story_shows_its_publication_until_it_stops_being_public(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    publication = with_files(
        django_capture_on_commit_callbacks,
        file_pt=a_pdf(),
        title_pt="Boletim de Moçambique",
        title_en="Mozambique bulletin",
    )
    story = StoryPageFactory(parent=TimelineIndexPage.objects.get(), publications=[publication])
    url = url_in(story, "en")
    card = soup(client.get(url)).find(class_="publication-card")
    assert card.find("a", string="Mozambique bulletin")["href"] == url_in(publication, "en")
    assert client.get(url)["X-Cache"] == "hit"
    publication.unpublish()
    assert soup(client.get(url)).find(class_="publication-card") is None
    publish(publication)
    assert soup(client.get(url)).find(class_="publication-card") is not None


# The home page's counters ------------------------------------------------------------------


def home_counters(client, language):
    return soup(client.get(f"/{language}/")).find(class_="counters").find_all("li")


def test_the_publications_counter_links_to_the_library(client):
    for language, label in (("pt", "publicações"), ("en", "publications")):
        counter = next(c for c in home_counters(client, language) if label in c.get_text())
        assert counter.find(class_="counter__number").get_text() == "98"  # the figure staff gave
        assert counter.find("a")["href"] == url_in(library(), language)


def test_a_counted_counter_counts_what_visitors_may_see(client, settings, shelf):
    settings.PAGE_CACHE_ENABLED = True
    home = HomePage.objects.get()
    counter = home.counters.get(section="publications")
    counter.source = HomePageCounter.Source.COUNTED
    counter.number = None
    counter.save()
    publish(home)

    def shown():
        counter = next(c for c in home_counters(client, "en") if "publications" in c.get_text())
        return int(counter.find(class_="counter__number").get_text())

    assert shown() == 5  # the live ones; the six known publications are drafts
    assert client.get("/en/")["X-Cache"] == "hit"
    shelf[0].unpublish()
    assert shown() == 4
    restricted = shelf[1]
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    assert shown() == 3


@pytest.mark.parametrize(
    ("language", "section_error", "number_error"),
    [
        ("en", "Choose the section whose pages are counted.", "Give the figure, or let"),
        ("pt", "Escolha a secção cujas páginas são contadas.", "Indique o número, ou deixe"),
    ],
)
def test_a_counter_must_say_where_its_figure_comes_from(language, section_error, number_error):
    home = HomePage.objects.get()
    counted = HomePageCounter(page=home, source="counted", label_pt="x", label_en="x")
    fixed = HomePageCounter(page=home, source="fixed", label_pt="x", label_en="x")
    with translation.override(language):
        with pytest.raises(ValidationError) as raised:
            counted.full_clean()
        assert section_error in raised.value.message_dict["section"][0]
        with pytest.raises(ValidationError) as raised:
            fixed.full_clean()
        assert raised.value.message_dict["number"][0].startswith(number_error)


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("/pt/pesquisa/", ["Áreas de trabalho", "Publicações", "Cronologia", "documentos"]),
        ("/en/search/", ["Areas of work", "Publications", "Timeline", "documents"]),
    ],
)
def test_the_empty_search_names_every_section_and_the_documents(client, address, words):
    hint = soup(client.get(address)).find(class_="empty-state").get_text()
    for word in words:
        assert word in hint


def test_the_filters_counts_follow_a_publication_leaving(client, shelf):
    url = url_in(library(), "en")
    assert options(soup(client.get(url)), "type")["bulletin"].endswith("(3)")
    shelf[0].unpublish()  # a bulletin: the counts remembered for these filters are renewed
    assert options(soup(client.get(url)), "type")["bulletin"].endswith("(2)")
    PageViewRestriction.objects.create(page=shelf[1], restriction_type=PageViewRestriction.LOGIN)
    assert options(soup(client.get(url)), "type")["bulletin"].endswith("(1)")


@needs_stemming
def test_when_many_pages_match_the_newest_documents_are_ranked(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    older = with_files(django_capture_on_commit_callbacks, file_pt=bulletin_pdf(name="a.pdf"))
    newer = with_files(django_capture_on_commit_callbacks, file_pt=bulletin_pdf(name="b.pdf"))
    found = document_search.find_in_documents("indicadores", "pt")
    assert {hit.page_id for hit in found} == {older.pk, newer.pk}
    monkeypatch.setattr(document_search, "RANKED", 1)
    found = document_search.find_in_documents("indicadores", "pt")
    assert [hit.page_id for hit in found] == [newer.pk]


def test_scale_demo_content_makes_publications_with_read_documents(client):
    call_command(
        "scale_demo_content",
        "--stories=0",
        "--testimonials=0",
        "--team=0",
        "--publications=10",  # the six known drafts, and four generated
        "--publication-pages=3",
        "--read-sample=1",
        stdout=io.StringIO(),
    )
    made = PublicationPage.objects.live().child_of(library())
    assert made.count() == 4
    for publication in made:
        facts = publication.file_pt.facts
        assert facts.state == "ready" and facts.page_count == 3
        assert DocumentText.objects.filter(document=publication.file_pt, language="pt").count() == 3
    bilingual = made.exclude(file_en=None)
    assert bilingual.count() == 1  # every fourth
    covers = [p.file_pt.facts.cover for p in made if p.file_pt.facts.cover is not None]
    assert len(covers) == 1  # the one read by the reader
    html = soup(client.get("/en/search/?q=actuarial+valuation"))
    assert html.find(class_="document-hits") is not None
