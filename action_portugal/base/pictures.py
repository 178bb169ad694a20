"""The kinds of picture the site shows, each declared once with its sizes and formats
(``PICTURE_SIZES``), which the templates use by name (``{% picture_of image "story" %}``)
and publishing makes ahead of the first visitor; and pictures on a page in one query,
however many there are."""

from dataclasses import dataclass
from functools import cache, cached_property

from wagtail.blocks import StreamValue
from wagtail.fields import StreamField
from wagtail.images.models import Filter

from action_portugal.base.blocks import FigureBlock
from action_portugal.base.i18n import translated_fields
from action_portugal.base.images import SiteRendition

# How a picture that stands for a page in link previews (Open Graph) is cut.
SHARE = "fill-1200x630|format-jpeg"


@dataclass(frozen=True)
class PictureSize:
    """A kind of picture: the renditions of its ``<picture>`` (``shown``, a Wagtail filter
    spec pattern: formats and widths), the ``sizes`` hint that goes with them, and whether
    it also stands for its page in link previews (``shared``)."""

    shown: str
    sizes: str = ""
    shared: bool = False

    @cached_property
    def filters(self):
        """The ``<picture>``'s filters, each parsed once per process."""
        return tuple(Filter(spec) for spec in Filter.expand_spec(self.shown))

    @cached_property
    def specs(self):
        """Every rendition a picture of this kind is shown in."""
        specs = tuple(f.spec for f in self.filters)
        return (*specs, SHARE) if self.shared else specs


WIDE = "format-{avif,webp,jpeg} width-{480,800,1200}"
# A story's picture, always 16:9 whatever shape was uploaded, cut around its focal point.
STORY = "format-{avif,webp,jpeg} fill-{480x270,800x450,1200x675}"
# People's photographs are cut square around the focal point (Wagtail's ``fill`` keeps the
# focal point in the crop), so a portrait or a landscape upload shows the same. Figures,
# covers and logos are never cut: their whole picture is the point.
PICTURE_SIZES = {
    "story": PictureSize(STORY, "(min-width: 62rem) 60rem, 100vw", shared=True),
    "figure": PictureSize(WIDE, "(min-width: 48rem) 42rem, 100vw"),
    "team card": PictureSize("format-{avif,webp,jpeg} fill-{96x96,192x192}", "96px"),
    "team member": PictureSize(
        "format-{avif,webp,jpeg} fill-{160x160,320x320}", "160px", shared=True
    ),
    "testimonial": PictureSize("format-{avif,webp,jpeg} fill-{56x56,112x112}", "56px", shared=True),
    "partner": PictureSize("height-48"),
    # A publication's cover (staff's picture, or its file's first page).
    "cover": PictureSize("format-{avif,webp,jpeg} width-{160,320}", "160px", shared=True),
}


def prefetch_renditions(pictures):
    """Load, in one query, the renditions that ``pictures`` – ``(image, kind)`` pairs, the
    image ``None`` where there is none – are shown in, and hand each image its own, where
    Wagtail looks before asking the database. Only those sizes: an image shown in many
    places or previewed in the admin has many more."""
    pictures = [(image, kind) for image, kind in pictures if image is not None]
    if not pictures:
        return
    by_image = {image.pk: [] for image, _kind in pictures}
    specs = {spec for kind in {kind for _image, kind in pictures} for spec in specs_for(kind)}
    for rendition in SiteRendition.objects.filter(
        image_id__in=list(by_image), filter_spec__in=sorted(specs)
    ):
        by_image[rendition.image_id].append(rendition)
    for image, _kind in pictures:
        renditions = by_image[image.pk]
        for rendition in renditions:
            rendition.image = image  # or each one would load its image again
        image.prefetched_renditions = list(renditions)


def specs_for(kind):
    return PICTURE_SIZES[kind].specs


@cache
def stream_fields(model):
    """The StreamField columns of ``model`` with content (each language's, not the field
    modeltranslation shows them through); worked out once per class, not per render."""
    translated = translated_fields(model)
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, StreamField) and field.name not in translated
    ]


def images_of(page):
    """``(image, kind)`` for every picture ``page`` shows, or is shown with elsewhere: its
    declared ``pictures`` and the figures of its bodies."""
    found = []
    for field, kinds in page.pictures.items():
        image = getattr(page, field)
        if image is not None:
            found += [(image, kind) for kind in ([kinds] if isinstance(kinds, str) else kinds)]
    for name in stream_fields(type(page)):
        stream = getattr(page, name)
        if isinstance(stream, StreamValue):
            for block in stream:
                if isinstance(block.block, FigureBlock) and block.value.get("image") is not None:
                    found.append((block.value["image"], "figure"))
    return found


def generate(image, kind):
    """Make the renditions ``kind`` of picture needs, now rather than on a first visit."""
    specs = specs_for(kind)
    if specs:
        image.get_renditions(*specs)
    return len(specs)
