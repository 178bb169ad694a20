"""People's photographs and stories' pictures are cut to their box's shape around the
image's focal point (``fill``), whatever shape was uploaded, and say their size."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw

from action_portugal.base.pictures import PICTURE_SIZES
from action_portugal.models import SiteImage
from action_portugal.templatetags.site_tags import picture_of

pytestmark = pytest.mark.django_db
RED = (220, 0, 0)
SHAPES = {"team card": 1, "team member": 1, "testimonial": 1, "story": 16 / 9}


def upload(width, height, focal=None):
    """A blue picture with a red square where ``focal`` (x, y) says, set as its focal
    point."""
    picture = Image.new("RGB", (width, height), (30, 45, 190))
    if focal:
        x, y = focal
        ImageDraw.Draw(picture).rectangle((x - 50, y - 50, x + 50, y + 50), fill=RED)
    data = io.BytesIO()
    picture.save(data, "PNG")
    image = SiteImage(
        title="Fotografia",
        description_pt="Uma fotografia",
        description_en="A photograph",
        file=ImageFile(data, name="photo.png"),
    )
    if focal:
        image.focal_point_x, image.focal_point_y = focal
        image.focal_point_width = image.focal_point_height = 100
    image.save()
    return image


def red_share(rendition):
    with rendition.file.open("rb") as opened, Image.open(opened) as picture:
        pixels = list(picture.convert("RGB").get_flattened_data())
    return sum(1 for r, g, b in pixels if r > 150 and g < 80 and b < 80) / len(pixels)


@pytest.mark.parametrize("kind", ["team card", "team member", "testimonial", "story"])
def test_the_focal_point_on_the_far_right_stays_in_the_crop(kind):
    image = upload(1600, 600, focal=(1540, 300))
    for spec in (f.spec for f in PICTURE_SIZES[kind].filters if "jpeg" in f.spec):
        assert red_share(image.get_rendition(spec)) > 0.005, spec
    # Without it, the middle is kept: the red square is cut away.
    image.focal_point_x = None
    image.save()
    assert red_share(image.get_rendition(PICTURE_SIZES[kind].filters[0].spec)) == 0


@pytest.mark.parametrize("kind", SHAPES)
@pytest.mark.parametrize("size", [(600, 1000), (1600, 900), (2000, 600)])
def test_portraits_and_landscapes_take_the_boxs_shape(kind, size):
    image = upload(*size)
    for spec in (f.spec for f in PICTURE_SIZES[kind].filters):
        rendition = image.get_rendition(spec)
        assert rendition.width / rendition.height == pytest.approx(SHAPES[kind], rel=0.01), spec


@pytest.mark.parametrize("kind", SHAPES)
def test_the_picture_says_its_size_and_its_sources(kind):
    image = upload(1600, 900)
    img = BeautifulSoup(picture_of(image, kind, alt=""), "html.parser").find("img")
    width, height = int(img["width"]), int(img["height"])
    assert width / height == pytest.approx(SHAPES[kind], rel=0.01)
    assert img["sizes"] == PICTURE_SIZES[kind].sizes
    assert len(img["srcset"].split(",")) == len(PICTURE_SIZES[kind].filters) // 3
