from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPortugalConfig(AppConfig):
    name = "action_portugal"
    verbose_name = _("ACTION/Portugal site")

    def ready(self):
        from . import signals

        signals.connect()
