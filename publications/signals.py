"""A publication's files are read as soon as they are saved on it, draft or not; once read,
the publication (its page, its library, its areas of work) is rendered again."""

from django.db.models import Q
from django.db.models.signals import post_save
from wagtail.documents import get_document_model
from wagtail.models import Revision

from action_portugal.base.i18n import LANGUAGE_CODES
from action_portugal.caching.invalidation import invalidate
from action_portugal.files.processing import document_read, request_reading

from .models import FILE_FIELDS, PublicationPage


def revision_saved(sender, instance, created, **kwargs):
    """Each file of the saved revision is read in its language."""
    model = instance.content_type.model_class()
    if not created or model is None or not issubclass(model, PublicationPage):
        return
    content = instance.content or {}
    documents = get_document_model().objects.in_bulk(
        [content.get(f"{field}") for field in FILE_FIELDS.values() if content.get(field)]
    )
    for language in LANGUAGE_CODES:
        document = documents.get(content.get(FILE_FIELDS[language]))
        if document is not None:
            request_reading(document, [language])


def publications_read(sender, document_id, **kwargs):
    """What shows a publication of the document read is rendered again."""
    using = Q()
    for field in FILE_FIELDS.values():
        using |= Q(**{f"{field}_id": document_id})
    for page in PublicationPage.objects.live().filter(using):
        invalidate(page)


def connect():
    post_save.connect(revision_saved, sender=Revision, dispatch_uid="publications-read-files")
    document_read.connect(publications_read, dispatch_uid="publications-renew-read")
