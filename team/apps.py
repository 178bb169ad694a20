from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamConfig(AppConfig):
    name = "team"
    verbose_name = _("Team")

    def ready(self):
        from action_portugal.sections.registry import Glimpse, Section, register

        from .models import TeamIndexPage, TeamMemberPage

        register(
            Section(
                key="team",
                label=self.verbose_name,
                index=TeamIndexPage,
                item=TeamMemberPage,
                position=40,
                home=Glimpse("team/glimpses/home.html", limit=6),
            )
        )
