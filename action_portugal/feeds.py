from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from timeline.models import StoryPage

from .i18n import absolute_url, page_url_in


class PlainTextAtom1Feed(Atom1Feed):
    """Atom whose entry summaries are sent as text: Django's says ``type="html"``, which
    makes whatever an editor typed in a plain-text summary live markup in every feed
    reader."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class StoryFeed(Feed):
    """Every story visitors may see, newest first, in the language of the feed's URL
    (/pt/feed.xml, /en/feed.xml). Every address in it is on the site's configured address
    (``absolute_url``): the feed framework would otherwise take the request's host."""

    feed_type = PlainTextAtom1Feed
    language = None  # the feed framework then takes the active language, from the URL

    def title(self):
        return _("ACTION/Portugal timeline")

    def subtitle(self):
        return _("What the ACTION/Portugal programme did and saw happen.")

    def link(self):
        return absolute_url(reverse("story_feed"))

    def feed_url(self):
        return absolute_url(reverse("story_feed"))

    def items(self):
        return StoryPage.objects.for_visitors().order_by("-date", "-path")

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return absolute_url(page_url_in(item, translation.get_language()))

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [str(item.get_country_display())] if item.country else []
