from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.auth import require_admin_access
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site
from wagtail.permissions import policy_registry

from action_portugal.base.i18n import LANGUAGE_CODES
from action_portugal.base.site_settings import SiteSettings
from action_portugal.editing import (
    editor_languages,
    old_address_import,
    translation_files,
    translation_status,
)

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
            directions=translation_files.directions(),
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


@require_POST
def remember_editor_languages(request):
    """Keep the languages a person chose to see in the editors (``show``: a language code,
    or "all"); the editor's script posts here, and shows what it is told on refusal."""
    value = request.POST.get("show", "")
    try:
        editor_languages.remember(request.user, value)
    except ValidationError as error:
        return JsonResponse({"error": error.messages[0]}, status=400)
    return JsonResponse({"show": value})


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


# The old addresses' import --------------------------------------------------------------------

IMPORT_SALT = "action_portugal.editing.old_address_import"
PREVIEW_MAX_AGE = 60 * 60  # seconds a preview may wait for its confirmation


class OldAddressesForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File with the old addresses"),
        help_text=gettext_lazy("CSV (UTF-8) or Excel (.xlsx), at most 1 MB."),
        widget=forms.FileInput(attrs={"accept": ".csv,.tsv,.txt,.xlsx"}),
    )
    other_sites = forms.BooleanField(
        required=False,
        label=gettext_lazy("Allow addresses on other sites"),
        help_text=gettext_lazy(
            "Only if the file sends old addresses to another site on purpose. Unticked, such "
            "lines are refused: a list from elsewhere cannot send visitors away unnoticed."
        ),
    )


def may_import(user):
    """Importing adds redirects and may change existing ones."""
    policy = policy_registry.get_by_type(Redirect)
    return policy.user_has_permission(user, "add") and policy.user_has_permission(user, "change")


class ImportOldAddressesView(WagtailAdminTemplateMixin, TemplateView):
    """Old addresses from a file: every line checked, what will change shown, and nothing
    written until it is confirmed, and then everything at once
    (``editing.old_address_import``). In place of Wagtail's import, at its address."""

    template_name = "action_portugal/admin/import_old_addresses.html"
    page_title = gettext_lazy("Import old addresses")
    header_icon = "redirect"

    def dispatch(self, request, *args, **kwargs):
        if not may_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailredirects:index"), "label": _("Redirects")},
            {"url": "", "label": self.page_title},
        ]

    def site(self):
        return Site.objects.filter(is_default_site=True).select_related("root_page").first()

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=OldAddressesForm()))

    def post(self, request, *args, **kwargs):
        site = self.site()
        if site is None:
            messages.error(request, _("The site has no default site to import redirects for."))
            return self.render_to_response(self.get_context_data(form=OldAddressesForm()))
        if "preview" in request.POST:
            return self.confirm(request, site)
        form = OldAddressesForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            rows = old_address_import.read_rows(form.cleaned_data["file"])
        except old_address_import.Refused as refused:
            nothing = _("Nothing has been imported.")
            form.add_error("file", f"{refused} {nothing}")
            return self.render_to_response(self.get_context_data(form=form))
        numbered, names = old_address_import.numbered_lines(rows)
        if not numbered:
            form.add_error("file", _("The file has no old addresses in it."))
            return self.render_to_response(self.get_context_data(form=form))
        other_sites = form.cleaned_data["other_sites"]
        return self.preview(site, numbered, other_sites, form=form, names=names)

    def preview(self, site, numbered, other_sites, form, names=None, notice=""):
        lines = old_address_import.check(
            numbered, site, old_address_import.own_hosts(site), other_sites
        )
        errors = [line for line in lines if line.error]
        fitting = [line for line in lines if not line.error]
        changes = [line for line in fitting if line.change != "same"]
        token = ""
        if not errors and changes:
            token = signing.dumps(
                {
                    "lines": numbered,
                    "other_sites": other_sites,
                    "plan": [line.key() for line in fitting],
                    "names": names,
                },
                salt=IMPORT_SALT,
                compress=True,
            )
        counts = {
            kind: sum(1 for line in fitting if line.change == kind)
            for kind in ("new", "changed", "same")
        }
        context = self.get_context_data(
            form=form,
            lines=fitting,
            errors=errors,
            names=names,
            counts=counts,
            token=token,
            notice=notice,
            previewed=True,
        )
        return self.render_to_response(context)

    def confirm(self, request, site):
        try:
            previewed = signing.loads(
                request.POST["preview"], salt=IMPORT_SALT, max_age=PREVIEW_MAX_AGE
            )
        except signing.BadSignature:
            messages.error(
                request,
                _("This preview has expired or was altered: upload the file again."),
            )
            return self.render_to_response(self.get_context_data(form=OldAddressesForm()))
        numbered = [tuple(line) for line in previewed["lines"]]
        other_sites = previewed["other_sites"]
        names = previewed["names"]
        lines = old_address_import.check(
            numbered, site, old_address_import.own_hosts(site), other_sites
        )
        changed_since = partial(
            self.preview,
            site,
            numbered,
            other_sites,
            form=OldAddressesForm(initial={"other_sites": other_sites}),
            names=names,
            notice=_(
                "The site changed since the preview: nothing has been imported. Check what "
                "will change again."
            ),
        )
        fitting = [line.key() for line in lines if not line.error]
        if any(line.error for line in lines) or fitting != previewed["plan"]:
            return changed_since()
        try:
            created, changed = old_address_import.write(lines, site, user=request.user)
        except IntegrityError:  # someone else added one of these old addresses meanwhile
            return changed_since()
        messages.success(
            request,
            _("Old addresses imported. New redirects: %(created)s. Changed: %(changed)s.")
            % {"created": created, "changed": changed},
        )
        return redirect("wagtailredirects:index")


import_old_addresses = require_admin_access(ImportOldAddressesView.as_view())
