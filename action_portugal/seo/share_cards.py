"""Each page's own link-preview image, in each language: its title, its section's name and
its icon (``SitePage.share_icon``), drawn by ``card_drawing``.

Drawing is the worker's job: publishing a page (or moving it) only queues
``make_share_images`` on the "share-images" queue of the ``documents`` backend, after the
commit; until the image is made the page shows the site's generic card, and a page whose
image fails stays on it. An image is kept in media storage under a name made from a keyed
hash of what it shows (``digest``): new whenever the title changes (no cache keeps the old
one), and saying nothing of the title.

An image exists only while its page is live and public: unpublishing, deleting, moving a
page or any change of a view restriction ``sweep``s away the images of pages that are not
(and the worker checks again once an image is saved, in case a restriction came meanwhile).
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count
from django.db.models.signals import post_delete, post_save
from django.tasks import task
from django.utils import translation
from django.utils.crypto import salted_hmac
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from action_portugal.base.i18n import LANGUAGE_CODES
from action_portugal.caching.invalidation import purge_frontend_cache
from action_portugal.caching.store import bump, page_tag
from action_portugal.seo.card_drawing import DEFAULT_ICON, draw
from action_portugal.seo.models import ShareCard

logger = logging.getLogger(__name__)

# Part of every digest: a new drawing makes every image again.
DRAWING_VERSION = "1"
SECTION_DEPTH = 3  # the home page's children: the sections' index pages
LOOKUP_KEY = "share-card:{page}:{language}"


# What an image shows ------------------------------------------------------------------


def card_text(page, language):
    """``(title, section, icon)`` of ``page`` in ``language``: its title (in the other
    language where it has none, as the page itself shows), the name of the section it
    belongs to (none for the home page and the sections themselves), its icon."""
    specific = page.specific
    with translation.override(language):
        title = str(specific.title or "")
        section = ""
        if page.depth > SECTION_DEPTH:
            ancestor = Page.objects.ancestor_of(page).filter(depth=SECTION_DEPTH).first()
            if ancestor is not None:
                section = str(ancestor.title or "")
    return title, section, str(getattr(specific, "share_icon", "") or DEFAULT_ICON)


def digest_of(page, language, text):
    """A name for the image that changes with what it shows and reveals none of it."""
    value = "\x1f".join((DRAWING_VERSION, str(page.pk), language, *text))
    return salted_hmac("share-card", value, algorithm="sha256").hexdigest()[:32]


def is_visible(page):
    """Live, and no view restriction on it or an ancestor, asked of the database (the
    worker must not trust a list cached before a restriction came)."""
    if not page.live:
        return False
    # Wagtail's own reading (an alias answers with its original's restrictions), not the
    # cached one of base.routing.CheapViewRestrictionsMixin that pages' classes inherit.
    return not Page.get_view_restrictions(page).exists()


# Making them (the worker) ----------------------------------------------------------------


@task(backend="documents", queue_name="share-images")
def make_share_images(page_id, with_descendants=False):
    """Draw the images ``page_id`` lacks or whose text changed, in every language (and
    those of the pages under it: a section renamed, a page moved). The number drawn."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    pages = [page]
    if with_descendants:
        pages += list(Page.objects.descendant_of(page).live())
    made = 0
    for each in pages:
        if not is_visible(each):
            remove(ShareCard.objects.filter(page_id=each.pk))
            continue
        for language in LANGUAGE_CODES:
            try:
                made += make_card(each, language)
            except Exception:  # noqa: BLE001 - the page keeps the generic card; never a failed publish
                logger.exception("Share image of page %s in %s not made", each.pk, language)
    return made


def make_card(page, language):
    text = card_text(page, language)
    digest = digest_of(page, language, text)
    card = ShareCard.objects.filter(page_id=page.pk, language=language).first()
    if card is not None and card.digest == digest and card.file.storage.exists(card.file.name):
        return 0
    card = card or ShareCard(page_id=page.pk, language=language)
    old_name = card.file.name
    card.digest = digest
    card.file.save(
        f"{digest}.png", ContentFile(draw(*text, settings.WAGTAIL_SITE_NAME)), save=False
    )
    with transaction.atomic():
        card.save()
        if old_name and old_name != card.file.name:
            transaction.on_commit(lambda: delete_file(old_name))
    current = Page.objects.filter(pk=page.pk).first()
    if current is None or not is_visible(current):  # deleted or made private meanwhile
        remove(ShareCard.objects.filter(pk=card.pk))
        return 0
    shown(page, language, card.file.name)
    return 1


