"""Staff edit every page type in the Wagtail admin, both languages' fields side by side."""

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from action_portugal.models import HomePage
from pillars.models import PillarIndexPage, PillarPage
from team.models import TeamIndexPage, TeamMemberPage
from testimonials import models as testimonials
from timeline.models import StoryPage, TimelineIndexPage

from .admin_forms import edit_form_data
from .pages import page_models

# What each editor form must offer in both languages.
TRANSLATED_INPUTS = {
    HomePage: ["title", "introduction", "slug", "seo_title", "search_description"],
    PillarIndexPage: ["title", "introduction"],
    PillarPage: ["title", "summary", "body", "slug"],
    testimonials.TestimonialIndexPage: ["title", "introduction"],
    testimonials.TestimonialPage: ["quote", "name", "position", "institution", "slug"],
    TeamIndexPage: ["title", "introduction"],
    TeamMemberPage: ["name", "role", "bio", "slug"],
    TimelineIndexPage: ["title", "introduction"],
    StoryPage: ["title", "summary", "body", "slug"],
}


@pytest.mark.django_db
class TestEditing(WagtailPageTestCase):
    def setUp(self):
        self.user = self.login()

    def test_every_page_type_is_editable_and_previewable(self):
        for model in page_models():
            page = model.objects.order_by("path").first()
            with self.subTest(model=model.__name__):
                self.client.force_login(self.user)  # the assertions below log out
                data = self.edit_form_data(page)
                self.assertPageIsEditable(page, post_data=data)
                self.assertPageIsPreviewable(page, post_data=data)

    def edit_form_data(self, page):
        """Published again if it is live; a draft (a publication waiting for its file) is
        saved as a draft, as its editor would."""
        return edit_form_data(self.client, page, publish=page.live)

    def test_saving_the_editor_unchanged_keeps_the_page(self):
        for model in page_models():
            page = model.objects.order_by("path").first()
            with self.subTest(model=model.__name__):
                response = self.client.post(
                    f"/admin/pages/{page.pk}/edit/", self.edit_form_data(page)
                )
                self.assertEqual(response.status_code, 302, response.content[:2000])
                fresh = model.objects.get(pk=page.pk)
                self.assertEqual(fresh.title_pt, page.title_pt)
                self.assertEqual(fresh.title_en, page.title_en)
                self.assertEqual(fresh.url_path_pt, page.url_path_pt)
                self.assertEqual(fresh.url_path_en, page.url_path_en)

    def test_the_editor_shows_both_languages(self):
        for model, fields in TRANSLATED_INPUTS.items():
            page = model.objects.order_by("path").first()
            html = self.client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
            for field in fields:
                for language in ("pt", "en"):
                    with self.subTest(model=model.__name__, field=field, language=language):
                        name = f"{field}_{language}"
                        # StreamFields are drawn by JavaScript from the panel's JSON.
                        shown = f'name="{name}"' in html or f'"fieldName": "{name}"' in html
                        self.assertTrue(shown)

    def test_home_counters_are_editable(self):
        home = HomePage.objects.get()
        html = self.client.get(f"/admin/pages/{home.pk}/edit/").content.decode()
        self.assertIn('name="counters-0-number"', html)
        self.assertIn('name="counters-0-label_pt"', html)
        self.assertIn('name="counters-0-label_en"', html)

    def test_a_testimonial_created_in_the_admin_takes_its_title_from_the_name(self):
        index = testimonials.TestimonialIndexPage.objects.get()
        data = nested_form_data(
            {
                "quote_pt": "Um apoio decisivo.",
                "quote_en": "Decisive support.",
                "name_pt": "Ana Exemplo",
                "position_pt": "Presidente",
                "position_en": "President",
                "country": "tl",
                "slug_pt": "",
                "slug_en": "",
                "action-publish": "publish",
            }
        )
        self.assertCanCreate(index, testimonials.TestimonialPage, data)
        page = testimonials.TestimonialPage.objects.get(name_pt="Ana Exemplo")
        self.assertEqual(page.title_pt, "Ana Exemplo")
        self.assertEqual(page.title_en, "Ana Exemplo")
        self.assertEqual(page.slug_pt, "ana-exemplo")
        self.assertTrue(page.live)
        self.assertEqual(self.client.get("/pt/testemunhos/ana-exemplo/").status_code, 200)

    def test_a_story_created_in_the_admin(self):
        index = TimelineIndexPage.objects.get()
        pillar = PillarPage.objects.order_by("path").first()
        data = nested_form_data(
            {
                "title_pt": "Seminário em Díli",
                "title_en": "Workshop in Dili",
                "slug_pt": "seminario-em-dili",
                "slug_en": "workshop-in-dili",
                "date": "2025-02-10",
                "date_precision": "month",
                "summary_pt": "Um seminário.",
                "summary_en": "A workshop.",
                "body_pt": streamfield([("paragraph", rich_text("<p>Texto.</p>"))]),
                "body_en": streamfield([]),
                "country": "tl",
                "action-publish": "publish",
            }
        )
        data["pillars"] = [pillar.pk]  # a multiple choice, posted as repeated values
        self.assertCanCreate(index, StoryPage, data)
        story = StoryPage.objects.get(slug_pt="seminario-em-dili")
        self.assertEqual(list(story.pillars.all()), [pillar])
        response = self.client.get("/en/timeline/workshop-in-dili/")
        self.assertContains(response, "February 2025")

    def test_a_team_member_created_without_a_name(self):
        index = TeamIndexPage.objects.get()
        data = nested_form_data(
            {
                "name_pt": "",
                "role_pt": "Assistente de comunicação",
                "role_en": "Communication assistant",
                "group": "management",
                "order": "11",
                "slug_pt": "assistente-de-comunicacao",
                "slug_en": "communication-assistant",
                "action-publish": "publish",
            }
        )
        data["countries"] = ["ao", "mz"]  # a multiple choice, posted as repeated values
        self.assertCanCreate(index, TeamMemberPage, data)
        member = TeamMemberPage.objects.get(slug_pt="assistente-de-comunicacao")
        self.assertEqual(member.title_en, "Communication assistant")
        self.assertEqual(member.countries, ["ao", "mz"])
        response = self.client.get("/pt/equipa/assistente-de-comunicacao/")
        self.assertContains(
            response,
            '<dd><a href="/pt/paises/angola/">Angola</a>, '
            '<a href="/pt/paises/mocambique/">Moçambique</a></dd>',
            html=True,
        )

    def test_wrong_children_are_refused(self):
        pillars = PillarIndexPage.objects.get()
        response = self.client.get(f"/admin/pages/add/timeline/storypage/{pillars.pk}/")
        self.assertNotEqual(response.status_code, 200)
        root = Page.get_first_root_node()
        self.assertFalse(PillarPage.can_create_at(root))

    def test_images_carry_alt_text_in_both_languages(self):
        from io import BytesIO

        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.utils import translation
        from PIL import Image as PILImage

        from action_portugal.models import SiteImage

        buffer = BytesIO()
        PILImage.new("RGB", (320, 200), "teal").save(buffer, "PNG")
        upload = SimpleUploadedFile("workshop.png", buffer.getvalue(), content_type="image/png")
        response = self.client.post(
            "/admin/images/add/",
            {
                "title": "Workshop",
                "file": upload,
                "description_pt": "Participantes num workshop em Díli",
                "description_en": "Participants at a workshop in Dili",
                "collection": 1,
            },
        )
        self.assertEqual(response.status_code, 302)
        image = SiteImage.objects.get(title="Workshop")
        with translation.override("pt"):
            self.assertEqual(image.default_alt_text, "Participantes num workshop em Díli")
        with translation.override("en"):
            self.assertEqual(image.default_alt_text, "Participants at a workshop in Dili")
        image.description_pt = image.description_en = ""
        self.assertEqual(image.default_alt_text, "")  # not the title: treated as decorative
