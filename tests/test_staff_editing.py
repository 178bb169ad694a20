"""What staff meet while editing: previews in both languages, the site settings, clear
messages in their own language, and drafts that keep what was typed."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from action_portugal.base.permissions import EDITORS, TRANSLATORS
from action_portugal.factories import SiteImageFactory
from action_portugal.models import SiteSettings
from pillars.models import PillarPage
from testimonials import models as testimonials
from timeline.models import StoryPage, TimelineIndexPage

from .admin_forms import edit_form_data
from .conftest import soup
from .staff import member_of, superuser

pytestmark = pytest.mark.django_db


class TestPreview:
    @pytest.mark.parametrize("admin_language", ["pt", "en"])
    def test_preview_in_each_language_whatever_the_admins(self, client, admin_language):
        pillar = PillarPage.objects.get(slug_pt="estudos-atuariais")
        client.force_login(member_of(TRANSLATORS, language=admin_language))
        data = edit_form_data(client, pillar)
        data["summary_pt"] = "Resumo ainda por publicar."
        url = f"/admin/pages/{pillar.pk}/edit/preview/"
        assert client.post(url, data).json()["is_valid"]
        for mode, lang, text in (
            ("pt", "pt", "Resumo ainda por publicar."),
            ("en", "en", pillar.summary_en),
        ):
            document = soup(client.get(url, {"mode": mode}))
            assert document.html["lang"] == lang
            assert document.select_one(".lead").get_text() == text
            assert document.select_one(".main-nav a")["href"].startswith(f"/{lang}/")

    def test_the_editor_offers_both_modes(self, client):
        pillar = PillarPage.objects.get(slug_pt="estudos-atuariais")
        assert pillar.preview_modes == [("pt", "Portuguese"), ("en", "English")] or [
            mode for mode, _label in pillar.preview_modes
        ] == ["pt", "en"]


class TestSiteSettings:
    def test_the_footer_reads_them_in_the_visitors_language(self, client):
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.address_pt = "Rua da Prata, Lisboa"
        settings.address_en = "Rua da Prata, Lisbon"
        settings.contact_email = "action@example.org"
        settings.save()
        pt = soup(client.get("/pt/")).select_one(".site-footer")
        en = soup(client.get("/en/")).select_one(".site-footer")
        assert "Rua da Prata, Lisboa" in pt.get_text()
        assert "Rua da Prata, Lisbon" in en.get_text()
        assert pt.select_one('a[href="mailto:action@example.org"]')
        partners = [a.get_text(" ", strip=True) for a in en.select(".site-footer__partners a")]
        assert partners[0] == "International Labour Organization (ILO)"
        assert "Organização Internacional do Trabalho (OIT)" in pt.get_text()

    def test_the_footer_invents_no_contact_and_names_its_links(self, client):
        for language, feeds in (("pt", "Feeds de notícias"), ("en", "News feeds")):
            footer = soup(client.get(f"/{language}/")).select_one(".site-footer")
            headings = [h.get_text() for h in footer.select("h2")]
            # No address or e-mail in the settings: no contact heading, no address.
            assert footer.select_one("address") is None and len(headings) == 2
            assert headings[1] == feeds  # no social link yet: no "Follow" heading
            feed_links = footer.select(".site-footer__feeds a")
            assert feed_links and all(a["type"] == "application/atom+xml" for a in feed_links)
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.contact_email = "action@example.org"
        settings.social_links.create(name="LinkedIn", url="https://www.linkedin.com/")
        settings.save()
        footer = soup(client.get("/en/")).select_one(".site-footer")
        assert [h.get_text() for h in footer.select("h2")] == [
            "Contact",
            "Partners",
            "Follow",
            "News feeds",
        ]
        assert footer.select_one("address").get_text(strip=True) == "action@example.org"
        assert footer.select_one(".site-footer__social a")["href"] == "https://www.linkedin.com/"

    def test_editors_change_them_and_bad_emails_are_refused_in_their_language(self, client):
        client.force_login(member_of(EDITORS, language="pt"))
        site = Site.objects.get(is_default_site=True)
        url = f"/admin/settings/action_portugal/sitesettings/{site.pk}/"
        data = nested_form_data(
            {
                "contact_email": "not an email",
                "address_pt": "",
                "address_en": "",
                "footer_text_pt": "Texto",
                "footer_text_en": "Text",
                "social_links": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0},
                "partners": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0},
            }
        )
        response = client.post(url, data)
        assert response.status_code == 200
        assert "Introduza um endereço de e-mail válido." in response.content.decode()
        assert SiteSettings.for_site(site).footer_text_pt != "Texto"


class TestValidation:
    def test_a_testimonial_needs_a_quote_and_a_name_to_be_published(self, client):
        client.force_login(superuser(language="en"))
        index = testimonials.TestimonialIndexPage.objects.get()
        response = client.post(
            f"/admin/pages/add/testimonials/testimonialpage/{index.pk}/",
            nested_form_data(
                {
                    "position_pt": "Vice-Presidente Teste",
                    "country": "mz",
                    "action-publish": "publish",
                }
            ),
        )
        assert response.status_code == 200
        errors = soup(response)
        assert errors.select("[data-field-errors] p, .error-message, .w-field__errors p")
        assert not testimonials.TestimonialPage.objects.filter(
            position_pt="Vice-Presidente Teste"
        ).exists()

    def test_a_story_needs_a_date(self, client):
        client.force_login(superuser(language="pt"))
        index = TimelineIndexPage.objects.get()
        response = client.post(
            f"/admin/pages/add/timeline/storypage/{index.pk}/",
            nested_form_data(
                {
                    "title_pt": "Sem data",
                    "slug_pt": "sem-data",
                    "summary_pt": "Resumo.",
                    "date_precision": "day",
                    "body_pt": streamfield([]),
                    "body_en": streamfield([]),
                    "action-publish": "publish",
                }
            ),
        )
        assert response.status_code == 200
        assert "Este campo é obrigatório." in response.content.decode()
        assert not StoryPage.objects.filter(slug_pt="sem-data").exists()

    def test_an_image_without_alt_text_cannot_illustrate_a_story(self, client):
        client.force_login(superuser(language="en"))
        story = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
        data = edit_form_data(client, story)
        data["image"] = SiteImageFactory(description_pt="", description_en="").pk
        response = client.post(f"/admin/pages/{story.pk}/edit/", data)
        assert response.status_code == 200
        assert "This image has no description for people who cannot see it" in (
            response.content.decode()
        )
        described = SiteImageFactory(description_pt="Assinatura", description_en="Signing")
        data["image"] = described.pk
        assert client.post(f"/admin/pages/{story.pk}/edit/", data).status_code == 302

    def test_body_images_need_alt_text_or_to_be_decorative(self, client):
        from django.core.exceptions import ValidationError

        from action_portugal.base.blocks import FigureBlock

        block = FigureBlock()
        bare = SiteImageFactory(description_pt="", description_en="")
        value = block.to_python({"image": {"image": bare.pk, "decorative": False, "alt_text": ""}})
        with pytest.raises(ValidationError):
            block.clean(value)
        for ok in (
            {"decorative": True, "alt_text": ""},
            {"decorative": False, "alt_text": "A map"},
        ):
            block.clean(block.to_python({"image": {"image": bare.pk, **ok}}))

    def test_an_incomplete_translation_is_saved_and_the_translator_told(self, client):
        pillar = PillarPage.objects.get(slug_pt="estudos-atuariais")
        client.force_login(member_of(TRANSLATORS, language="pt"))
        data = edit_form_data(client, pillar)
        data.pop("action-publish")
        data["summary_pt"] = ""
        data["body_en"] = streamfield([("paragraph", rich_text("<p>Only English.</p>"))])
        data = {**data, **nested_form_data({"body_en": data["body_en"]})}
        response = client.post(f"/admin/pages/{pillar.pk}/edit/", data)
        assert response.status_code == 302  # saved as a draft
        draft = PillarPage.objects.get(pk=pillar.pk).get_latest_revision_as_object()
        assert draft.summary_pt == ""
        warnings = [
            BeautifulSoup(str(m), "html.parser").get_text()
            for m in get_messages(response.wsgi_request)
        ]
        assert "Guardado. Ainda sem texto em português: resumo, corpo." in warnings


def test_the_admin_speaks_each_users_language(client):
    client.force_login(member_of(TRANSLATORS, "tradutora", language="pt"))
    html = client.get("/admin/translation-status/").content.decode()
    assert "Estado da tradução" in html and '<html lang="pt"' in html
    client.force_login(member_of(TRANSLATORS, "translator", language="en"))
    html = client.get("/admin/translation-status/").content.decode()
    assert "Translation status" in html and '<html lang="en"' in html