def shown(page, language, name):
    """The page names its new image: its cached copies are rendered again."""
    cache.set(LOOKUP_KEY.format(page=page.pk, language=language), name, None)
    bump(page_tag(page))
    purge_frontend_cache([page])


def delete_file(name):
    try:
        default_storage.delete(name)
    except Exception:  # noqa: BLE001 - a storage that fails must not stop an unpublish
        logger.exception("Share image %s could not be deleted", name)


def make_missing():
    """Queue the images of every live page that has none in some language (the worker does
    it as it starts; `manage.py make_share_images`), if share images are on. The number of
    pages queued."""
    if not settings.SHARE_IMAGES_ENABLED:
        return 0
    complete = set(
        ShareCard.objects.values_list("page_id", flat=True)
        .order_by()
        .annotate(count=Count("pk"))
        .filter(count=len(LANGUAGE_CODES))
    )
    queued = 0
    for page in Page.objects.live().filter(depth__gt=1).exclude(pk__in=complete).only("pk"):
        make_share_images.enqueue(page.pk)
        queued += 1
    return queued


# Taking them down ------------------------------------------------------------------------


def remove(cards):
    """Delete ``cards``: their files go once the deletion is committed (``card_deleted``)."""
    for card in cards:
        card.delete()


def sweep():
    """Delete the images of every page that is not live and public any more."""
    restricted = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
    cards = ShareCard.objects.select_related("page").only(
        "file", "language", "page__path", "page__live"
    )
    stale = [
        card
        for card in cards
        if not card.page.live or (restricted and card.page.path.startswith(restricted))
    ]
    remove(stale)
    return len(stale)


def card_deleted(sender, instance, **kwargs):
    name = instance.file.name
    cache.delete(LOOKUP_KEY.format(page=instance.page_id, language=instance.language))
    if name:
        transaction.on_commit(lambda: delete_file(name))


# Showing them ------------------------------------------------------------------------------


def card_url(page, language=None):
    """The address of ``page``'s image in ``language`` (the active one), or ``None`` while
    it is not made. Read from the cache; the database once per page and language."""
    if not settings.SHARE_IMAGES_ENABLED:
        return None
    language = language or translation.get_language()
    key = LOOKUP_KEY.format(page=page.pk, language=language)
    name = cache.get(key)
    if name is None:
        found = ShareCard.objects.filter(page_id=page.pk, language=language).first()
        name = found.file.name if found is not None else ""
        cache.set(key, name, None)
    return default_storage.url(name) if name else None


# When ---------------------------------------------------------------------------------------


def published(sender, instance, **kwargs):
    """Queue the images, after the commit: never drawn in the editor's request."""
    if settings.SHARE_IMAGES_ENABLED:
        queue(instance.pk, with_descendants=instance.depth == SECTION_DEPTH)


def moved(sender, instance, **kwargs):
    sweep_after_commit()
    if settings.SHARE_IMAGES_ENABLED:
        queue(instance.pk, with_descendants=True)


def queue(page_id, with_descendants):
    transaction.on_commit(
        lambda: make_share_images.enqueue(page_id, with_descendants=with_descendants)
    )


def sweep_after_commit(sender=None, **kwargs):
    sweep()
    transaction.on_commit(sweep)  # a change made in the same transaction, once it is seen


def restriction_lifted(sender, instance, **kwargs):
    """The pages it covered may be public again: their images are drawn again."""
    sweep_after_commit()
    if settings.SHARE_IMAGES_ENABLED:
        queue(instance.page_id, with_descendants=True)


def connect():
    page_published.connect(published, dispatch_uid="share-images-published")
    page_unpublished.connect(sweep_after_commit, dispatch_uid="share-images-unpublished")
    post_page_move.connect(moved, dispatch_uid="share-images-moved")
    post_delete.connect(card_deleted, sender=ShareCard, dispatch_uid="share-images-deleted")
    post_save.connect(
        sweep_after_commit, sender=PageViewRestriction, dispatch_uid="share-images-restricted"
    )
    post_delete.connect(
        restriction_lifted, sender=PageViewRestriction, dispatch_uid="share-images-lifted"
    )
