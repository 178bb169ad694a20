"""Sending the contact page's messages, by the worker (the ``documents`` backend's
``contact`` queue: scripts/worker in production), never in the visitor's request."""

import logging

from django.core.mail import EmailMessage
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Site

from action_portugal.base.i18n import DEFAULT_LANGUAGE
from action_portugal.base.site_settings import SiteSettings

from .forms import one_line

logger = logging.getLogger(__name__)


@task(backend="documents", queue_name="contact")
def send_message(submission_id, site_id):
    """E-mail a kept message to the site's contact address, replying to the visitor. A
    message deleted meanwhile, or a site with no address any more, sends nothing."""
    submission = FormSubmission.objects.filter(pk=submission_id).first()
    site = Site.objects.filter(pk=site_id).first()
    if submission is None or site is None:
        return "gone"
    address = SiteSettings.for_site(site).contact_email
    if not address:
        return "no address"
    data = submission.form_data
    with translation.override(DEFAULT_LANGUAGE):
        subject = one_line(
            _("[%(name)s] Contact: %(subject)s")
            % {"name": site.site_name or site.hostname, "subject": data.get("subject", "")}
        )
        body = "\n\n".join(
            [
                _("A message was sent through the contact page of %(name)s.")
                % {"name": site.site_name or site.hostname},
                f"{_('Name')}: {data.get('name', '')}",
                f"{_('E-mail')}: {data.get('email', '')}",
                f"{_('Subject')}: {data.get('subject', '')}",
                str(data.get("message", "")),
                _(
                    "Reply to this e-mail to answer. The message is also kept under Forms in the "
                    "site's administration."
                ),
            ]
        )
    message = EmailMessage(
        subject=subject, body=body, to=[address], reply_to=[one_line(data.get("email", ""))]
    )
    try:
        message.send()
    except ValueError:
        # A header with a line break (Django 6.1 raises ValueError where it raised
        # BadHeaderError). Never expected, the form keeps headers on one line: logged.
        logger.exception("Contact message %s has a header that cannot be sent", submission_id)
        return "bad header"
    return "sent"
