from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class PublicURL(models.Model):
    """The address a page last had in one language, so that when its slug changes (in
    either language) or it moves, the old address can be sent on to the page."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    path = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="one_url_per_language")
        ]

    def __str__(self):
        return self.path


class FieldChange(models.Model):
    """A translated field, in one language, on one page or setting: whether it is empty,
    when its text last changed, and whether it is behind the other language's. One row
    per object, field and language, kept up to date as revisions (and settings) are
    saved, so the status of a thousand pages is one query away."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=100)
    language = models.CharField(max_length=8)
    empty = models.BooleanField()
    value_hash = models.CharField(max_length=40)
    changed_at = models.DateTimeField()
    in_line_at = models.DateTimeField(
        null=True,
        help_text="When this language was last brought in line with the other: its text "
        "changed, or a translator confirmed it needs no change (empty: when it changed).",
    )
    behind = models.BooleanField(
        default=False,
        help_text="The other language's text changed since this one was last brought in line.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                name="one_clock_per_field_and_language",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.field}_{self.language} @ {self.changed_at:%Y-%m-%d %H:%M}"


class EditorLanguages(models.Model):
    """Which languages' fields a person sees in the editors (pages, settings): one
    language's or every language's. Kept on the server, so that the choice outlasts a save,
    a reload or a change of computer (``editing.editor_languages``)."""

    ALL = "all"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    shown = models.CharField(max_length=8, help_text="A language code, or “all”.")

    class Meta:
        verbose_name_plural = "editor languages"

    def __str__(self):
        return f"{self.user_id}: {self.shown}"
