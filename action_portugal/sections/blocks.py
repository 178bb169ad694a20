"""A block that shows, in a page's body, a table another section keeps of its pages (the
countries and where each stands with Convention No. 102, on an area of work): the page
stores only the table's key, and the section renders it, always current."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from action_portugal.sections.registry import table_choices, table_named


class SectionTableBlock(blocks.ChoiceBlock):
    def __init__(self, **kwargs):
        super().__init__(choices=table_choices, **kwargs)

    class Meta:
        icon = "table"
        label = _("Table from another section")
        description = _(
            "A table the site keeps up to date from another section's pages, such as where "
            "each country stands with Convention No. 102. Its content is edited on those pages."
        )

    def get_preview_value(self):
        choices = table_choices()
        return choices[0][0] if choices else None

    def get_template(self, value=None, context=None):
        table = table_named(value)
        return table.template if table is not None else None

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        table = table_named(value)
        if table is not None:
            context.update(table.context(context.get("request")))
        return context

    def render_basic(self, value, context=None):
        """A table no section offers any more shows nothing."""
        return ""
