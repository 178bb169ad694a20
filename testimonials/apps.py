from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TestimonialsConfig(AppConfig):
    name = "testimonials"
    verbose_name = _("Testimonials")

    def ready(self):
        from action_portugal.sections.registry import Glimpse, Section, register
        from pillars.models import AREA_OF_WORK

        from .models import TestimonialIndexPage, TestimonialPage

        register(
            Section(
                key="testimonials",
                label=self.verbose_name,
                index=TestimonialIndexPage,
                item=TestimonialPage,
                position=30,
                home=Glimpse("testimonials/glimpses/home.html", limit=3),
                tagged={
                    AREA_OF_WORK: Glimpse(
                        "testimonials/glimpses/area_of_work.html", limit=3, tagged_by="pillars"
                    )
                },
            )
        )
