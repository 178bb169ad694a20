from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class SiteImage(AbstractImage):
    """The image library's model. Its own class so that the alt text (``description``) can be
    translated: a visitor under /en/ hears the English description, under /pt/ the Portuguese.
    """

    admin_form_fields = tuple(name for name in Image.admin_form_fields if name != "description") + (
        "description_pt",
        "description_en",
    )

    @property
    def default_alt_text(self):
        # Wagtail falls back to the title, which is often a file name: an image without a
        # description is treated as decorative instead.
        return self.description or ""


class SiteRendition(AbstractRendition):
    image = models.ForeignKey(SiteImage, related_name="renditions", on_delete=models.CASCADE)

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
