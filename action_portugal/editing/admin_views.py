from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.models import Page

from action_portugal.base.i18n import LANGUAGE_CODES
from action_portugal.base.site_settings import SiteSettings
from action_portugal.editing import translation_status

ITEMS_PER_PAGE = 50


class TranslationStatusView(WagtailAdminTemplateMixin, TemplateView):
    """Every page and setting with a translation missing or out of date, with which
    fields, filtered by section and state, each a click away from its editor."""

    template_name = "action_portugal/admin/translation_status.html"
    page_title = gettext_lazy("Translation status")
    header_icon = "globe"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        section = self.request.GET.get("section") or None
        state = self.request.GET.get("state") or None
        if section not in translation_status.section_labels():
            section = None
        if state not in translation_status.STATES:
            state = None
        everything = translation_status.status()
        items = [
            item
            for item in everything
            if (not section or item.section == section) and (not state or state in item.states())
        ]
        page = Paginator(items, ITEMS_PER_PAGE).get_page(self.request.GET.get("p"))
        counts = translation_status.counts(everything)
        context.update(
            items=page,
            counts=[(key, label, counts[key]) for key, label in translation_status.STATES.items()],
            states=translation_status.STATES,
            sections=translation_status.section_labels(),
            section=section,
            state=state,
            total=len(items),
        )
        return context


@require_POST
def confirm_translation(request, content_type_id, object_id, language):
    """A translator checked a language's text against the other and it needs no change."""
    if language not in LANGUAGE_CODES:
        raise PermissionDenied
    model = get_object_or_404(ContentType, pk=content_type_id).model_class()
    if model is SiteSettings:
        obj = get_object_or_404(SiteSettings, pk=object_id)
        if not request.user.has_perm("action_portugal.change_sitesettings"):
            raise PermissionDenied
    else:
        obj = get_object_or_404(Page, pk=object_id).specific
        if not obj.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
    translation_status.confirm(obj, language)
    messages.success(request, _("Marked as up to date."))
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/admin/") else reverse("translation_status"))


class TranslationStatusPanel(Component):
    """The dashboard's summary: how many pages wait for each kind of translation work."""

    name = "translation_status"
    template_name = "action_portugal/admin/translation_status_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        counts = translation_status.counts(translation_status.status())
        context.update(
            counts=[
                (state, label, counts[state]) for state, label in translation_status.STATES.items()
            ],
            url=reverse("translation_status"),
        )
        return context
