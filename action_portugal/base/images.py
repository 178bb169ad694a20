from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class SiteImage(AbstractImage):
    """The image library's model. Its own class so that the alt text (``description``) can be
    translated: a visitor under /en/ hears the English description, under /pt/ the Portuguese.
    """

    description = models.CharField(
        _("description (alt text)"),
        blank=True,
        max_length=255,
        default="",
        help_text=_(
            "What the image shows, for people who cannot see it. Needed before the image "
            "can illustrate a story or a page body."
        ),
    )

    admin_form_fields = tuple(name for name in Image.admin_form_fields if name != "description") + (
        "description_pt",
        "description_en",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    @property
    def default_alt_text(self):
        # Wagtail falls back to the title, which is often a file name: an image without a
        # description is treated as decorative instead.
        return self.description or ""


class SiteRendition(AbstractRendition):
    image = models.ForeignKey(SiteImage, related_name="renditions", on_delete=models.CASCADE)

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
