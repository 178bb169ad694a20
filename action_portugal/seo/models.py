"""The share image made for a page in one language (``seo.share_cards``)."""

from django.db import models


class ShareCard(models.Model):
    """A page's link-preview image in one language, kept in media storage under a name
    that says nothing of the page and changes with what the image shows (``digest``). There
    is one only while the page is live and public (``share_cards.sweep``)."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    digest = models.CharField(max_length=64)
    file = models.FileField(upload_to="share_images", max_length=200)
    made_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="one_share_card_a_language")
        ]

    def __str__(self):
        return f"{self.page_id}/{self.language}"
