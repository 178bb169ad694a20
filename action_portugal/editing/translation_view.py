"""The translation view: a page's texts (or the site settings') in two columns, the source
language read-only beside the target language to write, one unit at a time
(``translation_units``), with what changed in the source since the target was last in line
marked word by word and a count of what is left.

Saving a page makes an ordinary revision, as the page editor does, with the same
permissions, locks and workflow; the translation status follows from the revision. The
site settings keep no revisions: saving writes them.
"""

import hashlib
import json
import re
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.auth import require_admin_access
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site, WorkflowState
from wagtail.permissions import policy_registry

from action_portugal.base.i18n import (
    DEFAULT_LANGUAGE,
    IN_A_SENTENCE,
    LANGUAGE_CHOICES,
    LANGUAGE_CODES,
    localized_name,
)
from action_portugal.base.pages import SitePageMixin
from action_portugal.base.site_settings import SiteSettings
from action_portugal.editing import translation_status, translation_units
from action_portugal.editing.translation_units import (
    LINES,
    OUTDATED,
    RICH_TEXT,
    STATE_LABELS,
    NotTranslatable,
)

PREFIX = "text:"  # the form's name for a unit's target text: "text:<unit key>"
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


# Where it is ----------------------------------------------------------------------------


def translatable(page):
    """Whether ``page`` (specific or not) has texts for a translator: the page editor, its
    listing and the translation status link here only for those."""
    model = page.specific_class
    return (
        model is not None
        and issubclass(model, SitePageMixin)
        and bool(translation_status.tracked_fields(model))
    )


def page_url(page_id, source=None, target=None):
    url = reverse("translation_view_page", args=[page_id])
    return f"{url}?{urlencode({'from': source, 'to': target})}" if source else url


def settings_url(site_id, source=None, target=None):
    url = reverse("translation_view_settings", args=[site_id])
    return f"{url}?{urlencode({'from': source, 'to': target})}" if source else url


def other_language(code):
    return next(other for other in LANGUAGE_CODES if other != code)


def status_url(item, state):
    """The translation view of a row of the translation status (``translation_status.Item``)
    in the direction of one of its states: "missing-en" is from the other language into
    English."""
    target = state.rsplit("-", 1)[1]
    source = other_language(target)
    if item.kind == translation_status.SETTINGS:
        return settings_url(translation_status.settings_site_id(item.object_id), source, target)
    return page_url(item.object_id, source, target)


class TranslatePageMenuItem(PageMenuItem):
    """The translation view, in the page editor's header and the page listing's menus."""

    label = gettext_lazy("Translate side by side")
    icon_name = "globe"

    def is_shown(self, user):
        return translatable(self.page) and self.page.permissions_for_user(user).can_edit()

    @cached_property
    def url(self):
        return page_url(self.page.pk)


# The form -------------------------------------------------------------------------------

MALFORMED = object()
BLOCK_KEYS = re.compile(r' data-block-key="[^"]*"')


class RichTextTarget(DraftailRichTextArea):
    """Draftail, for a rich text target. What it sends back that is not Draftail's own
    content is refused as malformed, not left to fail."""

    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError):
            return MALFORMED


class TargetField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        if value is MALFORMED:
            raise ValidationError(
                _("This text could not be read as the editor sends it."), code="malformed"
            )
        return super().to_python(value).replace("\r\n", "\n")


@dataclass
class Row:
    """One unit as the view shows it: ``index`` orders it and names its elements."""

    unit: translation_units.Unit
    index: int
    features: list | None = None

    @property
    def name(self):
        return PREFIX + self.unit.key

    @property
    def to_do(self):
        return self.unit.to_do

    @property
    def state_label(self):
        return STATE_LABELS[self.unit.state]


