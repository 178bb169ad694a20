"""The translation status's files for translators' tools: export as XLIFF, and import with a
preview of what will change, written only once it is confirmed (``translation_files``)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.models import Site

from action_portugal.editing import translation_files, xliff

IMPORT_SALT = "action_portugal.editing.translation_files"
PREVIEW_MAX_AGE = 60 * 60  # seconds a preview may wait for its confirmation


def _back(request):
    back = request.GET.get("next", "")
    return redirect(back if back.startswith("/admin/") else reverse("translation_status"))


def export_translations(request):
    """The XLIFF file of the ticked pages and settings (every text of each), or of everything
    with a translation missing or out of date in the chosen direction (those texts only)."""
    pair = translation_files.direction(request.GET.get("direction", ""))
    if pair is None:
        messages.error(request, _("Choose the languages to translate from and to."))
        return _back(request)
    source, target = pair
    if request.GET.get("scope") == "everything":
        references = translation_files.everything_to_do(target)
        only_to_do = True
    else:
        references = []
        for value in request.GET.getlist("object"):
            match = translation_files.REFERENCE.fullmatch(value)
            if match:
                references.append((match[1], int(match[2])))
        only_to_do = False
        if not references:
            messages.error(
                request,
                _("Tick the pages and settings to put in the file, or export everything to do."),
            )
            return _back(request)
    data = translation_files.export(references, source, target, request.user, only_to_do)
    if data is None:
        messages.info(request, _("There is nothing to translate in that direction."))
        return _back(request)
    response = HttpResponse(data, content_type="application/x-xliff+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(request, pair)}"'
    return response


def _filename(request, pair):
    site = Site.find_for_request(request)
    name = slugify(((site and site.site_name) or settings.WAGTAIL_SITE_NAME).replace("/", " "))
    return f"{name or 'site'}-{pair[0]}-{pair[1]}-{timezone.localdate():%Y-%m-%d}.xlf"


class TranslationFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Translated file"),
        help_text=gettext_lazy(
            "The XLIFF file exported here, with the translations your tool wrote in it; at "
            "most 5 MB."
        ),
        widget=forms.FileInput(attrs={"accept": ".xlf,.xliff,.xml"}),
    )


class ImportTranslationsView(WagtailAdminTemplateMixin, TemplateView):
    """A translated XLIFF file: checked against the site as it is now, what will change
    shown, nothing written until it is confirmed, and then everything at once."""

    template_name = "action_portugal/admin/import_translations.html"
    page_title = gettext_lazy("Import translations")
    header_icon = "globe"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("translation_status"), "label": _("Translation status")},
            {"url": "", "label": self.page_title},
        ]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=TranslationFileForm()))

    def post(self, request, *args, **kwargs):
        if "preview" in request.POST:
            return self.confirm(request)
        form = TranslationFileForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        try:
            xliff.check_size(upload.size)
            plan, problems = translation_files.read(upload.read(), request.user)
        except xliff.Refused as refused:
            nothing = _("Nothing was written.")
            form.add_error("file", f"{refused} {nothing}")
            return self.render_to_response(self.get_context_data(form=form))
        if problems:
            return self.render_to_response(self.get_context_data(form=form, problems=problems))
        return self.preview(plan, form)

    def preview(self, plan, form, notice=""):
        entries, problems, targets = translation_files.review(plan, self.request.user)
        token = ""
        if not problems and any(entry.changes for entry in entries):
            token = signing.dumps(
                {"plan": plan, "targets": targets}, salt=IMPORT_SALT, compress=True
            )
        context = self.get_context_data(
            form=form,
            problems=problems,
            entries=entries,
            changed=[entry for entry in entries if entry.changes],
            token=token,
            notice=notice,
            previewed=True,
        )
        return self.render_to_response(context)

    def confirm(self, request):
        try:
            previewed = signing.loads(
                request.POST["preview"], salt=IMPORT_SALT, max_age=PREVIEW_MAX_AGE
            )
        except signing.BadSignature:
            messages.error(
                request, _("This preview has expired or was altered: upload the file again.")
            )
            return self.render_to_response(self.get_context_data(form=TranslationFileForm()))
        plan = previewed["plan"]
        _entries, problems, targets = translation_files.review(plan, request.user)
        if problems or targets != previewed["targets"]:
            return self.preview(
                plan,
                TranslationFileForm(),
                notice=_(
                    "The site changed since the preview: nothing was written. Check what will "
                    "change again."
                ),
            )
        try:
            pages, settings = translation_files.write(plan, request.user)
        except translation_files.NotWritten as refused:
            context = self.get_context_data(form=TranslationFileForm(), problems=[refused.problem])
            return self.render_to_response(context)
        done = [_("Translations imported.")]
        if pages:
            done.append(
                ngettext(
                    "%(count)s page submitted for review.",
                    "%(count)s pages submitted for review.",
                    pages,
                )
                % {"count": pages}
            )
        if settings:
            done.append(_("The site settings were saved."))
        messages.success(request, " ".join(done))
        return redirect("translation_status")
