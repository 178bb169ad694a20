import datetime

import factory

from action_portugal.base.countries import Country
from action_portugal.base.dates import DatePrecision
from action_portugal.factories import IndexPageFactory, PageFactory

from .models import PublicationIndexPage, PublicationKind, PublicationPage


class PublicationIndexPageFactory(IndexPageFactory):
    class Meta:
        model = PublicationIndexPage

    title_pt = "Publicações"
    title_en = "Publications"


class PublicationPageFactory(PageFactory):
    class Meta:
        model = PublicationPage

    title_pt = factory.Sequence(lambda n: f"Publicação {n}")
    title_en = factory.Sequence(lambda n: f"Publication {n}")
    kind = PublicationKind.STUDY
    date = factory.Sequence(lambda n: datetime.date(2016, 1, 1) + datetime.timedelta(days=30 * n))
    date_precision = DatePrecision.DAY
    summary_pt = "Resumo da publicação."
    summary_en = "Summary of the publication."
    countries = factory.LazyFunction(lambda: [Country.MOZAMBIQUE])
    external_url = "https://www.social-protection.org/gimi/"
    external_languages = factory.LazyFunction(lambda: ["pt"])
