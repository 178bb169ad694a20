"""What a change makes stale, bumped at once here and purged from a CDN in front.

Publishing, unpublishing, moving or deleting a page bumps the tags of exactly the pages that
can show it: the page, its ancestors (its section's index, the home page), the pages it
says show it (``SitePage.shown_on``: the areas of work it belongs to, its neighbours on the
timeline) and the pages that name it in a foreign key (a story its publication). A page
that is in the chrome (``SitePage.in_chrome``, and every page near the top of the tree: the
home page, the sections) bumps ``chrome``, so every page. Settings, sites
and any page's or collection's privacy bump ``chrome`` too. The CDN is purged with each
affected page's real address in each language (Wagtail's frontend cache, configured from
the environment).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import ForeignObjectRel
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from action_portugal.base import privacy
from action_portugal.base.countries import countries_of, pages_showing
from action_portugal.base.i18n import LANGUAGE_CODES, absolute_url, page_url_in
from action_portugal.base.pages import SitePageMixin
from action_portugal.base.site_settings import Partner, SiteSettings, SocialLink
from action_portugal.caching.chrome import bump_chrome
from action_portugal.caching.pages import in_chrome
from action_portugal.caching.store import LISTS, bump, page_tag

logger = logging.getLogger(__name__)

# Addresses that list many pages (the feeds), purged with every change: functions giving
# them in the active language, each registered by what serves them (``listing_addresses``).
_listings = []


def listing_addresses(addresses):
    """Purge what ``addresses()`` gives with every change."""
    if addresses not in _listings:
        _listings.append(addresses)


def affected_pages(page):
    """The pages that show ``page``: itself, its ancestors below the root, those it says
        show it, those that name it in a foreign key, and those that show what is tagged with
    its countries (``base.countries.pages_show_countries``)."""
    specific = page.specific_deferred if isinstance(page, Page) else page
    ancestors = list(Page.objects.ancestor_of(page).filter(depth__gte=2))
    shown_on = specific.shown_on() if isinstance(specific, SitePageMixin) else []
    countries = pages_showing(countries_of(specific))
    return [specific, *ancestors, *shown_on, *pointing_to(specific), *countries]


def pointing_to(page):
    """Our live pages that name ``page`` in a foreign key or a many-to-many field (a story
    its publications): each shows it while it is public, and must show it again when it is
    published again, when its own cached entry no longer holds it. Found from the models'
    relations, so a section that points to another's pages needs nothing here; one query a
    relation."""
    found = []
    for relation in type(page)._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel) or relation.one_to_one:
            continue
        model = relation.related_model
        if isinstance(model, type) and issubclass(model, SitePageMixin):
            found.extend(model.objects.live().filter(**{relation.field.name: page.pk}))
    return found


def touches_chrome(page):
    return in_chrome(page.specific_deferred if isinstance(page, Page) else page)


def invalidate(page):
    """Bump what shows ``page``, here and in the CDN. A page in the chrome renews every
    page (every entry and list depends on ``chrome``): what shows it is not looked for, which
    for an area of work would load every story tagged with it."""
    if touches_chrome(page):
        bump(page_tag(page), LISTS)
        bump_chrome()
        purge_frontend_cache([], everything=True)
        return
    pages = affected_pages(page)
    bump(*{page_tag(p) for p in pages}, LISTS)
    purge_frontend_cache(pages)


def purge_frontend_cache(pages, everything=False):
    """Each affected page's real address in each language, and the feeds and sitemap, on
    the site's configured address (the one pages give as canonical). Wagtail's own
    language handling swaps the /pt/ and /en/ prefixes, which with translated slugs gives
    addresses that do not exist: the real ones are purged here."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    if everything:
        pages = list(Page.objects.live().filter(depth__gt=1))
    batch = PurgeBatch()
    for language in LANGUAGE_CODES:
        for page in pages:
            url = page_url_in(page, language)
            if url:
                batch.add_url(absolute_url(url))
        with translation.override(language):
            for addresses in _listings:
                for address in addresses():
                    batch.add_url(absolute_url(address))
    batch.add_url(absolute_url(reverse("sitemap")))
    try:
        batch.purge()
    except Exception:  # noqa: BLE001 - a CDN that does not answer must not stop a publish
        logger.exception("Purging the frontend cache failed")


# What changes, as Wagtail and Django signal it ----------------------------------------------


def is_specific_page(instance):
    """A page of one of our types (a deletion signals it once per table of the page:
    answer only the most specific one)."""
    return isinstance(instance, Page) and type(instance) is not Page


def page_changed(sender, instance, **kwargs):
    """Published or unpublished: what shows the page is rendered again."""
    invalidate(instance)


def page_deleted(sender, instance, **kwargs):
    if is_specific_page(instance):
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
    privacy.forget()
    bump_chrome()

    def committed():
        privacy.forget()
        chrome_changes(sender, instance, **kwargs)

    transaction.on_commit(committed)


def chrome_changes(sender, instance=None, **kwargs):
    """Settings, sites, moves: every page."""
    bump_chrome()
    if not kwargs.get("raw"):
        purge_frontend_cache([], everything=True)


def connect():
    for name, signal in (("published", page_published), ("unpublished", page_unpublished)):
        signal.connect(page_changed, dispatch_uid=f"page-cache-{name}")
    post_page_move.connect(page_moved, dispatch_uid="page-cache-moved")
    post_delete.connect(page_deleted, dispatch_uid="page-cache-deleted")
    for event, signal in (("saved", post_save), ("deleted", post_delete)):
        for model in (SiteSettings, Partner, SocialLink, Site):
            signal.connect(
                chrome_changes, sender=model, dispatch_uid=f"chrome-{model.__name__}-{event}"
            )
        # A collection moved in the tree changes which restriction covers its documents.
        for model in (PageViewRestriction, CollectionViewRestriction, Collection):
            signal.connect(
                privacy_changed, sender=model, dispatch_uid=f"privacy-{model.__name__}-{event}"
            )
