"""The contact form: fixed fields, labels and errors from the catalogue in the visitor's
language, limits on every length, and a trap field for robots (``website``: hidden from
people and screen readers, never sent by a browser a person uses)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

NAME_LENGTH = 200
SUBJECT_LENGTH = 200
MESSAGE_LENGTH = 5000
EMAIL_LENGTH = 254


def one_line(value):
    """Line breaks and other control characters out of what goes in a mail header."""
    return " ".join("".join(c if c.isprintable() else " " for c in value).split())


def text_field(label, max_length, required, too_long, field=forms.CharField, **options):
    """A required field limited to ``max_length``, whose errors say which field they are
    about: the summary above the form shows them alone, each a link to its field."""
    errors = {"required": required, "max_length": too_long, **options.pop("errors", {})}
    return field(label=label, max_length=max_length, error_messages=errors, **options)


class ContactForm(forms.Form):
    name = text_field(
        _("Your name"),
        NAME_LENGTH,
        _("Enter your name."),
        _("Your name is too long: at most %(limit_value)d characters."),
    )
    email = text_field(
        _("Your e-mail address"),
        EMAIL_LENGTH,
        _("Enter your e-mail address."),
        _("The e-mail address is too long: at most %(limit_value)d characters."),
        field=forms.EmailField,
        help_text=_("We reply to this address."),
        errors={"invalid": _("Enter an e-mail address in the form name@example.org.")},
    )
    subject = text_field(
        _("Subject"),
        SUBJECT_LENGTH,
        _("Enter a subject."),
        _("The subject is too long: at most %(limit_value)d characters."),
    )
    message = text_field(
        _("Message"),
        MESSAGE_LENGTH,
        _("Enter your message."),
        _("The message is too long: at most %(limit_value)d characters (it has %(show_value)d)."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my message is kept to answer it."),
        error_messages={"required": _("Tick the box to agree to the privacy notice.")},
    )
    # The trap: a person never sees it, a robot filling every field does.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    # What is kept of a message, in this order (Wagtail's submissions list shows them).
    STORED = ("name", "email", "subject", "message", "consent")

    def __init__(self, *args, page=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page

    @classmethod
    def stored_fields(cls):
        return [(name, cls.base_fields[name].label) for name in cls.STORED]

    def clean_name(self):
        return one_line(self.cleaned_data["name"])

    def clean_subject(self):
        return one_line(self.cleaned_data["subject"])

    def is_trap_filled(self):
        return bool(self.cleaned_data.get("website"))

    def stored_data(self):
        return {name: self.cleaned_data[name] for name in self.STORED}

    def refuse(self, minutes):
        """Too many messages from this address: the form is refused as it stands, with
        everything typed kept."""
        self.full_clean()
        self.add_error(
            None,
            ngettext(
                "You have sent several messages in a short time. Please try again in "
                "%(minutes)d minute.",
                "You have sent several messages in a short time. Please try again in "
                "%(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
        )
