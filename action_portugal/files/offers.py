"""Which pages offer which documents, in which language (``SitePage.documents``). A
document saved on a page, draft or not, is read at once (``processing``); publishing the page
records what it offers, unpublishing or deleting it withdraws that; and once a document is
read, every live page offering it is rendered again (its pages, its cover)."""

from django.db.models.signals import post_save
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision
from wagtail.signals import page_published, page_unpublished

from action_portugal.base.i18n import LANGUAGE_CODES
from action_portugal.base.pages import SitePageMixin
from action_portugal.caching.invalidation import invalidate
from action_portugal.files.models import DocumentOffer
from action_portugal.files.processing import document_read, request_reading


def offered(page):
    """``{language: document}`` the page offers, the site's languages only."""
    if not isinstance(page, SitePageMixin):
        return {}
    return {
        language: document
        for language, document in page.documents().items()
        if language in LANGUAGE_CODES and document is not None
    }


def read_what_it_offers(page):
    for language, document in offered(page).items():
        request_reading(document, [language])


def revision_saved(sender, instance, created, **kwargs):
    """A draft's documents are read as soon as it is saved: the editor sees the result
    before publishing."""
    model = instance.content_type.model_class()
    offers_documents = (
        model is not None
        and issubclass(model, SitePageMixin)
        and model.documents is not SitePageMixin.documents
    )
    if created and offers_documents:
        read_what_it_offers(instance.as_object())


def published(sender, instance, **kwargs):
    documents = offered(instance)
    DocumentOffer.objects.filter(page=instance).delete()
    DocumentOffer.objects.bulk_create(
        DocumentOffer(page=instance, document=document, language=language)
        for language, document in documents.items()
    )
    read_what_it_offers(instance)


def unpublished(sender, instance, **kwargs):
    DocumentOffer.objects.filter(page=instance).delete()


def renew_pages_offering(sender, document_id, **kwargs):
    pages = Page.objects.live().filter(
        pk__in=DocumentOffer.objects.filter(document_id=document_id).values("page_id")
    )
    for page in pages.specific():
        invalidate(page)


def document_changed(sender, instance, created, **kwargs):
    """A document edited in the admin (moved to another collection, perhaps a private one,
    or given a new title): the pages offering it say what they say of it again."""
    if not created and not kwargs.get("raw"):
        renew_pages_offering(sender, instance.pk)


def connect():
    post_save.connect(revision_saved, sender=Revision, dispatch_uid="files-read-saved-drafts")
    page_published.connect(published, dispatch_uid="files-offers-published")
    page_unpublished.connect(unpublished, dispatch_uid="files-offers-unpublished")
    post_save.connect(
        document_changed, sender=get_document_model(), dispatch_uid="files-document-changed"
    )
    document_read.connect(renew_pages_offering, dispatch_uid="files-renew-offering-pages")
