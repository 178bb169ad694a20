"""What happens when editors save and publish: the search, the redirects and the
translation clocks follow."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Revision
from wagtail.signals import page_published, page_unpublished, post_page_move


def index_published_page(sender, instance, **kwargs):
    from .search import index_page

    index_page(instance)


def forget_unpublished_page(sender, instance, **kwargs):
    from .search import forget_page

    forget_page(instance)


def remember_urls(sender, instance, **kwargs):
    from .redirects import on_published

    on_published(sender, instance, **kwargs)


def remember_urls_after_move(sender, instance, **kwargs):
    from .redirects import on_moved

    on_moved(sender, instance, **kwargs)


def clock_revision(sender, instance, created, **kwargs):
    """Every revision, draft or published, moves the translation clocks of its page."""
    from .translation_status import is_tracked, record

    if not created or kwargs.get("raw"):
        return
    obj = instance.as_object()
    if is_tracked(obj):
        record(obj, instance.created_at)


def clock_settings(sender, instance, **kwargs):
    from .translation_status import record

    if not kwargs.get("raw"):
        record(instance)


def forget_deleted_page(sender, instance, **kwargs):
    from .translation_status import forget

    if isinstance(instance, Page) and type(instance) is not Page:
        forget(instance)


def connect():
    from .models import SiteSettings

    page_published.connect(index_published_page, dispatch_uid="search-index-published")
    page_unpublished.connect(forget_unpublished_page, dispatch_uid="search-forget-unpublished")
    page_published.connect(remember_urls, dispatch_uid="redirects-published")
    post_page_move.connect(remember_urls_after_move, dispatch_uid="redirects-moved")
    post_save.connect(clock_revision, sender=Revision, dispatch_uid="clock-revision")
    post_save.connect(clock_settings, sender=SiteSettings, dispatch_uid="clock-settings")
    post_delete.connect(forget_deleted_page, dispatch_uid="clock-forget-page")
