"""Atom feeds of a section's pages: what a section offers as ``Section.feed`` is served at
/pt/feeds/<key>.xml and /en/feeds/<key>.xml (``action_portugal.seo.views.section_feed``);
the first section's also at /pt/feed.xml and /en/feed.xml, where it always was."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed

from action_portugal.base.i18n import absolute_url, page_url_in
from action_portugal.sections.registry import registered


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
    # The section it is the feed of (``Section.key``), set as it is served.
    section_key = None

    def address(self):
        if self.section_key is None:
            return reverse("feed")
        return reverse("section_feed", args=[self.section_key])

    def link(self):
        return absolute_url(self.address())

    def feed_url(self):
        return absolute_url(self.address())

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return absolute_url(page_url_in(item, translation.get_language()))

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


def section_feeds():
    """``[(section key, feed)]``: every section's feed, in the sections' order."""
    return [(section.key, section.feed) for section in registered() if section.feed is not None]


def feeds():
    """``[(address, title)]``: every feed in the active language, the first at the address
    feeds always had (/feed.xml)."""
    found = []
    for number, (key, feed) in enumerate(section_feeds()):
        address = reverse("feed") if number == 0 else reverse("section_feed", args=[key])
        found.append((address, feed().title()))
    return found


def feed_addresses():
    """Every feed's addresses in the active language, for purging."""
    addresses = [reverse("section_feed", args=[key]) for key, _feed in section_feeds()]
    return [reverse("feed"), *addresses] if addresses else []
