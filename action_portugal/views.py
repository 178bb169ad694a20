"""The site's root, the language switcher and the error pages."""

from django.conf import settings
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from action_portugal.base.forms import MalformedForm
from action_portugal.base.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGE_CODES,
)
from action_portugal.editing import old_addresses

ONE_YEAR = 365 * 24 * 60 * 60


@require_safe
def site_root(request):
    """``/`` was the old site's home: a permanent redirect (search engines carry over what
    they knew of it) to the home page in the visitor's language as ``LocaleMiddleware`` read
    it (the switcher's cookie, else the browser's), saying so with ``Vary`` and kept by no
    shared cache. The old site's ``/?p=2933`` are answered here too; one we do not know
    leads home temporarily (it did not move there, and staff may import it later)."""
    old_post = old_addresses.old_post_address(request)
    if old_post:
        response = old_addresses.redirect_for(request, old_post)
        if response is not None:
            return response
    query = request.GET.copy()
    asked = [query.pop(name, None) for name in old_addresses.WORDPRESS_PARAMETERS]
    permanent = all(value is None for value in asked)  # an old post we do not know: for now
    language = translation.get_language()
    if language not in LANGUAGE_CODES:
        language = DEFAULT_LANGUAGE
    target = f"/{language}/" + (f"?{query.urlencode()}" if query else "")
    response = (HttpResponsePermanentRedirect if permanent else HttpResponseRedirect)(target)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    patch_cache_control(response, private=True, no_cache=True)
    return response


@require_GET
@never_cache
def switch_language(request, language):
    """The language switcher's link: remember the visitor's choice (for their next visit to
    ``/``) and go to the page they asked for in that language."""
    if language not in LANGUAGE_CODES:
        return HttpResponse(status=404)
    target = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not (safe and target.startswith(f"/{language}/")):
        target = f"/{language}/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=ONE_YEAR,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response


def page_not_found(request, exception):
    """Django's 404 page, with a deliberate Cache-Control: a CDN may answer a flood of one
    missing address for a minute (publishing a page purges its address anyway), browsers
    ask again."""
    response = defaults.page_not_found(request, exception)
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True, s_maxage=60)
    return response


def server_error(request, template_name="500.html"):
    """The 500 page in the language of the URL, rendered without the database (which may
    be the very thing that failed): no context processors, no page lookups."""
    language = translation.get_language_from_path(request.path_info) or DEFAULT_LANGUAGE
    with translation.override(language):
        html = render_to_string(template_name, {"LANGUAGE_CODE": language})
    response = HttpResponseServerError(html)
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request, exception, template_name="400.html"):
    """The 400 page, like the 500 page without the database: in the language of the form
    that could not be read (the admin's, for a malformed editor form), else of the URL."""
    language = (
        getattr(exception, "language", None)
        or translation.get_language_from_path(request.path_info)
        or translation.get_language()
        or DEFAULT_LANGUAGE
    )
    context = {"LANGUAGE_CODE": language, "malformed_form": isinstance(exception, MalformedForm)}
    with translation.override(language):
        html = render_to_string(template_name, context)
    response = HttpResponseBadRequest(html)
    response["Cache-Control"] = "no-store"
    return response
