import datetime

import factory

from action_portugal.base.countries import Country
from action_portugal.base.dates import DatePrecision
from action_portugal.factories import IndexPageFactory, PageFactory

from .models import StoryPage, TimelineIndexPage


class TimelineIndexPageFactory(IndexPageFactory):
    class Meta:
        model = TimelineIndexPage

    title_pt = "Cronologia"
    title_en = "Timeline"


class StoryPageFactory(PageFactory):
    class Meta:
        model = StoryPage

    title_pt = factory.Sequence(lambda n: f"Acontecimento {n}")
    title_en = factory.Sequence(lambda n: f"Story {n}")
    date = factory.Sequence(lambda n: datetime.date(2016, 1, 1) + datetime.timedelta(days=30 * n))
    date_precision = DatePrecision.DAY
    summary_pt = "Resumo do acontecimento."
    summary_en = "Summary of the story."
    country = Country.CABO_VERDE
