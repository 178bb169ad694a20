"""What search engines, feed readers and link previews get."""

import io
import json
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from PIL import Image

from pillars.models import PillarPage
from publications.models import PublicationKind, PublicationPage
from team.models import TeamMemberPage
from timeline.models import StoryPage

from .conftest import soup
from .pages import public_pages, url_in

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    entries = {}
    for url in root.iter(f"{SITEMAP}url"):
        loc = urlsplit(url.find(f"{SITEMAP}loc").text).path
        entries[loc] = {
            link.get("hreflang"): urlsplit(link.get("href")).path
            for link in url.iter(f"{XHTML}link")
        }
    return entries


class TestSitemap:
    def test_every_public_page_in_both_languages_with_alternates(self, client):
        entries = sitemap(client)
        pages = public_pages()
        assert len(entries) == 2 * len(pages)
        for page in pages:
            pt, en = url_in(page, "pt"), url_in(page, "en")
            for loc in (pt, en):
                assert entries[loc] == {"pt": pt, "en": en, "x-default": pt}, loc

    def test_unpublished_and_untranslated_pages(self, client):
        PillarPage.objects.get(slug_pt="estudos-atuariais").unpublish()
        story = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
        StoryPage.objects.filter(pk=story.pk).update(title_en="")
        entries = sitemap(client)
        assert "/pt/areas-de-trabalho/estudos-atuariais/" not in entries
        pt = url_in(story, "pt")
        assert entries[pt] == {"pt": pt, "x-default": pt}
        assert url_in(story, "en") not in entries

    def test_robots_txt_names_it(self, client):
        response = client.get("/robots.txt")
        assert response["Content-Type"].startswith("text/plain")
        lines = response.content.decode().splitlines()
        assert "Sitemap: http://testserver/sitemap.xml" in lines
        assert "Disallow: /admin/" in lines
        assert "Disallow: /pt/pesquisa/" in lines and "Disallow: /en/search/" in lines


class TestFavicon:
    def test_a_real_icon_cached_for_a_month(self, client):
        response = client.get("/favicon.ico")
        assert response.status_code == 200
        assert response["Content-Type"] == "image/x-icon"
        assert response["Cache-Control"] == "public, max-age=2592000"
        icon = Image.open(io.BytesIO(b"".join(response.streaming_content)))
        assert icon.format == "ICO"
        assert {(16, 16), (32, 32), (48, 48)} <= icon.info["sizes"]

    def test_only_read(self, client):
        assert client.head("/favicon.ico").status_code == 200
        assert client.post("/favicon.ico").status_code == 405

    def test_pages_name_it_beside_the_svg_icon(self, client):
        links = soup(client.get("/en/")).select('link[rel="icon"]')
        assert [link["href"] for link in links][0] == "/favicon.ico"
        assert links[1]["type"] == "image/svg+xml"


def meta(document, key):
    tag = document.find("meta", attrs={"property": key}) or document.find(
        "meta", attrs={"name": key}
    )
    return tag["content"] if tag else None


def json_ld(document):
    script = document.find("script", type="application/ld+json")
    return json.loads(script.string) if script else None


