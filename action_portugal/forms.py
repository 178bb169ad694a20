from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .i18n import LANGUAGE_CODES, localized_name


class DerivedTitlePageForm(WagtailAdminPageForm):
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
