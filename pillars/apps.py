from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PillarsConfig(AppConfig):
    name = "pillars"
    verbose_name = _("Areas of work")

    def ready(self):
        from action_portugal.sections.registry import Glimpse, Section, register

        from .models import PillarIndexPage, PillarPage, areas_of_work

        register(
            Section(
                key="pillars",
                label=_("Areas of work"),
                index=PillarIndexPage,
                item=PillarPage,
                position=10,
                home=Glimpse(
                    "pillars/glimpses/home.html",
                    items=lambda request, index: areas_of_work() if index is not None else [],
                ),
            )
        )