class TestHead:
    @pytest.mark.parametrize(
        ("language", "locale", "other"), [("pt", "pt_PT", "en_GB"), ("en", "en_GB", "pt_PT")]
    )
    def test_every_page_has_canonical_description_and_open_graph(
        self, client, language, locale, other
    ):
        for page in public_pages():
            url = url_in(page, language)
            document = soup(client.get(url))
            canonical = document.find("link", rel="canonical")["href"]
            assert canonical == f"http://testserver{url}"
            assert meta(document, "description"), url
            assert meta(document, "og:url") == canonical
            assert meta(document, "og:locale") == locale
            assert meta(document, "og:locale:alternate") == other
            assert meta(document, "og:title") and meta(document, "twitter:card")
            assert meta(document, "og:image").startswith("http://testserver/")

    def test_description_is_the_search_description_else_the_summary(self, client):
        pillar = PillarPage.objects.get(slug_pt="estudos-atuariais")
        document = soup(client.get(url_in(pillar, "en")))
        assert meta(document, "description") == pillar.summary_en[:159] + "…"
        PillarPage.objects.filter(pk=pillar.pk).update(search_description_en="Short.")
        assert meta(soup(client.get(url_in(pillar, "en"))), "description") == "Short."

    def test_the_home_page_describes_the_organisation(self, client):
        data = json_ld(soup(client.get("/en/")))
        assert data["@type"] == "Organization"
        assert data["name"] == "ACTION/Portugal"
        assert data["url"] == "http://testserver/en/"
        assert data["parentOrganization"]["name"] == "International Labour Organization"
        assert "Mozambique" in data["areaServed"]
        assert "Moçambique" in json_ld(soup(client.get("/pt/")))["areaServed"]

    def test_a_team_member_is_a_person_without_an_invented_name(self, client):
        member = TeamMemberPage.objects.get(slug_pt="responsavel-timor-leste")
        data = json_ld(soup(client.get(url_in(member, "en"))))
        assert data["@type"] == "Person"
        assert data["jobTitle"] == member.role_en
        assert "name" not in data
        assert data["workLocation"] == [{"@type": "Country", "name": "Timor-Leste"}]

    def test_a_story_is_an_article(self, client):
        story = StoryPage.objects.get(slug_pt="sao-tome-e-principe-ratifica-a-convencao-102")
        document = soup(client.get(url_in(story, "pt")))
        data = json_ld(document)
        assert data["@type"] == "Article"
        assert data["headline"] == story.title_pt
        assert data["inLanguage"] == "pt-PT"
        assert data["dateCreated"] == "2024-06-07"
        assert data["contentLocation"]["name"] == "São Tomé e Príncipe"
        assert meta(document, "og:type") == "article"

    @pytest.mark.parametrize(
        ("precision", "written"), [("year", "2020"), ("month", "2020-01"), ("day", "2020-01-01")]
    )
    def test_a_story_is_dated_no_finer_than_it_is_known(self, client, precision, written):
        """ISO 8601 at reduced precision, as schema.org's Date takes it: a story known by its
        year is not given a day."""
        story = StoryPage.objects.get(slug_pt="cabo-verde-ratifica-a-convencao-102")
        assert story.date_precision == "year"
        StoryPage.objects.filter(pk=story.pk).update(date_precision=precision)
        for language in ("pt", "en"):
            data = json_ld(soup(client.get(url_in(story, language))))
            assert data["@type"] == "Article"
            assert data["dateCreated"] == written

    @pytest.mark.parametrize(
        ("precision", "written"), [("year", "2023"), ("month", "2023-05"), ("day", "2023-05-01")]
    )
    def test_a_publication_is_dated_no_finer_than_it_is_known(self, precision, written):
        paper = PublicationPage.objects.get(slug_pt="por-que-ratificar-a-convencao-102")
        assert paper.date_precision == "month"
        paper.date_precision = precision
        data = paper.structured_data("https://example.org/paper/")
        assert data["dateCreated"] == written
        paper.kind, paper.external_url = PublicationKind.VIDEO, "https://example.org/video"
        assert paper.structured_data("https://example.org/paper/")["uploadDate"] == written

    def test_json_ld_cannot_be_broken_out_of(self, client):
        story = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
        StoryPage.objects.filter(pk=story.pk).update(title_pt="</script><script>alert(1)</script>")
        html = client.get(url_in(story, "pt")).content.decode()
        assert "<script>alert(1)" not in html
        data = json_ld(soup(client.get(url_in(story, "pt"))))
        assert data["headline"] == "</script><script>alert(1)</script>"

    def test_every_page_links_its_feed(self, client):
        for language in ("pt", "en"):
            link = soup(client.get(f"/{language}/")).find("link", type="application/atom+xml")
            assert link["href"] == f"/{language}/feed.xml"


class TestFeeds:
    @pytest.mark.parametrize("language", ["pt", "en"])
    def test_each_language_has_every_story(self, client, language):
        response = client.get(f"/{language}/feed.xml")
        assert response.status_code == 200
        root = ElementTree.fromstring(response.content)
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == language
        entries = root.findall(f"{ATOM}entry")
        stories = StoryPage.objects.live().order_by("-date")
        assert len(entries) == stories.count() == 12
        for entry, story in zip(entries, stories, strict=True):
            assert entry.find(f"{ATOM}title").text == getattr(story, f"title_{language}")
            link = entry.find(f"{ATOM}link").get("href")
            assert link == f"http://testserver{url_in(story, language)}"

    def test_an_unpublished_story_leaves_the_feed(self, client):
        StoryPage.objects.get(slug_pt="acordo-da-3-fase").unpublish()
        root = ElementTree.fromstring(client.get("/en/feed.xml").content)
        assert len(root.findall(f"{ATOM}entry")) == 11
