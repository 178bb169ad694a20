"""What happens when editors save and publish: the search, the redirects and the
translation clocks follow."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Revision
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import privacy


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


def is_specific_page(instance):
    """A page of one of our types (a deletion signals it once per table of the page:
    answer only the most specific one)."""
    return isinstance(instance, Page) and type(instance) is not Page


def forget_deleted_page(sender, instance, **kwargs):
    from .translation_status import forget

    if is_specific_page(instance):
        forget(instance)


def make_renditions(sender, instance, **kwargs):
    """The first visitor after a publish should not wait for pictures to be resized."""
    from .renditions import generate, images_of

    for image, kind in images_of(instance.specific_deferred):
        generate(image, kind)


def page_changed(sender, instance, **kwargs):
    """Published or unpublished: what shows the page is rendered again."""
    from .page_cache import invalidate

    invalidate(instance)


def page_moved(sender, instance, **kwargs):
    """A move changes the tree paths of the page and everything under it, and so which of
    them a restriction covers, and the addresses of all of them: every page is renewed."""
    privacy.forget()
    chrome_changes(sender, instance)


def privacy_changed(sender, instance, **kwargs):
    """A restriction set, changed or removed, on a page or a collection of documents: any
    page may show one that stopped (or started again) being public, so every cached page is
    renewed at once, and again once the change is committed (a render in between could
    have kept the old list), when the CDN is purged too. Search asks about privacy as it
    searches."""
    from .sections import bump_chrome

    privacy.forget()
    bump_chrome()

    def committed():
        privacy.forget()
        chrome_changes(sender, instance, **kwargs)

    transaction.on_commit(committed)


def page_deleted(sender, instance, **kwargs):
    if is_specific_page(instance):
        page_changed(sender, instance)


def chrome_changes(sender, instance=None, **kwargs):
    """Settings: every page's footer."""
    from .page_cache import purge_frontend_cache
    from .sections import bump_chrome

    bump_chrome()
    if not kwargs.get("raw"):
        purge_frontend_cache([], everything=True)


def connect():
    from wagtail.models import CollectionViewRestriction, PageViewRestriction, Site

    from .models import Partner, SiteSettings, SocialLink

    page_published.connect(index_published_page, dispatch_uid="search-index-published")
    page_unpublished.connect(forget_unpublished_page, dispatch_uid="search-forget-unpublished")
    page_published.connect(remember_urls, dispatch_uid="redirects-published")
    post_page_move.connect(remember_urls_after_move, dispatch_uid="redirects-moved")
    post_save.connect(clock_revision, sender=Revision, dispatch_uid="clock-revision")
    post_save.connect(clock_settings, sender=SiteSettings, dispatch_uid="clock-settings")
    post_delete.connect(forget_deleted_page, dispatch_uid="clock-forget-page")
    page_published.connect(make_renditions, dispatch_uid="renditions-published")
    for name, signal in (("published", page_published), ("unpublished", page_unpublished)):
        signal.connect(page_changed, dispatch_uid=f"page-cache-{name}")
    post_page_move.connect(page_moved, dispatch_uid="page-cache-moved")
    post_delete.connect(page_deleted, dispatch_uid="page-cache-deleted")
    for event, signal in (("saved", post_save), ("deleted", post_delete)):
        for model in (SiteSettings, Partner, SocialLink, Site):
            signal.connect(
                chrome_changes, sender=model, dispatch_uid=f"chrome-{model.__name__}-{event}"
            )
        for model in (PageViewRestriction, CollectionViewRestriction):
            signal.connect(
                privacy_changed, sender=model, dispatch_uid=f"privacy-{model.__name__}-{event}"
            )
