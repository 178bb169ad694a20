from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = _("Timeline")

    def ready(self):
        from action_portugal.sections.registry import Glimpse, Section, register
        from pillars.models import AREA_OF_WORK

        from .feeds import StoryFeed
        from .models import StoryPage, TimelineIndexPage

        register(
            Section(
                key="timeline",
                label=self.verbose_name,
                index=TimelineIndexPage,
                item=StoryPage,
                position=20,
                home=Glimpse("timeline/glimpses/home.html", limit=3),
                tagged={
                    AREA_OF_WORK: Glimpse(
                        "timeline/glimpses/area_of_work.html", limit=6, tagged_by="pillars"
                    )
                },
                feed=StoryFeed,
            )
        )
