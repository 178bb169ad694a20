from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPortugalConfig(AppConfig):
    """The project's own app: the base layer, the site-wide capabilities and the home page
    (docs/architecture.md). Its ``ready()`` connects what each capability listens to."""

    name = "action_portugal"
    verbose_name = _("ACTION/Portugal site")

    def ready(self):
        # Here and not at the top: these modules need the models, which are loaded only
        # after every app's configuration.
        from action_portugal import operations
        from action_portugal.base import pages, patches
        from action_portugal.base.routing import SiteRootRoutingMixin
        from action_portugal.caching import invalidation
        from action_portugal.editing import signals as editing
        from action_portugal.files import offers, processing
        from action_portugal.files import search as document_search
        from action_portugal.search import entries as search
        from action_portugal.search import views as search_views
        from action_portugal.security import sign_in
        from action_portugal.seo import feeds, share_cards

        patches.apply(site_root_routing=SiteRootRoutingMixin)
        operations.connect()
        pages.connect()
        invalidation.connect()
        invalidation.listing_addresses(feeds.feed_addresses)
        search.connect()
        editing.connect()
        processing.connect()
        offers.connect()
        search_views.also_found(document_search.site_search_results)
        sign_in.connect()
        share_cards.connect()