class TranslationForm(forms.Form):
    """A field per unit, named ``text:<unit key>``: a line, some lines, or Draftail with the
    block's own features, in the target language."""

    def __init__(self, rows, target, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for row in rows:
            attrs = {
                "id": f"target-{row.index}",
                "lang": target,
                "aria-describedby": f"state-{row.index} source-{row.index}",
                "data-tv-target": "",
            }
            if row.unit.kind == RICH_TEXT:
                widget = RichTextTarget(features=row.features, attrs=attrs)
                widget.options.update(
                    ariaLabelledBy=f"label-{row.index}",
                    ariaDescribedBy=attrs["aria-describedby"],
                )
                max_length = None
            elif row.unit.kind == LINES:
                widget = forms.Textarea(attrs={**attrs, "rows": 4})
                max_length = row.unit.max_length
            else:
                widget = forms.TextInput(attrs=attrs)
                max_length = row.unit.max_length
            self.fields[row.name] = TargetField(
                widget=widget, max_length=max_length, initial=row.unit.target, label=row.unit.label
            )

    def as_data(self, posted):
        """What was posted for the form's fields, and each field's present text for those
        that were not: for showing the form again, nothing blanked."""
        data = QueryDict(mutable=True)
        for name, field in self.fields.items():
            if name in posted:
                data[name] = posted[name]
            elif isinstance(field.widget, DraftailRichTextArea):
                data[name] = field.widget.format_value(field.initial)
            else:
                data[name] = field.initial
        return data

    def unchanged(self, name, text):
        field = self.fields[name]
        if text == field.initial:
            return True
        widget = field.widget
        if not isinstance(widget, DraftailRichTextArea):
            return False
        # Draftail's round trip writes the same text with other markup (new block keys).
        again = widget.value_from_datadict({name: widget.format_value(field.initial)}, {}, name)
        return BLOCK_KEYS.sub("", text) in (
            BLOCK_KEYS.sub("", field.initial),
            BLOCK_KEYS.sub("", again),
        )


def rich_text_features(obj, source, unit):
    """The features Draftail offers for a rich text unit: its block's, or its field's."""
    name = unit.key.split("#")[0]
    model_field = type(obj)._meta.get_field(name)
    if isinstance(model_field, RichTextField):
        return model_field.features
    if not isinstance(model_field, StreamField):
        return None
    block_id, _dot, child = unit.key.split("#")[1].partition(".")
    stream = getattr(obj, localized_name(name, source))
    block = next((item.block for item in stream if item.id == block_id), None)
    if block is not None and child:
        block = block.child_blocks[child]
    return getattr(block, "features", None)


# The view -------------------------------------------------------------------------------


class BadDirection(Exception):
    pass


class Changed(Exception):
    """Someone else saved the object after the form was shown."""


class TranslationView(WagtailAdminTemplateMixin, TemplateView):
    """What a page and the settings share: the direction, the units and the form, the
    count, confirming a field as up to date. Subclasses load the object, check who may
    write, and save."""

    template_name = "action_portugal/admin/translation_view.html"
    header_icon = "globe"
    kind = ""

    # What subclasses say ----------------------------------------------------------------

    def load(self):
        """The object as its editor shows it, to whoever may change it (else
        PermissionDenied), or Http404."""
        raise NotImplementedError

    def current_version(self):
        """What changes whenever someone saves the object."""
        raise NotImplementedError

    def refusal(self, submit):
        """Why the user may not save (or submit) now, or ``None``."""
        raise NotImplementedError

    def write(self, values, submit):
        """Apply ``values`` to a fresh copy and save it, in a transaction, raising
        ``Changed`` if it is no longer the version the form showed."""
        raise NotImplementedError

    def url(self, source=None, target=None):
        raise NotImplementedError

    # Reading ----------------------------------------------------------------------------

    def dispatch(self, request, *args, **kwargs):
        self.obj = self.load()
        try:
            self.source, self.target = self.direction()
        except BadDirection as refused:
            context = self.get_context_data(refused=str(refused))
            return self.render_to_response(context, status=400)
        return super().dispatch(request, *args, **kwargs)

    def direction(self):
        query = self.request.GET
        source, target = query.get("from"), query.get("to")
        if source is None and target is None:
            return self.direction_with_work()
        names = " / ".join(str(name) for name in LANGUAGE_NAMES.values())
        for code in (source, target):
            if code is not None and code not in LANGUAGE_CODES:
                raise BadDirection(
                    _("“%(code)s” is not a language of this site (%(names)s).")
                    % {"code": code, "names": names}
                )
        source = source or other_language(target)
        target = target or other_language(source)
        if source == target:
            raise BadDirection(
                _("A text is translated from one language into another: choose two languages.")
            )
        return source, target

    def direction_with_work(self):
        """The first direction with something left to do, the default language's first;
        else from the default language."""
        ordered = sorted(LANGUAGE_CODES, key=lambda code: code != DEFAULT_LANGUAGE)
        pairs = [(source, target) for source in ordered for target in ordered if source != target]
        for source, target in pairs:
            units = translation_units.units(self.obj, source, target)
            if translation_units.left(units):
                self._units = units
                return source, target
        return pairs[0]

    @cached_property
    def rows(self):
        units = getattr(self, "_units", None)
        if units is None:
            units = translation_units.units(self.obj, self.source, self.target)
        return [
            Row(
                unit=unit,
                index=index,
                features=rich_text_features(self.obj, self.source, unit)
                if unit.kind == RICH_TEXT
                else None,
            )
            for index, unit in enumerate(units, start=1)
        ]

    def form(self, data=None):
        return TranslationForm(self.rows, self.target, data=data)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.form()))

    def get_page_title(self):
        return _("Translate: %(title)s") % {"title": self.title()}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("translation_status"), "label": _("Translation status")},
            {"url": "", "label": self.title()},
        ]

    def groups(self, form):
        """The rows by field, each field with its label and whether it is out of date."""
        groups = []
        for row in self.rows:
            if not groups or groups[-1]["field"] != row.unit.field:
                label = row.unit.label.split(" · ")[0]
                groups.append(
                    {"field": row.unit.field, "label": capfirst(label), "rows": [], "blocks": False}
                )
            group = groups[-1]
            row.bound = form[row.name]
            if form.is_bound and row.bound.errors:
                attrs = row.bound.field.widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] += f" error-{row.index}"
            group["rows"].append(row)
            group["blocks"] = group["blocks"] or "#" in row.unit.key
            group["outdated"] = any(r.unit.state == OUTDATED for r in group["rows"])
        return groups

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form")
        rows = [] if "refused" in kwargs else self.rows
        to_do = [row for row in rows if row.to_do]
        source = getattr(self, "source", None)
        target = getattr(self, "target", None)
        context.update(
            kind=self.kind,
            title=self.title(),
            source=source,
            target=target,
            source_name=LANGUAGE_NAMES.get(source, ""),
            target_name=LANGUAGE_NAMES.get(target, ""),
            directions=[
                {
                    "url": self.url(code, other),
                    "label": _("From %(source)s into %(target)s")
                    % {"source": IN_A_SENTENCE[code], "target": IN_A_SENTENCE[other]},
                    "current": (code, other) == (source, target),
                }
                for code in LANGUAGE_CODES
                for other in LANGUAGE_CODES
                if code != other
            ],
            groups=self.groups(form) if form is not None else [],
            total=len(rows),
            left=len(to_do),
            first_to_do=to_do[0].index if to_do else None,
            last_to_do=to_do[-1].index if to_do else None,
            refusal=self.refusal(submit=False) if form is not None else None,
            may_submit=form is not None and self.refusal(submit=True) is None,
            version=self.current_version() if form is not None else "",
            media=form.media if form is not None else forms.Media(),
        )
        context.update(self.extra_context_data())
        return context

    def extra_context_data(self):
        return {}

    # Writing ----------------------------------------------------------------------------

    def post(self, request, *args, **kwargs):
        posted = request.POST
        if "up_to_date" in posted:
            return self.confirm(posted)
        submit = "submit" in posted
        form = self.form(data=self.form().as_data(posted))
        if "version" not in posted:
            messages.error(request, _("This form is incomplete: nothing was saved."))
            return self.render_again(form)
        if self.refusal(submit):
            messages.error(request, _("Nothing was saved."))
            return self.render_again(form)
        if posted["version"] != self.current_version():
            return self.changed_meanwhile(posted)
        if not form.is_valid():
            messages.error(
                request, _("Some texts cannot be saved as they are (see below): nothing was saved.")
            )
            return self.render_again(form)
        values = self.changed_values(form, posted)
        known = {row.name for row in self.rows}
        # Texts of units the object does not have: ``apply`` refuses them by name.
        values.update(
            {
                name[len(PREFIX) :]: posted[name]
                for name in posted
                if name.startswith(PREFIX) and name not in known
            }
        )
        if not values and not submit:
            messages.info(request, _("No text was changed: there was nothing to save."))
            return redirect(self.url(self.source, self.target))
        try:
            self.write(values, submit)
        except Changed:
            return self.changed_meanwhile(posted)
        except NotTranslatable as refused:
            messages.error(request, f"{refused.message} {_('Nothing was saved.')}")
            return self.render_again(form)
        except ValidationError as invalid:
            messages.error(
                request,
                _("This cannot be submitted yet: %(errors)s Nothing was saved.")
                % {"errors": " ".join(invalid.messages)},
            )
            return self.render_again(form)
        return redirect(self.url(self.source, self.target))

    @staticmethod
    def changed_values(form, posted):
        """``{unit key: text}`` of the texts sent that differ from the object's."""
        return {
            name[len(PREFIX) :]: text
            for name, text in form.cleaned_data.items()
            if name in posted and not form.unchanged(name, text)
        }

    def render_again(self, form):
        return self.render_to_response(self.get_context_data(form=form))

    def reload(self):
        self.obj = self.load()
        for name in ("rows", "lock"):
            self.__dict__.pop(name, None)
        self._units = None

    def changed_meanwhile(self, posted):
        """The object as it is now, with the texts the translator sent kept in the form."""
        self.reload()
        messages.error(
            self.request,
            _(
                "Someone else saved this while you were translating: nothing was saved. Below "
                "is the text as it is now, with what you wrote kept in the fields: check it and "
                "save again."
            ),
        )
        return self.render_again(self.form(data=self.form().as_data(posted)))

    def confirm(self, posted):
        """A field whose source changed needs no change in the target: it is up to date.
        What the translator typed meanwhile stays in the form, not saved. Whoever may open
        the view may do this, as from the translation status."""
        name = posted["up_to_date"]
        fields = {row.unit.field: row.unit.label.split(" · ")[0] for row in self.rows}
        form = self.form(data=self.form().as_data(posted))
        if name not in fields:
            messages.error(self.request, _("This text is not here any more."))
            return self.render_again(form)
        translation_status.confirm(self.obj, self.target, name)
        messages.success(
            self.request,
            _("“%(field)s” marked as up to date.") % {"field": capfirst(fields[name])},
        )
        typed = not form.is_valid() or self.changed_values(form, posted)
        if not typed:
            return redirect(self.url(self.source, self.target))
        self.reload()
        messages.info(
            self.request, _("What you typed is kept in the fields below; it is not saved yet.")
        )
        return self.render_again(self.form(data=self.form().as_data(posted)))


