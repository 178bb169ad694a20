"""Pictures on a page cost one query, however many there are."""

from functools import cache


def prefetch_renditions(pictures):
    """Load, in one query, the renditions that ``pictures`` – ``(image, kind)`` pairs, the
    image ``None`` where there is none – are shown in (``RENDITION_SETS``), and hand each
    image its own, where Wagtail looks before asking the database. Only those sizes: an
    image shown in many places or previewed in the admin has many more."""
    from .models import SiteRendition

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


# The sizes and formats the templates ask for, by what the picture is (keep in step with
# the {% picture %} and {% image %} tags; tests/test_renditions.py checks it).
WIDE = "format-{avif,webp,jpeg} width-{480,800,1200}"
SHARE = "fill-1200x630|format-jpeg"
RENDITION_SETS = {
    "story": [WIDE, SHARE],
    "figure": [WIDE],
    "team card": ["format-{avif,webp,jpeg} fill-{96x96,192x192}"],
    "team member": ["format-{avif,webp,jpeg} fill-{160x160,320x320}", SHARE],
    "testimonial": ["format-{avif,webp,jpeg} fill-{56x56,112x112}", SHARE],
    "partner": ["height-48"],
}


@cache
def specs_for(kind):
    """Every filter spec pictures of ``kind`` are shown in (worked out once)."""
    from wagtail.images.models import Filter

    return tuple(spec for pattern in RENDITION_SETS[kind] for spec in Filter.expand_spec(pattern))


def images_of(page):
    """``(image, kind)`` for every picture ``page`` shows, or is shown with elsewhere
    (``picture_fields``: a field's kind, or kinds)."""
    from wagtail.blocks import StreamValue

    found = []
    for field, kinds in getattr(page, "picture_fields", {}).items():
        image = getattr(page, field, None)
        if image is not None:
            found += [(image, kind) for kind in ([kinds] if isinstance(kinds, str) else kinds)]
    for name in ("body_pt", "body_en"):
        stream = getattr(page, name, None)
        if isinstance(stream, StreamValue):
            for block in stream:
                if block.block_type == "figure" and block.value.get("image") is not None:
                    found.append((block.value["image"], "figure"))
    return found


def generate(image, kind):
    """Make the renditions ``kind`` of picture needs, now rather than on a first visit."""
    specs = specs_for(kind)
    if specs:
        image.get_renditions(*specs)
    return len(specs)
