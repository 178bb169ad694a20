"""Atom feeds of a section's pages: what a section offers as ``Section.feed`` is served at
/pt/feed.xml and /en/feed.xml (``action_portugal.seo.views.feed``)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed

from action_portugal.base.i18n import absolute_url, page_url_in


class PlainTextAtom1Feed(Atom1Feed):
    """Atom whose entry summaries are sent as text: Django's says ``type="html"``, which
    makes whatever an editor typed in a plain-text summary live markup in every feed
    reader."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class SiteFeed(Feed):
    """A feed in the language of its URL, every address in it on the site's configured
    address (``absolute_url``): the feed framework would otherwise take the request's host.
    A section's feed says its ``title``, ``subtitle``, ``items`` (visitors' pages only) and
    ``item_description``."""

    feed_type = PlainTextAtom1Feed
    language = None  # the feed framework then takes the active language, from the URL

    def link(self):
        return absolute_url(reverse("feed"))

    def feed_url(self):
        return absolute_url(reverse("feed"))

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return absolute_url(page_url_in(item, translation.get_language()))

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at
