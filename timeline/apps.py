from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = _("Timeline")

    def ready(self):
        from action_portugal.sections.registry import Glimpse, Measure, Section, Upcoming, register
        from pillars.models import AREA_OF_WORK

        from .feeds import StoryFeed
        from .models import (
            ACTIVITIES,
            StoryPage,
            StoryQuerySet,
            TimelineIndexPage,
            activities_count,
            participants_count,
        )

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
                upcoming=Upcoming("timeline/glimpses/upcoming.html", StoryQuerySet.upcoming),
                measures={
                    "activities": Measure(
                        _("the activities on the timeline"), activities_count, f"kind={ACTIVITIES}"
                    ),
                    "participants": Measure(
                        _("the participants in the activities on the timeline, where known"),
                        participants_count,
                        f"kind={ACTIVITIES}",
                    ),
                },
            )
        )
