"""Each page's own link-preview image (action_portugal.seo.share_cards): drawn by the worker
after a publish, in each language, named by what it shows, and gone with the page's
publicity."""

import io
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.tasks import task_backends
from django.test.utils import CaptureQueriesContext
from PIL import Image
from wagtail.models import Page, PageViewRestriction

from action_portugal.models import HomePage, ShareCard
from action_portugal.seo import card_drawing, share_cards
from pillars.models import PillarIndexPage, PillarPage
from publications.factories import PublicationPageFactory
from publications.models import PublicationIndexPage
from team.models import TeamMemberPage
from testimonials import models as testimonials
from timeline.models import StoryPage

from .admin_forms import edit_form_data
from .conftest import soup
from .pages import publish, url_in
from .staff import superuser

pytestmark = pytest.mark.django_db
GENERIC = "http://testserver/static/img/share.png"
HOSTILE_TITLES = [
    "A" * 5000,
    "Proteção " * 300,
    "<script>alert('x')</script><b>&amp;</b>",
    "\u202eorcim\u202c عربي שלום 😀🇵🇹 \x00\x1b[31m\ttab\nline",
    "",
    " ",
]


@pytest.fixture
def enabled(settings):
    settings.SHARE_IMAGES_ENABLED = True
    return settings


@pytest.fixture
def pillar():
    return PillarPage.objects.get(slug_pt="estudos-atuariais")


def og_image(client, page, language):
    return soup(client.get(url_in(page, language))).find("meta", property="og:image")["content"]


def png(data):
    return Image.open(io.BytesIO(data))


def made(page):
    share_cards.make_share_images.call(page.pk)
    return {card.language: card for card in ShareCard.objects.filter(page=page)}


def stored(media_root, card):
    return Path(media_root, card.file.name).is_file()


class TestDrawing:
    def test_an_area_of_work_in_each_language(self, pillar):
        pt = share_cards.card_text(pillar, "pt")
        en = share_cards.card_text(pillar, "en")
        assert pt == (pillar.title_pt, "Áreas de trabalho", pillar.icon)
        assert en[0] == pillar.title_en and en[2] == pillar.icon
        assert pt[:2] != en[:2]
        images = [card_drawing.draw(*text, "ACTION/Portugal") for text in (pt, en)]
        assert images[0] != images[1]
        for data in images:
            image = png(data)
            assert image.format == "PNG" and image.size == (1200, 630)
            assert len(data) < 150_000

    def test_the_title_is_drawn(self, pillar):
        """Only the title differs: so do the images."""
        text = share_cards.card_text(pillar, "pt")
        one = card_drawing.draw(*text, "ACTION/Portugal")
        other = card_drawing.draw("Outro título", *text[1:], "ACTION/Portugal")
        assert one != other

    def test_other_pages_carry_the_programmes_mark_and_their_section(self):
        story = StoryPage.objects.order_by("path").first()
        title, section, icon = share_cards.card_text(story, "en")
        assert (title, section, icon) == (story.title_en, "Timeline", "mark")
        home = HomePage.objects.get()
        assert share_cards.card_text(home, "pt")[1:] == ("", "mark")
        assert share_cards.card_text(PillarIndexPage.objects.get(), "en")[1] == ""

    @pytest.mark.parametrize("title", HOSTILE_TITLES)
    def test_hostile_titles_draw(self, title):
        data = card_drawing.draw(title, title, "../../etc/passwd", title)
        assert png(data).size == (1200, 630) and len(data) < 150_000

    def test_long_titles_end_in_an_ellipsis(self):
        lines, complete = card_drawing.wrap("palavra " * 200, 44, card_drawing.TEXT_WIDTH, 4)
        assert not complete and len(lines) == 4 and lines[-1].endswith("…")
        for line in lines:
            assert card_drawing.font(44).getlength(line) <= card_drawing.TEXT_WIDTH

    def test_invisible_characters_are_dropped(self):
        assert card_drawing.clean("a\u202eb\x00c\n\td") == "abc d"


