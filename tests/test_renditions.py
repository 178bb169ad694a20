"""Pictures are resized when a page is published (or by `generate_renditions`), in every
size and format the templates use, so no visitor waits for it."""

from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.rich_text import RichText

from action_portugal.base.pictures import PICTURE_SIZES
from action_portugal.factories import SiteImageFactory
from action_portugal.models import Partner, SiteRendition, SiteSettings
from team.models import TeamMemberPage
from testimonials import models as testimonials
from timeline.models import StoryPage

from .pages import url_in

pytestmark = pytest.mark.django_db


def renditions():
    return SiteRendition.objects.count()


def test_publishing_makes_every_rendition_the_pages_then_use(client):
    story = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
    story.image = SiteImageFactory()
    figure = SiteImageFactory()
    story.body_en = [
        ("paragraph", RichText("<p>Text.</p>")),
        ("figure", {"image": {"image": figure, "decorative": True, "alt_text": ""}}),
    ]
    story.save_revision().publish()
    member = TeamMemberPage.objects.get(slug_pt="responsavel-timor-leste")
    member.photo = SiteImageFactory()
    member.save_revision().publish()
    testimonial = testimonials.TestimonialPage.objects.get(slug_pt="edson-domingos")
    testimonial.photo = SiteImageFactory()
    testimonial.save_revision().publish()
    made = renditions()
    assert made >= 6 + 1 + 6 + 13 + 7  # story, figure, member, testimonial (with share)

    for page in (story, member, testimonial):
        for language in ("pt", "en"):
            assert client.get(url_in(page, language)).status_code == 200
    for url in ("/pt/", "/en/team/", "/pt/testemunhos/", "/en/timeline/"):
        assert client.get(url).status_code == 200
    assert renditions() == made  # no visitor made one


def test_the_command_covers_existing_pictures(client):
    story = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
    StoryPage.objects.filter(pk=story.pk).update(image=SiteImageFactory())  # no publish
    settings = SiteSettings.objects.get()
    Partner.objects.filter(settings=settings).update(logo=SiteImageFactory())
    call_command("generate_renditions", stdout=open("/dev/null", "w"))  # noqa: SIM115
    made = renditions()
    assert made > 0
    client.get(url_in(story, "pt"))
    client.get("/pt/")
    assert renditions() == made


def test_each_kind_of_picture_is_declared_once_and_parsed_once():
    """The templates ask for a kind (``{% picture_of image "team card" %}``); its filters are
    built and parsed once per process, and are the renditions publishing makes."""
    size = PICTURE_SIZES["team card"]
    assert size.filters is size.filters
    assert [f.spec for f in size.filters] == [
        f"format-{fmt}|fill-{box}"
        for fmt in ("avif", "webp", "jpeg")
        for box in ("96x96", "192x192")
    ]
    assert [type(op).__name__ for op in size.filters[0].operations] == [
        "FormatOperation",
        "FillOperation",
    ]
    assert size.filters[0].operations is size.filters[0].operations
    assert set(PICTURE_SIZES["story"].specs) > {f.spec for f in PICTURE_SIZES["story"].filters}


def test_no_template_writes_a_picture_size_of_its_own():
    """Sizes live in PICTURE_SIZES only: templates name a kind."""
    root = Path(__file__).resolve().parent.parent
    for template in root.glob("**/templates/**/*.html"):
        if ".venv" in template.parts or "node_modules" in template.parts:
            continue
        text = template.read_text()
        assert "{% picture " not in text and "{% image " not in text, template
