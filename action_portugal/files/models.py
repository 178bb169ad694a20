"""What the site reads from a document's file by itself (``files.processing``): its number of
pages, a picture of its first page, and the text of every page, in the language of the page
that offers it, for the search."""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string
from wagtail.images import get_image_model_string

# Each reason a file could not be read, in the editor's language. ``pdf_reader`` answers
# with these codes; the numbers it adds fill the placeholders.
FAILURES = {
    "not_pdf": _("This file is not a PDF: only a PDF's pages, text and cover are read."),
    "encrypted": _(
        "This PDF is protected by a password or encrypted. Save it without protection and "
        "upload it again."
    ),
    "damaged": _(
        "This PDF is damaged or incomplete and cannot be read. Export it again from the "
        "program that made it and upload the new file."
    ),
    "too_many_pages": _(
        "This PDF has %(pages)s pages; the site reads at most %(limit)s. Split it, or link to "
        "it where it is published."
    ),
    "page_size": _(
        "Page %(page)s of this PDF has a size no reader can show (more than 5 m or less than "
        "1 mm a side). Export it again at a real paper size."
    ),
    "too_slow": _(
        "Reading this PDF took more than %(seconds)s seconds and was stopped. Export it again "
        "with fewer or lighter pictures."
    ),
    "too_big": _(
        "Reading this PDF needed more memory than the site allows. Export it again with "
        "fewer or lighter pictures."
    ),
    "unreadable": _("The file could not be read from storage. Upload it again."),
}


class DocumentFactsQuerySet(models.QuerySet):
    def abandoned(self):
        """Readings a worker started and can no longer be doing: a reader process is
        stopped after ``DOCUMENT_READ_SECONDS``, and what it found is written at once, so a
        document still "being read" well after that was left by a worker that was killed
        or lost its machine."""
        return self.filter(state=DocumentFacts.State.READING, started_at__lt=abandoned_before())


def abandoned_before():
    return timezone.now() - timedelta(seconds=settings.DOCUMENT_READ_SECONDS + 60)


class DocumentFacts(models.Model):
    """What was read from one document's file, and how far reading it has got."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting to be read")
        READING = "reading", _("Being read")
        READY = "ready", _("Read")
        FAILED = "failed", _("Could not be read")

    document = models.OneToOneField(
        get_document_model_string(), on_delete=models.CASCADE, related_name="facts"
    )
    state = models.CharField(max_length=8, choices=State.choices, default=State.WAITING)
    # The file asked to be read (Wagtail's SHA-1 of it), then the one read: asking again for
    # the same file and languages does nothing; another file is read again.
    file_hash = models.CharField(max_length=40, blank=True)
    # The languages its text is kept in for the search, as the pages offering it ask.
    languages = models.JSONField(default=list)
    failure = models.CharField(max_length=20, blank=True)
    failure_values = models.JSONField(default=dict)
    page_count = models.PositiveIntegerField(null=True)
    cover = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(null=True)
    # When a worker started reading it: a reading this old was abandoned (``abandoned``).
    started_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)

    objects = DocumentFactsQuerySet.as_manager()

    class Meta:
        verbose_name = _("document's facts")
        verbose_name_plural = _("documents' facts")

    def __str__(self):
        return f"{self.document_id}: {self.state}"

    @property
    def abandoned(self):
        return (
            self.state == self.State.READING
            and self.started_at is not None
            and self.started_at < abandoned_before()
        )

    @property
    def failure_message(self):
        if not self.failure:
            return ""
        return FAILURES.get(self.failure, FAILURES["damaged"]) % self.failure_values


class DocumentText(models.Model):
    """The text of one page of a document's file, in the language it is searched in:
    ``vector`` holds its ``tsvector`` in that language's configuration on PostgreSQL
    (GIN-indexed); on SQLite it stays empty and the search matches substrings."""

    document = models.ForeignKey(
        get_document_model_string(), on_delete=models.CASCADE, related_name="page_texts"
    )
    language = models.CharField(max_length=8)
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language", "number"], name="one_text_per_page"
            )
        ]

    def __str__(self):
        return f"{self.document_id} p. {self.number} [{self.language}]"


class DocumentOffer(models.Model):
    """A page that offers a document to visitors, in a language (``SitePage.documents``),
    as of its last publish: the search inside documents answers from these, for pages that
    are live and public."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(
        get_document_model_string(), on_delete=models.CASCADE, related_name="offers"
    )
    language = models.CharField(max_length=8)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="one_document_per_language")
        ]

    def __str__(self):
        return f"page {self.page_id} offers {self.document_id} [{self.language}]"
