from action_portugal.base.countries import Country
from action_portugal.factories import IndexPageFactory, PageFactory

from .models import C102Status, CountryIndexPage, CountryPage


class CountryIndexPageFactory(IndexPageFactory):
    class Meta:
        model = CountryIndexPage

    title_pt = "Países"
    title_en = "Countries"


class CountryPageFactory(PageFactory):
    class Meta:
        model = CountryPage

    title_pt = "Guiné-Bissau"
    title_en = "Guinea-Bissau"
    country = Country.GUINEA_BISSAU
    c102_status = C102Status.NONE
