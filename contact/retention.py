"""How long the contact page's messages are kept: ``CONTACT_RETENTION_DAYS`` (the privacy
notice says so). Older ones are deleted whenever a message is kept, and by
``manage.py delete_old_contact_messages`` (the worker runs it as it starts; a daily cron
job may too: docs/deployment.md)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission


def delete_old_messages(now=None):
    """Delete the contact pages' messages older than the retention; returns how many."""
    from .models import ContactPage

    cutoff = (now or timezone.now()) - timedelta(days=settings.CONTACT_RETENTION_DAYS)
    contact_pages = ContentType.objects.get_for_model(ContactPage)
    deleted, _by_model = FormSubmission.objects.filter(
        page__content_type=contact_pages, submit_time__lt=cutoff
    ).delete()
    return deleted
