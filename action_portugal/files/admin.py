"""What staff see of the documents' reading (``files.processing``): on the dashboard, how
many wait and since when (a worker that has stopped shows as documents waiting longer and
longer), and every document that could not be read, with the reason; in a page's editor,
how far each of its files has got (``ReadingStatePanel``)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone
from wagtail.admin.panels import Panel
from wagtail.admin.ui.components import Component
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from action_portugal.files.models import DocumentFacts

# Past this, waiting documents are taken as a sign that the worker is not running.
BEHIND_AFTER = timedelta(minutes=10)
FAILED_SHOWN = 10


class DocumentReadingPanel(Component):
    name = "document_reading"
    template_name = "action_portugal/admin/document_reading_panel.html"
    order = 60

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        policy = policy_registry.get_by_type(get_document_model())
        if not policy.user_has_any_permission(self.request.user, ["change"]):
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        pending = DocumentFacts.objects.filter(
            state__in=[DocumentFacts.State.WAITING, DocumentFacts.State.READING]
        ).aggregate(oldest=Min("requested_at"), waiting=Count("pk"))
        waiting, oldest = pending["waiting"], pending["oldest"]
        failed = list(
            DocumentFacts.objects.filter(state=DocumentFacts.State.FAILED)
            .select_related("document")
            .order_by("-finished_at")[:FAILED_SHOWN]
        )
        context.update(
            waiting=waiting,
            behind=oldest is not None and timezone.now() - oldest > BEHIND_AFTER,
            waiting_minutes=int((timezone.now() - oldest).total_seconds() // 60) if oldest else 0,
            failed=failed,
        )
        return context


class ReadingStatePanel(Panel):
    """In the editor of a page that offers documents (``SitePage.documents``): for each of
    its saved files, whether it waits to be read, is being read, was read (its pages) or
    could not be, with the reason in the editor's language. A file chosen but not yet
    saved is read when the page is saved."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "action_portugal/admin/reading_state_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            names = dict(settings.LANGUAGES)
            offered = self.instance.documents() if self.instance is not None else {}
            ids = [document.pk for document in offered.values() if document is not None]
            facts = DocumentFacts.objects.in_bulk(ids, field_name="document_id") if ids else {}
            context["files"] = [
                (names.get(language, language), document, facts.get(document.pk))
                for language, document in offered.items()
                if document is not None
            ]
            context["State"] = DocumentFacts.State
            return context
