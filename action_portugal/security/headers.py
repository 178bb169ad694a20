"""Security headers beyond Django's own, and the admin's content security policy."""

from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware

from action_portugal.base.patches import override_csp

ADMIN_PREFIX = "/admin/"


class SecurityHeadersMiddleware(ContentSecurityPolicyMiddleware):
    """Django's CSP middleware, with the admin's own policy under ``/admin/`` (Wagtail's
    editor runs inline scripts the public pages never need) and on previews (rendered
    for the editor's preview panel, which frames them), and a Permissions-Policy on
    every response."""

    def process_response(self, request, response):
        in_admin = request.path.startswith(ADMIN_PREFIX) or getattr(request, "is_preview", False)
        if in_admin:
            override_csp(response, settings.ADMIN_CSP)
        response = super().process_response(request, response)
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response
