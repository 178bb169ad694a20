"""What editing a page or the settings moves in the editing tools: the old addresses kept
for redirects, and the translation clocks."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Revision
from wagtail.signals import page_published, post_page_move

from action_portugal.base.site_settings import SiteSettings
from action_portugal.editing import redirects, translation_status


def remember_urls(sender, instance, **kwargs):
    redirects.sync_public_urls(instance)


def remember_urls_after_move(sender, instance, **kwargs):
    redirects.sync_public_urls(Page.objects.get(pk=instance.pk))


def clock_revision(sender, instance, created, **kwargs):
    """Every revision, draft or published, moves the translation clocks of its page."""
    if not created or kwargs.get("raw"):
        return
    obj = instance.as_object()
    if translation_status.is_tracked(obj):
        translation_status.record(obj, instance.created_at)


def clock_settings(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        translation_status.record(instance)


def forget_deleted_page(sender, instance, **kwargs):
    # A deletion signals once per table of the page: only the most specific one counts.
    if isinstance(instance, Page) and type(instance) is not Page:
        translation_status.forget(instance)


def connect():
    page_published.connect(remember_urls, dispatch_uid="redirects-published")
    post_page_move.connect(remember_urls_after_move, dispatch_uid="redirects-moved")
    post_save.connect(clock_revision, sender=Revision, dispatch_uid="clock-revision")
    post_save.connect(clock_settings, sender=SiteSettings, dispatch_uid="clock-settings")
    post_delete.connect(forget_deleted_page, dispatch_uid="clock-forget-page")
