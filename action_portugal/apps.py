from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPortugalConfig(AppConfig):
    name = "action_portugal"
    verbose_name = _("ACTION/Portugal site")

    def ready(self):
        from . import signals

        signals.connect()
        _deny_with_403()


def _deny_with_403():
    """Wagtail answers a refused admin request with a redirect to the dashboard and a
    message (wagtail.admin.auth.permission_denied): a 403 says what happened to browsers,
    tests and assistive technology alike, with the same message and a way back."""
    from django.template.response import TemplateResponse
    from wagtail.admin import auth

    def permission_denied(request):
        return TemplateResponse(request, "action_portugal/admin/permission_denied.html", status=403)

    auth.permission_denied = permission_denied