class TestPublishing:
    def test_the_editors_request_only_queues_the_images(
        self, enabled, client, django_capture_on_commit_callbacks
    ):
        enabled.TASKS = {
            **enabled.TASKS,
            "documents": {
                "BACKEND": "django.tasks.backends.dummy.DummyBackend",
                "QUEUES": ["documents", "share-images"],
            },
        }
        page = PillarPage.objects.get(slug_pt="estudos-atuariais")
        client.force_login(superuser())
        data = edit_form_data(client, page, title_en="Actuarial")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/admin/pages/{page.pk}/edit/", data)
        assert response.status_code == 302
        assert not ShareCard.objects.exists()
        queued = [
            result
            for result in task_backends["documents"].results
            if result.task.func is share_cards.make_share_images.func
        ]
        assert [(r.args, r.task.queue_name) for r in queued] == [([page.pk], "share-images")]

    def test_publishing_asks_after_the_commit(self, enabled, django_capture_on_commit_callbacks):
        page = PillarPage.objects.get(slug_pt="estudos-atuariais")
        with django_capture_on_commit_callbacks(execute=True):
            publish(page, title_en="Actuarial studies and more")
        assert set(ShareCard.objects.filter(page=page).values_list("language", flat=True)) == {
            "pt",
            "en",
        }

    def test_nothing_without_share_images(self, settings, django_capture_on_commit_callbacks):
        page = PillarPage.objects.get(slug_pt="estudos-atuariais")
        with django_capture_on_commit_callbacks(execute=True):
            publish(page, title_en="Actuarial studies and more")
        assert share_cards.make_missing() == 0
        assert not ShareCard.objects.exists()

    def test_a_new_title_gets_a_new_name_and_the_old_file_goes(
        self, enabled, pillar, django_capture_on_commit_callbacks
    ):
        before = made(pillar)
        with django_capture_on_commit_callbacks(execute=True):
            publish(pillar, title_en="A new title")
        after = {card.language: card for card in ShareCard.objects.filter(page=pillar)}
        assert after["pt"].file.name == before["pt"].file.name
        assert after["en"].file.name != before["en"].file.name
        assert not stored(enabled.MEDIA_ROOT, before["en"])
        assert stored(enabled.MEDIA_ROOT, after["en"])

    def test_names_say_nothing_of_the_page(self, enabled, pillar):
        for card in made(pillar).values():
            name = Path(card.file.name)
            assert name.parent.as_posix() == "share_images"
            assert len(name.stem) == 32 and all(c in "0123456789abcdef" for c in name.stem)

    def test_the_command_asks_for_what_is_missing(self, enabled):
        from django.core.management import call_command

        pages = Page.objects.live().filter(depth__gt=1).count()
        out = io.StringIO()
        call_command("make_share_images", stdout=out)
        assert out.getvalue().startswith(f"{pages} page(s)")
        assert ShareCard.objects.count() == 2 * pages
        out = io.StringIO()
        call_command("make_share_images", stdout=out)
        assert out.getvalue().startswith("0 page(s)")


def page_of_each_type():
    return [
        HomePage.objects.get(),
        PillarIndexPage.objects.get(),
        PillarPage.objects.order_by("path").first(),
        StoryPage.objects.order_by("path").first(),
        TeamMemberPage.objects.order_by("path").first(),
        testimonials.TestimonialPage.objects.order_by("path").first(),
        PublicationPageFactory(parent=PublicationIndexPage.objects.get()),
    ]