class PageTranslationView(TranslationView):
    kind = "page"

    def load(self):
        self.record = get_object_or_404(
            Page.objects.select_related("latest_revision"), pk=self.kwargs["page_id"]
        )
        if self.record.specific_class is None or not translatable(self.record):
            raise Http404
        self.permissions = self.record.permissions_for_user(self.request.user)
        if not self.permissions.can_edit():
            raise PermissionDenied
        return self.record.get_latest_revision_as_object()

    def title(self):
        return self.obj.get_admin_display_title()

    def url(self, source=None, target=None):
        return page_url(self.record.pk, source, target)

    def current_version(self):
        revision = self.record.latest_revision
        return f"{revision.pk}/{revision.created_at.isoformat()}" if revision else ""

    @cached_property
    def lock(self):
        lock = self.record.get_lock()
        return lock if lock is not None and lock.for_user(self.request.user) else None

    def refusal(self, submit):
        if self.record.alias_of_id:
            return _("This page is an alias: it shows its original's text. Translate the original.")
        if self.lock is not None:
            return format_html(
                "{} {}",
                self.lock.get_message(self.request.user) or _("This page is locked."),
                _("It cannot be saved from here until it is unlocked."),
            )
        if submit and not self.permissions.can_submit_for_moderation():
            return _("This page cannot be submitted for review now.")
        return None

    def write(self, values, submit):
        user = self.request.user
        with transaction.atomic():
            record = Page.objects.select_for_update(of=("self",)).select_related("latest_revision")
            self.record = record.get(pk=self.record.pk)
            if self.current_version() != self.request.POST["version"]:
                raise Changed
            page = self.record.get_latest_revision_as_object()
            translation_units.apply(page, self.source, self.target, values)
            if not page.live:
                page.save(clean=submit)  # a draft's own row follows, as the editor does
            page.save_revision(user=user, log_action=True, clean=submit)
            if submit:
                self.submit(page, user)
        if submit:
            messages.success(
                self.request,
                _("“%(title)s” was saved and submitted for review.")
                % {"title": page.get_admin_display_title()},
            )
        else:
            messages.success(
                self.request,
                _("“%(title)s” was saved as a draft.") % {"title": page.get_admin_display_title()},
            )

    @staticmethod
    def submit(page, user):
        """As the page editor submits (wagtail/admin/views/pages/edit.py): a workflow that
        needs changes goes on, else the page's workflow starts."""
        state = page.current_workflow_state or page.workflow_states.order_by("created_at").last()
        if state and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(user)
        else:
            page.get_workflow().start(page, user)

    def extra_context_data(self):
        revision = self.record.latest_revision
        previews = []
        if revision is not None:
            url = reverse("wagtailadmin_pages:revisions_view", args=[self.record.pk, revision.pk])
            previews = [
                (f"{url}?{urlencode({'mode': code})}", name) for code, name in LANGUAGE_CHOICES
            ]
        return {
            "previews": previews,
            "edit_url": reverse("wagtailadmin_pages:edit", args=[self.record.pk]),
            "history_url": reverse("wagtailadmin_pages:history", args=[self.record.pk])
            if self.permissions.can_view_revisions()
            else None,
        }


