"""People's photographs and stories' pictures in Chromium: a portrait and a landscape upload
each show at their box's shape (the picture's own ratio, as the browser decoded it, is the
box's: nothing stretched), and a focal point on the far right is what the crop keeps. And
the loaded pages' share images, drawn when the content was loaded, are what the pages name."""

import json

import pytest

from .conftest import manage, prepare_site, start_server

pytestmark = pytest.mark.e2e

PLANT = """
import io, json
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from action_portugal.models import SiteImage
from team.models import TeamMemberPage
from testimonials.models import TestimonialPage
from timeline.models import StoryPage

def upload(width, height, focal=None):
    picture = Image.new("RGB", (width, height), (30, 45, 190))
    if focal:
        x, y = focal
        ImageDraw.Draw(picture).rectangle((x - 60, y - 60, x + 60, y + 60), fill=(220, 0, 0))
    data = io.BytesIO()
    picture.save(data, "PNG")
    image = SiteImage(title="Fotografia", description_pt="Fotografia", description_en="Photo",
                      file=ImageFile(data, name="photo.png"))
    if focal:
        image.focal_point_x, image.focal_point_y = focal
        image.focal_point_width = image.focal_point_height = 120
    image.save()
    return image

portrait, landscape = upload(600, 1000), upload(1600, 600, focal=(1530, 300))
members = list(TeamMemberPage.objects.live().order_by("path")[:2])
testimonials = list(TestimonialPage.objects.live().order_by("path")[:2])
story = StoryPage.objects.live().order_by("path").first()
urls = {}
for page, image, field in (
    (members[0], portrait, "photo"), (members[1], landscape, "photo"),
    (testimonials[0], portrait, "photo"), (testimonials[1], landscape, "photo"),
    (story, landscape, "image"),
):
    page = type(page).objects.get(pk=page.pk)
    setattr(page, field, image)
    page.save_revision().publish()
urls["portrait member"] = members[0].get_url()
urls["focal member"] = members[1].get_url()
urls["team"] = members[0].get_parent().get_url()
urls["testimonials"] = testimonials[0].get_parent().get_url()
urls["story"] = story.get_url()
print(json.dumps(urls))
"""

# Every photograph on the page: its decoded ratio against its box's and its width and
# height attributes', and the share of its pixels that are the focal point's red.
MEASURE = """
() => [...document.querySelectorAll("main img")].filter(img => img.closest(
    ".person, .person-page, .testimonial, .story__image")).map(img => {
  const canvas = document.createElement("canvas");
  canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
  const context = canvas.getContext("2d");
  context.drawImage(img, 0, 0);
  const pixels = context.getImageData(0, 0, img.naturalWidth, img.naturalHeight).data;
  let red = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i] > 150 && pixels[i + 1] < 80 && pixels[i + 2] < 80) red += 1;
  }
  return {
    cls: img.className, src: img.currentSrc, own: !!img.closest("article"),
    natural: img.naturalWidth / img.naturalHeight,
    box: img.clientWidth / img.clientHeight,
    attrs: img.getAttribute("width") / img.getAttribute("height"),
    red: red / (pixels.length / 4),
  };
})
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp_dir = tmp_path_factory.mktemp("e2e-photographs")
    env = prepare_site(tmp_dir, suffix="photographs", SHARE_IMAGES_ENABLED="true")
    urls = json.loads(manage(env, "shell", "-c", PLANT).strip().splitlines()[-1])
    server, base = start_server(env, tmp_dir / "server.log")
    yield base, urls
    server.terminate()
    server.wait(timeout=10)


def photographs(page, url):
    page.goto(url)
    page.evaluate(
        "document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')"
    )
    page.evaluate(
        "() => Promise.all([...document.querySelectorAll('main img')]"
        ".map(img => img.decode().catch(() => null)))"
    )
    return page.evaluate(MEASURE)


@pytest.mark.parametrize("screen", ["phone", "desktop"])
@pytest.mark.parametrize(
    "name", ["portrait member", "focal member", "team", "testimonials", "story"]
)
def test_photographs_keep_their_shape(site, request, screen, name):
    base, urls = site
    page = request.getfixturevalue(screen)
    found = photographs(page, base + urls[name])
    assert found, name
    for picture in found:
        assert picture["box"] == pytest.approx(picture["natural"], rel=0.02), picture
        assert picture["attrs"] == pytest.approx(picture["natural"], rel=0.02), picture


def test_the_focal_point_is_kept(site, desktop):
    base, urls = site
    for name in ("focal member", "story"):
        # The page's own picture (a role's page also shows its colleagues' photographs).
        own = [picture for picture in photographs(desktop, base + urls[name]) if picture["own"]]
        assert len(own) == 1 and own[0]["red"] > 0.005, own


def test_loaded_pages_name_their_own_share_image(site, desktop):
    base, urls = site
    desktop.goto(base + urls["story"])
    address = desktop.locator('meta[property="og:image"]').get_attribute("content")
    assert "/media/share_images/" in address
    path = address[address.index("/media/") :]
    size = desktop.evaluate(
        """async (path) => {
            const img = new Image(); img.src = path; await img.decode();
            return [img.naturalWidth, img.naturalHeight];
        }""",
        path,
    )
    assert size == [1200, 630]
