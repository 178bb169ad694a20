from django.utils.translation import gettext as _

from action_portugal.seo.feeds import SiteFeed

from .models import PublicationPage


class PublicationFeed(SiteFeed):
    """Every publication visitors may see, newest first."""

    def title(self):
        return _("ACTION/Portugal publications")

    def subtitle(self):
        return _("Studies, statistical bulletins and other publications of the programme.")

    def items(self):
        return PublicationPage.objects.for_visitors().order_by("-date", "-path")

    def item_description(self, item):
        return item.summary

    def item_categories(self, item):
        return [str(item.get_kind_display()), *map(str, item.country_names)]
