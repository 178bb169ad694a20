from modeltranslation.translator import TranslationOptions, register

from .models import HomePage, HomePageCounter, SiteImage


@register(HomePage)
class HomePageTR(TranslationOptions):
    fields = ("introduction",)


@register(HomePageCounter)
class HomePageCounterTR(TranslationOptions):
    fields = ("label",)


@register(SiteImage)
class SiteImageTR(TranslationOptions):
    fields = ("description",)
