from django.utils.translation import gettext as _

from action_portugal.seo.feeds import SiteFeed

from .models import StoryPage


class StoryFeed(SiteFeed):
    """Every story visitors may see, newest first."""

    def title(self):
        return _("ACTION/Portugal timeline")

    def subtitle(self):
        return _("What the ACTION/Portugal programme did and saw happen.")

    def items(self):
        return StoryPage.objects.for_visitors().order_by("-date", "-path")

    def item_description(self, item):
        return item.summary

    def item_categories(self, item):
        return [str(item.get_country_display())] if item.country else []