class TestLinkPreviews:
    def test_each_page_type_names_its_own_image_once_made(self, enabled, client):
        for page in page_of_each_type():
            before = {language: og_image(client, page, language) for language in ("pt", "en")}
            cards = made(page)
            for language in ("pt", "en"):
                expected = f"http://testserver/media/{cards[language].file.name}"
                assert og_image(client, page, language) == expected, page
                assert before[language] != expected
                response = client.get(expected[len("http://testserver") :])
                assert response.status_code == 200
                assert response["Content-Type"] == "image/png"
            assert cards["pt"].file.name != cards["en"].file.name

    def test_the_image_is_looked_up_once_per_page_and_language(self, enabled, client, pillar):
        card = made(pillar)["pt"]
        url = url_in(pillar, "pt")
        client.get(url)
        cache.delete(share_cards.LOOKUP_KEY.format(page=pillar.pk, language="pt"))
        with CaptureQueriesContext(connection) as first:
            assert card.file.name in client.get(url).content.decode()
        with CaptureQueriesContext(connection) as second:
            assert card.file.name in client.get(url).content.decode()
        looked_up = [q["sql"] for q in first if ShareCard._meta.db_table in q["sql"]]
        assert len(looked_up) == 1
        assert len(second) == len(first) - 1

    def test_the_generic_card_before(self, enabled, client, pillar):
        assert og_image(client, pillar, "pt") == GENERIC

    @pytest.mark.parametrize("how", ["unpublish", "restrict", "restrict parent", "delete"])
    def test_a_page_no_longer_public_loses_its_image(
        self, enabled, client, pillar, how, django_capture_on_commit_callbacks
    ):
        cards = made(pillar)
        with django_capture_on_commit_callbacks(execute=True):
            if how == "unpublish":
                pillar.unpublish()
            elif how == "delete":
                pillar.delete()
            else:
                target = pillar.get_parent() if how == "restrict parent" else pillar
                PageViewRestriction.objects.create(
                    page=target, restriction_type=PageViewRestriction.PASSWORD, password="x"
                )
        assert not ShareCard.objects.filter(page_id=pillar.pk).exists()
        for card in cards.values():
            assert not stored(enabled.MEDIA_ROOT, card)
            assert client.get(f"/media/{card.file.name}").status_code == 404
        assert share_cards.card_url(pillar, "pt") is None
        assert made(pillar) == {}  # the worker draws none for it either

    def test_a_page_public_again_gets_its_images_again(
        self, enabled, client, pillar, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            restriction = PageViewRestriction.objects.create(
                page=pillar.get_parent(),
                restriction_type=PageViewRestriction.PASSWORD,
                password="x",
            )
        assert made(pillar) == {}
        with django_capture_on_commit_callbacks(execute=True):
            restriction.delete()
        card = ShareCard.objects.get(page=pillar, language="pt")
        assert og_image(client, pillar, "pt") == f"http://testserver/media/{card.file.name}"

    def test_a_drawing_that_fails_leaves_the_generic_card(
        self, enabled, client, pillar, monkeypatch, caplog
    ):
        def broken(*args):
            raise OSError("disk full")

        monkeypatch.setattr(share_cards, "draw", broken)
        assert share_cards.make_share_images.call(pillar.pk) == 0
        assert "not made" in caplog.text
        assert og_image(client, pillar, "en") == GENERIC

    def test_a_page_made_private_while_drawn_keeps_none(
        self, enabled, pillar, monkeypatch, django_capture_on_commit_callbacks
    ):
        """The worker checks again once the image is saved."""
        monkeypatch.setattr(share_cards, "is_visible", lambda page: False)
        with django_capture_on_commit_callbacks(execute=True):
            assert share_cards.make_card(pillar, "pt") == 0
        assert not ShareCard.objects.filter(page=pillar).exists()
        assert not any(Path(enabled.MEDIA_ROOT, "share_images").glob("*.png"))

    def test_a_renamed_section_renames_its_pages_images(
        self, enabled, pillar, django_capture_on_commit_callbacks
    ):
        before = made(pillar)
        with django_capture_on_commit_callbacks(execute=True):
            publish(PillarIndexPage.objects.get(), title_en="Our areas of work")
        after = ShareCard.objects.get(page=pillar, language="en")
        assert after.digest != before["en"].digest
        assert share_cards.card_text(pillar, "en")[1] == "Our areas of work"
