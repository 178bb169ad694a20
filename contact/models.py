"""The contact page, and the notices every public site owes its visitors (privacy,
accessibility, legal notice): pages under the home page, linked from every page's footer.

The contact page is one of Wagtail's form pages, so its messages are kept as Wagtail's
``FormSubmission`` and listed under Forms in the admin. Its form is fixed (``forms.py``), not
built by editors from fields: the labels and error messages then come from our catalogue
in the visitor's language, which editable form fields, one label per field, cannot give.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.forms.models import AbstractForm, FormSubmission
from wagtail.fields import StreamField
from wagtail.models import Page, Site

from action_portugal.base.blocks import BodyBlock
from action_portugal.base.pages import SitePageMixin
from action_portugal.base.privacy import visible
from action_portugal.base.site_settings import SiteSettings
from action_portugal.security import throttle

from .forms import ContactForm

CONTACT_ADDRESS = throttle.Limit("contact-address")


class Notice(models.TextChoices):
    """Which notice a legal page is: the footer lists them in this order."""

    PRIVACY = "privacy", _("Privacy notice")
    ACCESSIBILITY = "accessibility", _("Accessibility statement")
    LEGAL = "legal", _("Legal notice")


def site_of(page):
    return page.get_site() or Site.objects.filter(is_default_site=True).first()


class ContactAddressPanel(HelpPanel):
    """Tells the editor where the page's messages go: the contact e-mail of the site
    settings, or nowhere while it is empty (they are then only kept under Forms)."""

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            site = site_of(self.instance) if self.instance.pk else None
            site = site or Site.objects.filter(is_default_site=True).first()
            address = SiteSettings.for_site(site).contact_email if site else ""
            if address:
                self.content = format_html(
                    "<p>{}</p>",
                    _("Messages are kept under Forms and sent by e-mail to {address}.").format(
                        address=address
                    ),
                )
            else:
                self.content = format_html(
                    "<p><strong>{}</strong></p>",
                    _(
                        "No contact e-mail is set in Settings › Site settings: messages are "
                        "kept under Forms, and no e-mail is sent."
                    ),
                )


class ContactPage(SitePageMixin, AbstractForm):
    """The page visitors write to the programme from. A message is kept at once, sent by
    the worker (``tasks.send_message``), and deleted after the time the privacy notice says
    (``retention``)."""

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A short paragraph shown above the form."),
    )
    thanks = models.TextField(
        _("thank-you message"),
        blank=True,
        help_text=_("Shown once a message is sent. Empty: a standard sentence."),
    )

    parent_page_types = ["action_portugal.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    search_text_fields = ("introduction",)
    # The form carries the visitor's own CSRF token.
    shared = False
    in_chrome = True

    content_panels = [
        *Page.content_panels,
        ContactAddressPanel(heading=_("Where messages go")),
        FieldPanel("introduction"),
        FieldPanel("thanks"),
    ]

    class Meta:
        verbose_name = _("contact page")

    # Wagtail's form page, with a fixed form -----------------------------------------

    def get_form_fields(self):
        return []

    def get_form_class(self):
        return ContactForm

    def get_data_fields(self):
        return [("submit_time", _("Submission date")), *ContactForm.stored_fields()]

    # Serving ----------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["privacy_page"] = self.notice_page(Notice.PRIVACY)
        return context

    def notice_page(self, notice):
        return (
            visible(LegalPage.objects.sibling_of(self, inclusive=False)).filter(role=notice).first()
        )

    def serve(self, request, *args, **kwargs):
        # Not at the top: it imports Wagtail's admin views, which need the models loaded.
        from action_portugal.security.sign_in import client_ip

        sent = False
        status = 200
        if request.method == "POST":
            form = self.get_form(request.POST, page=self, user=request.user)
            who = client_ip(request)
            if CONTACT_ADDRESS.refused_for(who):
                form.refuse(throttle.minutes(CONTACT_ADDRESS.refused_for(who)))
                status = 429
            elif form.is_valid():
                if not form.is_trap_filled():
                    self.keep(form, request)
                CONTACT_ADDRESS.count(who)
                return HttpResponseRedirect(f"{self.get_url(request)}?sent=1")
        else:
            form = self.get_form(page=self, user=request.user)
            sent = request.GET.get("sent") == "1"
        context = self.get_context(request)
        context.update(form=form, sent=sent)
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def keep(self, form, request):
        """Keep the message; once it is stored, have the worker send it, if the site has a
        contact address (otherwise it waits under Forms, unsent)."""
        from .retention import delete_old_messages
        from .tasks import send_message

        submission = FormSubmission.objects.create(form_data=form.stored_data(), page=self)
        site = Site.find_for_request(request) or site_of(self)
        if site is not None and SiteSettings.for_site(site).contact_email:
            site_id, submission_id = site.pk, submission.pk
            transaction.on_commit(lambda: send_message.enqueue(submission_id, site_id))
        delete_old_messages()
        return submission


class LegalPage(SitePageMixin, Page):
    """A notice the site owes its visitors (``Notice``): text staff keep up to date, with
    the date they last reviewed it."""

    role = models.CharField(
        _("notice"),
        max_length=20,
        choices=Notice.choices,
        help_text=_("Which notice this page is: the footer of every page links to it."),
    )
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["action_portugal.HomePage"]
    subpage_types: list[str] = []
    search_text_fields = ("body",)
    in_chrome = True

    content_panels = [
        *Page.content_panels,
        FieldPanel("role"),
        FieldPanel("last_reviewed"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("legal page")

    def clean(self):
        super().clean()
        parent = self.get_parent() if self.pk else None
        if parent is None or not self.role:
            return
        twins = LegalPage.objects.child_of(parent).filter(role=self.role).exclude(pk=self.pk)
        if twins.exists():
            raise ValidationError({"role": _("Another page is already this notice.")})
