from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Publications")

    def ready(self):
        from action_portugal.sections.registry import Glimpse, Section, register
        from pillars.models import AREA_OF_WORK

        from .feeds import PublicationFeed
        from .models import PublicationIndexPage, PublicationPage

        register(
            Section(
                key="publications",
                label=self.verbose_name,
                index=PublicationIndexPage,
                item=PublicationPage,
                position=25,
                home=Glimpse("publications/glimpses/home.html", limit=3),
                tagged={
                    AREA_OF_WORK: Glimpse(
                        "publications/glimpses/area_of_work.html", limit=3, tagged_by="pillars"
                    )
                },
                feed=PublicationFeed,
            )
        )
