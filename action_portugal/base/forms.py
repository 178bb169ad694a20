from django.core.exceptions import BadRequest
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from action_portugal.base.i18n import LANGUAGE_CODES, localized_name
from action_portugal.base.patches import StreamFieldPostMixin


class MalformedForm(BadRequest):
    """A form whose data no browser showing the form would send: a 400 (handler400), not a
    500. It remembers the language the form was being used in, for the 400 page."""

    def __init__(self, field_name):
        self.language = translation.get_language()
        super().__init__(f"malformed data for {field_name}")


class SitePageForm(StreamFieldPostMixin, WagtailAdminPageForm):
    """The editor of every page of the site (``SitePageMixin.base_form_class``): a garbled
    StreamField post is a 400, on edit, create and preview."""

    def malformed(self, html_name):
        return MalformedForm(html_name)


class DerivedTitlePageForm(SitePageForm):
    """The editor of a page whose title is made from other fields (see DerivedTitleMixin).
    There is no title field to type a slug from, so an empty slug is made from the name or
    role, in each language, and kept unique among the page's siblings."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for language in LANGUAGE_CODES:
            field = self.fields.get(localized_name("slug", language))
            if field is not None:
                field.required = False
                field.help_text = _("Leave empty to make it from the name or role.")

    def clean(self):
        probe = self.page_with_form_values()
        for language in LANGUAGE_CODES:
            field_name = localized_name("slug", language)
            if field_name in self.fields and not self.cleaned_data.get(field_name):
                self.cleaned_data[field_name] = self.free_slug(
                    slugify(probe.derived_title(language)), language
                )
        return super().clean()

    def page_with_form_values(self):
        probe = self.instance.__class__()
        columns = {field.name for field in self.instance._meta.concrete_fields}
        for name in columns & set(self.cleaned_data):
            setattr(probe, name, self.cleaned_data[name])
        return probe

    def free_slug(self, base, language):
        if not base:
            return base
        siblings = self.parent_page.get_children()
        if self.instance.pk:
            siblings = siblings.not_page(self.instance)
        with translation.override(language):
            taken = {sibling.slug for sibling in siblings}
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        return candidate
