from modeltranslation.translator import TranslationOptions, register

from .models import PillarIndexPage, PillarPage


@register(PillarIndexPage)
class PillarIndexPageTR(TranslationOptions):
    fields = ("introduction",)


@register(PillarPage)
class PillarPageTR(TranslationOptions):
    fields = ("summary", "body")
