"""Pictures through Wagtail renditions: modern formats, several sizes, no layout shift,
lazy below the fold, alt text in the visitor's language."""

import pytest

from action_portugal.factories import SiteImageFactory
from team.models import TeamMemberPage
from timeline.models import StoryPage

from .conftest import soup
from .pages import url_in

pytestmark = pytest.mark.django_db


def with_picture(model, slug, field):
    page = model.objects.get(slug_pt=slug)
    image = SiteImageFactory(
        description_pt="Participantes num workshop em Díli",
        description_en="Participants at a workshop in Dili",
    )
    setattr(page, field, image)
    page.save_revision().publish()
    return page


def test_a_story_image_in_modern_formats_and_several_sizes(client):
    story = with_picture(StoryPage, "timor-leste-roteiro-c102", "image")
    for language, alt in (
        ("pt", "Participantes num workshop em Díli"),
        ("en", "Participants at a workshop in Dili"),
    ):
        picture = soup(client.get(url_in(story, language))).select_one(".story__image picture")
        types = [source["type"] for source in picture.find_all("source")]
        assert types == ["image/avif", "image/webp"]
        for source in picture.find_all("source"):
            assert len(source["srcset"].split(",")) >= 2
            assert source["sizes"]
        img = picture.img
        assert img["alt"] == alt
        assert int(img["width"]) > 0 and int(img["height"]) > 0
        assert len(img["srcset"].split(",")) >= 2
        # The first picture a visitor sees loads at once.
        assert img.get("loading") != "lazy"
        assert img["fetchpriority"] == "high"


def test_people_photos_are_lazy_decorative_and_sized(client):
    first_listed = TeamMemberPage.objects.for_listing().first()  # on the home page too
    member = with_picture(TeamMemberPage, first_listed.slug_pt, "photo")
    for url in ("/en/team/", "/pt/"):
        img = soup(client.get(url)).select_one(".person picture img")
        assert img["alt"] == ""  # the name or role is right next to it
        assert img["loading"] == "lazy"
        assert img["width"] == "96" and img["height"] == "96"
    assert member.photo.renditions.filter(filter_spec__contains="format-avif").exists()


def test_images_in_the_body(client):
    from wagtail.rich_text import RichText

    story = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
    image = SiteImageFactory(description_en="Signing the agreement")
    story.body_en = [
        ("paragraph", RichText("<p>Text.</p>")),
        (
            "figure",
            {
                "image": {"image": image, "decorative": False, "alt_text": "The signing"},
                "caption": "Lisbon, 2022",
            },
        ),
    ]
    story.save_revision().publish()
    figure = soup(client.get(url_in(story, "en"))).select_one(".body figure")
    assert figure.img["alt"] == "The signing"
    assert figure.img["loading"] == "lazy"
    assert figure.figcaption.get_text() == "Lisbon, 2022"
    assert [s["type"] for s in figure.find_all("source")] == ["image/avif", "image/webp"]


def test_an_image_whose_description_was_removed_is_shown_as_decorative(client):
    # Editors cannot choose such an image (tests/test_staff_editing.py), but a description
    # can be emptied in the image library afterwards: the page then says alt="".
    story = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
    StoryPage.objects.filter(pk=story.pk).update(
        image=SiteImageFactory(description_pt="", description_en="")
    )
    img = soup(client.get(url_in(story, "en"))).select_one(".story__image img")
    assert img["alt"] == ""
