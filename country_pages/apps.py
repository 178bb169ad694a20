from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountriesConfig(AppConfig):
    name = "country_pages"
    verbose_name = _("Countries")

    def ready(self):
        from action_portugal.base.countries import pages_show_countries
        from action_portugal.sections.registry import Glimpse, Section, register

        from .models import PROGRAMME_COUNTRIES, CountryIndexPage, CountryPage, pages_of

        pages_show_countries(pages_of)
        register(
            Section(
                key="countries",
                label=self.verbose_name,
                index=CountryIndexPage,
                item=CountryPage,
                position=15,
                # The map: every country page the index has, for its shape's link.
                home=Glimpse("country_pages/glimpses/home.html", limit=len(PROGRAMME_COUNTRIES)),
            )
        )
