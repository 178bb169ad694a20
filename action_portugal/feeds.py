from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from timeline.models import StoryPage

from .i18n import page_url_in


class StoryFeed(Feed):
    """Every story visitors may see, newest first, in the language of the feed's URL
    (/pt/feed.xml, /en/feed.xml)."""

    feed_type = Atom1Feed
    language = None  # the feed framework then takes the active language, from the URL

    def title(self):
        return _("ACTION/Portugal timeline")

    def subtitle(self):
        return _("What the ACTION/Portugal programme did and saw happen.")

    def link(self):
        return reverse("story_feed")

    def feed_url(self):
        return reverse("story_feed")

    def items(self):
        return StoryPage.objects.for_visitors().order_by("-date", "-path")

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        # Relative: the feed framework makes it absolute for the requested host.
        return page_url_in(item, translation.get_language())

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [str(item.get_country_display())] if item.country else []
