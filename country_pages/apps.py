from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountriesConfig(AppConfig):
    name = "country_pages"
    verbose_name = _("Countries")

    def ready(self):
        from action_portugal.base.countries import countries_have_pages, pages_show_countries
        from action_portugal.sections.registry import Glimpse, Section, Table, register
        from pillars.models import AREA_OF_WORK

        from .models import (
            PROGRAMME_COUNTRIES,
            CountryIndexPage,
            CountryPage,
            c102_table,
            countries_of_area,
            no_items,
            own_pages,
            pages_of,
        )

        pages_show_countries(pages_of)
        countries_have_pages(own_pages)
        register(
            Section(
                key="countries",
                label=self.verbose_name,
                index=CountryIndexPage,
                item=CountryPage,
                position=15,
                # The map: made of the country pages every page links to (the chrome), so it
                # lists no items of its own.
                home=Glimpse("country_pages/glimpses/home.html", items=no_items),
                # On an area of work: the countries its items were done in, on the map.
                tagged={
                    AREA_OF_WORK: Glimpse(
                        "country_pages/glimpses/area_of_work.html",
                        limit=len(PROGRAMME_COUNTRIES),
                        select=countries_of_area,
                    )
                },
                tables=(
                    Table(
                        key="c102",
                        label=_("Convention No. 102, country by country"),
                        template="country_pages/c102_table.html",
                        context=c102_table,
                    ),
                ),
            )
        )
