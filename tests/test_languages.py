"""Portuguese by default, English on request, and honest about which language a text is in."""

import datetime
import re
from urllib.parse import urlsplit

import polib
import pytest
from django.conf import settings
from django.utils import translation

from action_portugal.base.dates import DatePrecision
from action_portugal.templatetags.site_tags import date_at_precision, iso_at_precision
from pillars.models import PillarPage
from timeline.models import StoryPage

from .conftest import alternates, soup
from .pages import url_in

pytestmark = pytest.mark.django_db

PO_FILE = settings.BASE_DIR / "locale" / "pt" / "LC_MESSAGES" / "django.po"


class TestRootRedirect:
    def test_portuguese_by_default(self, client):
        response = client.get("/")
        assert response.status_code == 301  # the old site's home: tests/test_old_addresses.py
        assert response["Location"] == "/pt/"

    def test_accept_language(self, client):
        response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})
        assert response["Location"] == "/en/"

    def test_a_language_we_do_not_have_gives_portuguese(self, client):
        response = client.get("/", headers={"accept-language": "fr-FR,fr;q=0.9"})
        assert response["Location"] == "/pt/"

    def test_the_switchers_choice_wins_over_accept_language(self, client):
        switched = client.get("/language/pt/?next=/pt/equipa/")
        assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pt"
        response = client.get("/", headers={"accept-language": "en"})
        assert response["Location"] == "/pt/"
        client.get("/language/en/?next=/en/team/")
        assert client.get("/")["Location"] == "/en/"


class TestSwitcher:
    def test_goes_to_the_page_asked_for(self, client):
        response = client.get("/language/en/?next=/en/team/")
        assert response.status_code == 302
        assert response["Location"] == "/en/team/"

    @pytest.mark.parametrize(
        "target",
        ["https://evil.example/", "//evil.example/en/", "/pt/equipa/", "", "/en/\\evil"],
    )
    def test_never_leaves_the_site_or_the_chosen_language(self, client, target):
        location = client.get("/language/en/", {"next": target})["Location"]
        assert urlsplit(location).netloc == ""
        assert location.startswith("/en/")

    def test_unknown_language(self, client):
        response = client.get("/language/fr/?next=/fr/", follow=True)
        assert response.status_code == 404
        assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


class TestFallback:
    def test_an_untranslated_portuguese_field_shows_english_marked_as_english(self, client):
        pillar = PillarPage.objects.get(slug_pt="estudos-atuariais")
        PillarPage.objects.filter(pk=pillar.pk).update(summary_pt="")
        document = soup(client.get(url_in(pillar, "pt")))
        lead = document.select_one(".lead")
        assert lead.get_text(strip=True) == pillar.summary_en
        assert lead["lang"] == "en"
        assert document.html["lang"] == "pt"
        assert document.h1.get("lang") is None

    def test_a_page_without_english_is_left_out_of_the_english_alternates(self, client):
        story = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
        StoryPage.objects.filter(pk=story.pk).update(title_en="", summary_en="")
        document = soup(client.get(url_in(story, "en")))
        assert document.h1["lang"] == "pt"
        assert document.select_one(".lead")["lang"] == "pt"
        links = alternates(document)
        assert "en" not in links
        assert set(links) == {"pt", "x-default"}


class TestInterfaceStrings:
    def test_known_strings_are_portuguese_under_pt(self, client):
        pt = client.get("/pt/").content.decode()
        en = client.get("/en/").content.decode()
        assert "Saltar para o conteúdo principal" in pt
        assert "Skip to main content" in en
        assert "O programa em números" in pt

    def test_every_catalogue_entry_is_translated_and_compiled(self):
        catalogue = polib.pofile(str(PO_FILE))
        assert catalogue.percent_translated() == 100
        assert not [entry for entry in catalogue if "fuzzy" in entry.flags]
        with translation.override("pt"):
            for entry in catalogue:
                if entry.msgid_plural or entry.msgctxt:
                    continue
                assert translation.gettext(entry.msgid) == entry.msgstr, entry.msgid

    def test_the_site_is_a_sitio_in_every_portuguese_string(self):
        """European Portuguese: "sítio", as every page says, never "site"."""
        catalogue = polib.pofile(str(PO_FILE))
        said_site = [
            entry.msgid
            for entry in catalogue
            if re.search(r"\bsites?\b", " ".join([entry.msgstr, *entry.msgstr_plural.values()]))
        ]
        assert said_site == []

    def test_the_date_help_names_the_field_and_choices_it_points_to(self):
        """It names the field and its choices, wherever the form lays them out (the
        precision sits beside the date on a wide screen, below it on a narrow one)."""
        field = StoryPage._meta.get_field("date")
        precision = StoryPage._meta.get_field("date_precision")
        for language in ("pt", "en"):
            with translation.override(language):
                help_text = str(field.help_text)
                assert str(precision.verbose_name) in help_text
                assert str(DatePrecision.MONTH.label) in help_text
                assert str(DatePrecision.YEAR.label) in help_text
                for where in ("below", "above", "beside", "abaixo", "acima", "ao lado"):
                    assert where not in help_text

    @pytest.mark.parametrize(
        "url", ["/pt/", "/pt/areas-de-trabalho/", "/pt/equipa/", "/pt/cronologia/"]
    )
    def test_no_english_interface_string_under_pt(self, client, url):
        text = soup(client.get(url)).get_text(" ")
        catalogue = polib.pofile(str(PO_FILE))
        leaked = [
            entry.msgid
            for entry in catalogue
            if len(entry.msgid) > 8 and entry.msgid != entry.msgstr and entry.msgid in text
        ]
        assert leaked == []


class TestDates:
    @pytest.mark.parametrize(
        ("language", "precision", "shown", "iso"),
        [
            ("pt", "day", "7 de junho de 2024", "2024-06-07"),
            ("pt", "month", "junho de 2024", "2024-06"),
            ("pt", "year", "2024", "2024"),
            ("en", "day", "7 June 2024", "2024-06-07"),
            ("en", "month", "June 2024", "2024-06"),
            ("en", "year", "2024", "2024"),
        ],
    )
    def test_shown_at_their_precision(self, language, precision, shown, iso):
        day = datetime.date(2024, 6, 7)
        with translation.override(language):
            assert date_at_precision(day, precision) == shown
        assert iso_at_precision(day, precision) == iso

    def test_story_page_shows_its_date(self, client):
        story = StoryPage.objects.get(slug_en="cabo-verde-2nd-statistical-bulletin")
        time = soup(client.get(url_in(story, "pt"))).select_one(".story__meta time")
        assert time.get_text() == "julho de 2024"
        assert time["datetime"] == "2024-07"


class TestHead:
    def test_title_and_description_never_borrow_the_other_language(self, client):
        story = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
        StoryPage.objects.filter(pk=story.pk).update(
            seo_title_pt="", seo_title_en="Phase 3 signed", search_description_en="English only"
        )
        pt = soup(client.get(url_in(story, "pt")))
        assert pt.title.get_text().startswith(story.title_pt)
        # No Portuguese search description: the Portuguese summary, never the English text.
        assert pt.find("meta", attrs={"name": "description"})["content"] == story.summary_pt
        en = soup(client.get(url_in(story, "en")))
        assert en.title.get_text().startswith("Phase 3 signed")
        assert en.find("meta", attrs={"name": "description"})["content"] == "English only"
