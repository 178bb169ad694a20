from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    name = "contact"
    verbose_name = _("Contact and legal pages")

    def ready(self):
        from action_portugal.sections.registry import allow_under_home

        from .models import ContactPage, LegalPage

        allow_under_home(ContactPage)
        allow_under_home(LegalPage)
