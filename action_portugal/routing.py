"""Serving a page in few queries, however large the site.

Wagtail finds a page by walking the tree from the site's root, loading every child of
each level on the way (a thousand stories to find one) and then each page's specific
row. Here the home page looks the page up by its address in the active language
(``url_path_pt``/``url_path_en``, kept by wagtail-modeltranslation) and loads its specific
row with what it will show (``route_select_related``): two queries at any depth.

Finding the site and its home page costs three queries per request (the site, its root
page, the root's specific row); ``CachedSiteMiddleware`` keeps them in the cache until a
section or the home page changes.

View restrictions cost two more queries on every page. Only a page under a restricted
path (``privacy.restricted_paths``, kept in the cache) has anything to check.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.utils import translation
from wagtail.models import Page, PageViewRestriction
from wagtail.url_routing import RouteResult

from . import privacy
from .i18n import DEFAULT_LANGUAGE, localized_name


def find_page(root, path_components):
    language = translation.get_language() or DEFAULT_LANGUAGE
    root_path = getattr(root, localized_name("url_path", language), None) or root.url_path
    url_path = root_path + "".join(f"{component}/" for component in path_components)
    found = (
        Page.objects.filter(
            path__startswith=root.path,
            depth=root.depth + len(path_components),
            **{localized_name("url_path", language): url_path},
        )
        .values_list("pk", "content_type_id", "live")
        .first()
    )
    if found is None or not found[2]:
        raise Http404
    model = ContentType.objects.get_for_id(found[1]).model_class()
    pages = model.objects.all()
    related = getattr(model, "route_select_related", ())
    if related:
        pages = pages.select_related(*related)
    return pages.get(pk=found[0])


class SiteRootRoutingMixin:
    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        return RouteResult(find_page(self, path_components))


class CachedSiteMiddleware:
    """Hand Wagtail the request's site, with its home page already specific, from the
    cache (Wagtail reads ``request._wagtail_site`` before querying); and let the request
    read the chrome's version and the restricted pages once each."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .sections import request_chrome_version

        with request_chrome_version(), privacy.per_request():
            if not request.path.startswith(("/admin/", "/documents/")):
                self.attach_site(request)
            return self.get_response(request)

    def attach_site(self, request):
        from wagtail.models import Site

        from .sections import CHROME_TIMEOUT, chrome_key

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
            prefetch_related_objects(
                [site.root_page], *getattr(site.root_page, "cached_relations", ())
            )
            cache.set(key, site, CHROME_TIMEOUT)
        request._wagtail_site = site


class CheapViewRestrictionsMixin:
    def get_view_restrictions(self):
        if privacy.is_public(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
