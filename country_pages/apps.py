from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountriesConfig(AppConfig):
    name = "country_pages"
    verbose_name = _("Countries")

    def ready(self):
        from action_portugal.base.countries import countries_have_pages, pages_show_countries
        from action_portugal.sections.registry import Section, register

        from .models import CountryIndexPage, CountryPage, own_pages, pages_of

        pages_show_countries(pages_of)
        countries_have_pages(own_pages)
        register(
            Section(
                key="countries",
                label=self.verbose_name,
                index=CountryIndexPage,
                item=CountryPage,
                position=15,
            )
        )
