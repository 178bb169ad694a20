"""Security headers beyond Django's own, the admin's content security policy, and the
pieces of the admin login throttle (django-axes) that depend on this site."""

import ipaddress

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.backends import ModelBackend
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.template.response import TemplateResponse
from django.utils.translation import ngettext
from wagtail.admin.views.account import LoginView, get_user_login_form

ADMIN_PREFIX = "/admin/"


class SecurityHeadersMiddleware(ContentSecurityPolicyMiddleware):
    """Django's CSP middleware, with the admin's own policy under ``/admin/`` (Wagtail's
    editor runs inline scripts the public pages never need) and on previews (rendered
    for the editor's preview panel, which frames them), and a Permissions-Policy on
    every response."""

    def process_response(self, request, response):
        in_admin = request.path.startswith(ADMIN_PREFIX) or getattr(request, "is_preview", False)
        if in_admin and not hasattr(response, "_csp_config"):
            response._csp_config = settings.ADMIN_CSP
        response = super().process_response(request, response)
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response


class SignInThrottleBackend(AxesStandaloneBackend):
    """django-axes' check before the password is, for sign-ins over HTTP. A sign-in
    without a request (a shell, a script, the test client's ``login()``) has no address
    to throttle, so it passes on to the next backend instead of failing."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        """Sessions name the first backend (Wagtail's test helpers, ``force_login``)."""
        return ModelBackend().get_user(user_id)


def client_ip(request):
    """The visitor's address for the login throttle: the proxy's header only when
    ``CLIENT_IP_HEADER`` names one, read from the right past the trusted proxies (the
    left part of X-Forwarded-For is whatever the client sent); the socket's otherwise."""
    remote = request.META.get("REMOTE_ADDR")
    if not settings.CLIENT_IP_HEADER:
        return remote
    hops = [hop.strip() for hop in request.META.get(settings.CLIENT_IP_HEADER, "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < settings.TRUSTED_PROXY_COUNT:
        return remote
    candidate = hops[-settings.TRUSTED_PROXY_COUNT]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def locked_out(request, original_response=None, credentials=None):
    """The admin's own sign-in page, status 429, saying why and for how long, in the
    language the page is shown in."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = ngettext(
        "Too many failed sign-in attempts for this account from your address. "
        "Try again in %(minutes)d minute.",
        "Too many failed sign-in attempts for this account from your address. "
        "Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    messages.error(request, message)
    username = (credentials or {}).get("username", "")
    form = get_user_login_form()(request, initial={"username": username})
    view = LoginView()
    view.setup(request)
    context = view.get_context_data(form=form)
    return TemplateResponse(request, view.template_name, context, status=429).render()
