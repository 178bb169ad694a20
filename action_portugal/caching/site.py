"""The request's site and its home page, from the cache.

Finding the site and its home page costs three queries per request (the site, its root
page, the root's specific row); here they are kept in the cache until a section or the home
page changes, and handed to Wagtail where it looks for them first
(``action_portugal.base.patches.attach_site``)."""

from django.core.cache import cache
from django.db.models import prefetch_related_objects
from wagtail.models import Site

from action_portugal.base import patches, privacy
from action_portugal.caching.chrome import CHROME_TIMEOUT, chrome_key, request_chrome_version


class CachedSiteMiddleware:
    """Hand Wagtail the request's site, with its home page already specific, from the
    cache; and let the request read the chrome's version and the restricted pages once
    each."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_chrome_version(), privacy.per_request():
            if not request.path.startswith(("/admin/", "/documents/")):
                self.attach_site(request)
            return self.get_response(request)

    def attach_site(self, request):
        try:
            hostname = request.get_host().split(":")[0]
        except Exception:  # noqa: BLE001 - a bad Host header: let Django answer it
            return
        key = chrome_key("site", hostname, request.get_port())
        site = cache.get(key)
        if site is None:
            site = Site.find_for_request(request)
            if site is None:
                return
            site.root_page = site.root_page.specific
            # What the home page shows of its own (its counters) comes along.
            prefetch_related_objects([site.root_page], *site.root_page.cached_relations)
            cache.set(key, site, CHROME_TIMEOUT)
        patches.attach_site(request, site)
