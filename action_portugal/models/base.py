from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from action_portugal.forms import DerivedTitlePageForm
from action_portugal.i18n import LANGUAGE_CODES, localized_name


class IndexPage(Page):
    """The page that lists one kind of content (pillars, testimonials, team, timeline).
    There is one of each, right under the home page, and it is shown in the main menu."""

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A short paragraph shown under the heading, before the list."),
    )

    parent_page_types = ["action_portugal.HomePage"]
    max_count_per_parent = 1
    show_in_menus_default = True

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    class Meta:
        abstract = True


class SectionPage(Page):
    """An item inside one section: only creatable under its own index page, with no
    children of its own."""

    subpage_types: list[str] = []

    class Meta:
        abstract = True


class DerivedTitleMixin:
    """For pages whose heading is made from other fields (a person's name, or a role when
    the name is not published): editors fill those fields and the title, in each
    language, follows. The slug is then generated from the title as Wagtail does."""

    base_form_class = DerivedTitlePageForm
    # The field whose text says the page exists in a language (its title is derived).
    language_key_field = "title"

    def derived_title(self, language: str) -> str:
        raise NotImplementedError

    def _set_core_field_defaults(self):
        for language in LANGUAGE_CODES:
            setattr(self, localized_name("title", language), self.derived_title(language))
        self.draft_title = self.title
        super()._set_core_field_defaults()
