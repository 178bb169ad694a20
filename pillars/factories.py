import factory

from action_portugal.factories import IndexPageFactory, PageFactory

from .icons import PillarIcon
from .models import PillarIndexPage, PillarPage


class PillarIndexPageFactory(IndexPageFactory):
    class Meta:
        model = PillarIndexPage

    title_pt = "Áreas de trabalho"
    title_en = "Areas of work"


class PillarPageFactory(PageFactory):
    class Meta:
        model = PillarPage

    title_pt = factory.Sequence(lambda n: f"Área de trabalho {n}")
    title_en = factory.Sequence(lambda n: f"Area of work {n}")
    summary_pt = "Resumo em português."
    summary_en = "Summary in English."
    icon = PillarIcon.STATISTICS
    order = factory.Sequence(int)
