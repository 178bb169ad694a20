from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from action_portugal.base.forms import SitePageForm


class PublicationPageForm(SitePageForm):
    """A publication is published with something to read: a file in one language at least,
    or a link. Drafts may wait for their file (the programme's known publications do)."""

    def clean(self):
        cleaned = super().clean()
        if "action-publish" in self.data:
            has_file = any(cleaned.get(name) for name in self.fields if name.startswith("file_"))
            if not has_file and not cleaned.get("external_url"):
                raise ValidationError(
                    _(
                        "A publication is published with a file in one language at least, "
                        "or a link. Save it as a draft until it has one."
                    )
                )
        return cleaned
