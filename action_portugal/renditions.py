"""Pictures on a page cost one query, however many there are."""


def prefetch_renditions(images):
    """Load the renditions of every image in ``images`` (``None`` allowed) in one query
    and hand each image its own, where Wagtail looks before asking the database."""
    from .models import SiteRendition

    images = [image for image in images if image is not None]
    if not images:
        return
    by_image = {image.pk: [] for image in images}
    for rendition in SiteRendition.objects.filter(image_id__in=list(by_image)):
        by_image[rendition.image_id].append(rendition)
    for image in images:
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
    "team member": [
        "format-{avif,webp,jpeg} fill-{96x96,192x192}",
        "format-{avif,webp,jpeg} fill-{160x160,320x320}",
        SHARE,
    ],
    "testimonial": ["format-{avif,webp,jpeg} fill-{56x56,112x112}", SHARE],
    "partner": ["height-48"],
}


def specs_for(kind):
    from wagtail.images.models import Filter

    return [spec for pattern in RENDITION_SETS[kind] for spec in Filter.expand_spec(pattern)]


def images_of(page):
    """``(image, kind)`` for every picture ``page`` shows."""
    from wagtail.blocks import StreamValue

    found = []
    for field, kind in getattr(page, "picture_fields", {}).items():
        image = getattr(page, field, None)
        if image is not None:
            found.append((image, kind))
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