class SettingsTranslationView(TranslationView):
    kind = "settings"

    def load(self):
        self.site = get_object_or_404(Site, pk=self.kwargs["site_id"])
        if not self.may_change():
            raise PermissionDenied
        return SiteSettings.for_site(self.site)

    def may_change(self):
        policy = policy_registry.get_by_type(SiteSettings)
        return policy.user_has_permission_for_instance(self.request.user, "change", self.site)

    def title(self):
        return str(translation_status.section_labels()[translation_status.SETTINGS])

    def url(self, source=None, target=None):
        return settings_url(self.site.pk, source, target)

    def current_version(self):
        texts = translation_status.field_texts(self.obj)
        encoded = json.dumps(sorted(texts.items()), ensure_ascii=False).encode()
        return hashlib.sha1(encoded).hexdigest()  # noqa: S324 - a change detector

    def refusal(self, submit):
        return None  # the permission to change them, checked on loading

    def write(self, values, submit):
        with transaction.atomic():
            self.obj = SiteSettings.objects.select_for_update().get(pk=self.obj.pk)
            if self.current_version() != self.request.POST["version"]:
                raise Changed
            translation_units.apply(self.obj, self.source, self.target, values)
            self.obj.full_clean()
            self.obj.save()
        messages.success(self.request, _("The site settings were saved."))

    def extra_context_data(self):
        return {
            "edit_url": reverse(
                "wagtailsettings:edit", args=["action_portugal", "sitesettings", self.site.pk]
            )
        }


page_view = require_admin_access(PageTranslationView.as_view())
settings_view = require_admin_access(SettingsTranslationView.as_view())
