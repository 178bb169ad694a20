"""The sign-in: the throttles that guard it (django-axes per account and address, and
action_portugal.security.throttle per address) and the front-end sign-in page."""

import ipaddress
from urllib.parse import urlsplit

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from wagtail.admin.views.account import LoginView, get_user_login_form

from action_portugal.security import throttle
from action_portugal.security.headers import ADMIN_PREFIX


class SignInThrottleBackend(AxesStandaloneBackend):
    """django-axes' check before the password is, for sign-ins over HTTP. A sign-in
    without a request (a shell, a script, the test client's ``login()``) has no address
    to throttle, so it passes on to the next backend instead of failing."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        refused_for = throttle.SIGN_IN_ADDRESS.refused_for(client_ip(request))
        if refused_for:
            # Answered by django-axes' middleware, which calls locked_out(); axes records no
            # failure for a refused attempt.
            request.axes_locked_out = True
            request.sign_in_refused_for = refused_for
            raise PermissionDenied
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


def count_failed_sign_in(sender, credentials, request=None, **kwargs):
    """``user_login_failed``: a wrong password counts against the address, whatever the
    account. The failure that reaches the limit is answered with the lock
    (SignInLockMiddleware), as django-axes answers its own."""
    if request is None or getattr(request, "axes_locked_out", False):
        return  # no request to throttle, or refused before any password was checked
    address = client_ip(request)
    if throttle.SIGN_IN_ADDRESS.count(address):
        request.sign_in_refused_for = throttle.SIGN_IN_ADDRESS.refused_for(address)


def connect():
    user_login_failed.connect(count_failed_sign_in, dispatch_uid="sign-in-address-throttle")


class SignInLockMiddleware:
    """Answers the sign-in that made its address reach the limit with the lock; django-axes'
    middleware, right after this one, answers those it or SignInThrottleBackend refused."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "sign_in_refused_for", 0) and not getattr(
            request, "axes_locked_out", False
        ):
            return locked_out(request, response)
        return response


def locked_out(request, original_response=None, credentials=None):
    """The sign-in page it came from (the admin's, or the front end's for private pages),
    status 429, saying why and for how long, in the language the page is shown in."""
    refused_for = getattr(request, "sign_in_refused_for", 0)
    if refused_for:
        minutes = throttle.minutes(refused_for)
        message = ngettext(
            "Too many failed sign-in attempts from your address. Try again in %(minutes)d minute.",
            "Too many failed sign-in attempts from your address. Try again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
    else:
        minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        message = ngettext(
            "Too many failed sign-in attempts for this account from your address. "
            "Try again in %(minutes)d minute.",
            "Too many failed sign-in attempts for this account from your address. "
            "Try again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    if request.path.startswith(ADMIN_PREFIX):
        messages.error(request, message)
        form = get_user_login_form()(request, initial={"username": username})
        view = LoginView()
    else:
        form = AuthenticationForm(request, initial={"username": username})
        view = SiteSignInView()
    view.setup(request)
    context = view.get_context_data(form=form, refusal=message)
    response = TemplateResponse(request, view.template_name, context, status=429).render()
    add_never_cache_headers(response)
    return response


class SiteSignInView(auth_views.LoginView):
    """The sign-in for pages only signed-in visitors (or some groups) may see, in the
    site's own page. Without ``next`` it returns to the page the visitor came from, or to
    the home page in the page's language (Django's default, /accounts/profile/, is a 404
    here)."""

    template_name = settings.WAGTAIL_FRONTEND_LOGIN_TEMPLATE

    def get_redirect_url(self):
        target = super().get_redirect_url()
        if not target and self.request.method == "GET":
            target = self.referring_page()
        return target

    def referring_page(self):
        referer = self.request.headers.get("referer", "")
        safe = url_has_allowed_host_and_scheme(
            referer,
            allowed_hosts=self.get_success_url_allowed_hosts(),
            require_https=self.request.is_secure(),
        )
        if not referer or not safe:
            return ""
        parts = urlsplit(referer)
        try:
            if resolve(parts.path).url_name == "wagtailcore_login":
                return ""
        except Resolver404:
            return ""
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def get_default_redirect_url(self):
        return reverse("wagtail_serve", args=[""])
