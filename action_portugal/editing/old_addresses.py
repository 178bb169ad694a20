"""Old addresses answered in one hop, in their own language.

Wagtail's ``RedirectMiddleware`` sends a redirect to a page to ``page.url`` in the active
language, which for an address without a language prefix is whatever the visitor's cookie or
browser asks for. Here the old address decides: ``/en/...`` lands on the English page, an
address without a prefix (the old WordPress site's Portuguese) on the Portuguese one, straight
to the page's address, never through ``/pt/`` or another redirect.

A redirect to a page visitors may not see (a draft, unpublished, private) never gives its
address away: until the page is public the old address leads, temporarily, to the nearest
public page above it. No answer is kept by a shared cache: a page published, moved or
withdrawn changes where its old addresses lead at once.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import DisallowedRedirect
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import Resolver404
from django.utils.cache import patch_cache_control
from django.utils.encoding import uri_to_iri
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from action_portugal.base import privacy
from action_portugal.base.i18n import DEFAULT_LANGUAGE, LANGUAGE_CODES, page_url_in
from action_portugal.base.patches import request_site

# The old WordPress site's addresses of a post or page by number: /?p=2933, /?page_id=12.
WORDPRESS_PARAMETERS = ("p", "page_id")


def not_pages():
    """Addresses that belong to the site itself, never to a page: no redirect may take them
    over, whatever the redirects table holds."""
    prefixes = {"/admin/", "/documents/", "/language/", "/health/", "/static/", "/media/"}
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        if url and url.startswith("/"):
            prefixes.add(url if url.endswith("/") else url + "/")
    return tuple(sorted(prefixes))


def language_of(old_path: str) -> str:
    """The language an old address is in: its prefix (``/en/...``), else the default one:
    the old site had Portuguese without a prefix."""
    first = old_path.lstrip("/").split("/", 1)[0].split("?", 1)[0].split(";", 1)[0]
    return first if first in LANGUAGE_CODES else DEFAULT_LANGUAGE


def candidates(full_path: str) -> list[str]:
    """The stored forms an address may have, best first: with its query, then without
    (as Wagtail's middleware looks), each decoded then as sent."""
    encoded = Redirect.normalise_path(full_path, decode_unicode=False)
    found = []
    for path in (encoded, encoded.split("?", 1)[0]):
        for form in (uri_to_iri(path), path):
            if form not in found:
                found.append(form)
    return found


def old_post_address(request):
    """The old site's address of the post the request asks for (``/?p=2933``), whatever
    else its query holds (a newsletter's campaign parameters)."""
    for name in WORDPRESS_PARAMETERS:
        value = request.GET.get(name)
        if value:
            return "/?" + urlencode({name: value})
    return None


def find(request, full_path=None):
    """The redirect for the request's address (or ``full_path``), in one query; the site's
    own before one for every site."""
    full_path = full_path or request.get_full_path()
    if "\0" in full_path:  # PostgreSQL refuses it (wagtail#4496)
        return None
    site = request_site(request) or Site.find_for_request(request)
    forms = candidates(full_path)
    found = list(
        Redirect.get_for_site(site).filter(old_path__in=forms).select_related("redirect_page")
    )
    if not found:
        return None
    site_id = site.pk if site else None
    found.sort(key=lambda r: (forms.index(r.old_path), r.site_id != site_id))
    return found[0]


def nearest_public_above(page, site):
    """The closest page above ``page`` that visitors may see, on ``site``: where an old
    address leads while its own page is not public."""
    ancestors = Page.objects.ancestor_of(page).live().filter(privacy.public_q())
    if site is not None:
        root = site.root_page
        ancestors = ancestors.filter(path__startswith=root.path, depth__gte=root.depth)
    return ancestors.order_by("-depth").first()


def page_address(redirect, page, language, request):
    url = page_url_in(page, language, request)
    route = redirect.redirect_page_route_path
    if url and route and page.pk == redirect.redirect_page_id:
        specific = page.specific_deferred
        try:
            specific.resolve_subpage(route)
        except (AttributeError, Resolver404):
            return url
        return url.rstrip("/") + route
    return url


def answer(request, redirect):
    """The response for ``redirect``: its page's address in the old address's language,
    or its link; ``None`` if it leads nowhere a visitor may go."""
    site = request_site(request)
    permanent = redirect.is_permanent
    if redirect.redirect_page_id:
        page = redirect.redirect_page
        if not (page.live and privacy.is_public(page)):
            page = nearest_public_above(page, site)
            permanent = False
            if page is None:
                return None
        url = page_address(redirect, page, language_of(redirect.old_path), request)
    else:
        url = redirect.redirect_link
    if not url:
        return None
    try:
        response = (HttpResponsePermanentRedirect if permanent else HttpResponseRedirect)(url)
    except DisallowedRedirect:  # a link with a scheme browsers must not be sent to
        return None
    # Where an old address leads changes when its page is published, moved or withdrawn, and
    # nothing purges an old address then: browsers and CDNs ask again every time.
    patch_cache_control(response, no_cache=True)
    return response


def redirect_for(request, full_path=None):
    """The redirect response for the request's address (or ``full_path``), if it is an old
    address."""
    redirect = find(request, full_path)
    return None if redirect is None else answer(request, redirect)


class OldAddressMiddleware:
    """In place of Wagtail's ``RedirectMiddleware``: an address nothing answers (404) that
    is an old one is sent on, in its own language. ``/`` is the site root view's (the old
    site's ``?p=`` addresses are answered there); the site's own addresses are never
    redirected."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.skipped = not_pages()

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.path == "/":
            return response
        if request.path.startswith(self.skipped):
            return response
        return redirect_for(request) or response
