from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPortugalConfig(AppConfig):
    name = "action_portugal"
    verbose_name = _("ACTION/Portugal site")

    def ready(self):
        from . import checks, signals  # noqa: F401 - checks registers itself

        signals.connect()
        _count_failed_sign_ins()
        _deny_with_403()
        _route_by_address()
        _parse_each_filter_spec_once()


def _count_failed_sign_ins():
    from django.contrib.auth.signals import user_login_failed

    from .security import count_failed_sign_in

    user_login_failed.connect(count_failed_sign_in, dispatch_uid="sign-in-address-throttle")


def _route_by_address():
    """wagtail-modeltranslation replaces ``route`` on every registered page class with its
    own tree walk (patch_wagtailadmin._new_route, applied in its ready()); the home page
    keeps ours, which finds a page by its translated address in two queries."""
    from .models import HomePage
    from .routing import SiteRootRoutingMixin

    HomePage.route = SiteRootRoutingMixin.route


def _deny_with_403():
    """Wagtail answers a refused admin request with a redirect to the dashboard and a
    message (wagtail.admin.auth.permission_denied): a 403 says what happened to browsers,
    tests and assistive technology alike, with the same message and a way back."""
    from django.template.response import TemplateResponse
    from wagtail.admin import auth

    def permission_denied(request):
        return TemplateResponse(request, "action_portugal/admin/permission_denied.html", status=403)

    auth.permission_denied = permission_denied


def _parse_each_filter_spec_once():
    """Every ``{% picture %}`` builds new ``Filter`` objects, and each parses its spec
    ("fill-96x96|format-avif") into operations again: about a third of a page of pictures'
    render time. The operations depend only on the spec and are not changed by running
    them, so each spec is parsed once per process."""
    from functools import lru_cache

    from django.utils.functional import cached_property
    from wagtail.images.models import Filter

    parse = Filter.operations.func

    @lru_cache(maxsize=1024)
    def operations_for(spec):
        return parse(Filter(spec))

    operations = cached_property(lambda self: operations_for(self.spec))
    operations.__set_name__(Filter, "operations")
    Filter.operations = operations
