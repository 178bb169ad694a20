from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .i18n import LANGUAGE_CODES

ONE_YEAR = 365 * 24 * 60 * 60


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
