"""StreamField blocks shared by every page body."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]
NO_ALT_TEXT = _(
    "This image has no description for people who cannot see it. Add one in the image "
    "library (in Portuguese and English), write alt text here, or mark it decorative."
)


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        description = _("A section heading inside the page (shown as a level-2 heading).")
        template = "components/blocks/heading.html"
        form_classname = "title"
        preview_value = "Resultados"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        description = _("One or more paragraphs, with bold, italic, links and lists.")
        template = "components/blocks/paragraph.html"
        preview_value = (
            "<p>O programa apoia a extensão da proteção social aos trabalhadores da "
            "economia informal.</p>"
        )


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    def clean(self, value):
        value = super().clean(value)
        image = value.get("image")
        if image is not None and not (
            getattr(image, "decorative", False)
            or getattr(image, "contextual_alt_text", None)
            or image.description_pt
            or image.description_en
        ):
            raise StructBlockValidationError(block_errors={"image": ValidationError(NO_ALT_TEXT)})
        return value

    class Meta:
        icon = "image"
        label = _("Image")
        description = _("A picture from the image library, with an optional caption.")
        template = "components/blocks/figure.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(required=False, label=_("Who said it"))

    class Meta:
        icon = "openquote"
        label = _("Quotation")
        description = _("A highlighted quotation, with who said it.")
        template = "components/blocks/quote.html"
        preview_value = {
            "text": "A proteção social é um direito humano.",
            "attribution": "OIT",
        }


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    figure = FigureBlock()
    quote = QuoteBlock()

    class Meta:
        block_counts = {}
