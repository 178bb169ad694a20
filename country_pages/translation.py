from modeltranslation.translator import TranslationOptions, register

from .models import C102Step, CountryFigure, CountryIndexPage, CountryPage, CountryPartner


@register(CountryIndexPage)
class CountryIndexPageTR(TranslationOptions):
    fields = ("introduction",)


@register(CountryPage)
class CountryPageTR(TranslationOptions):
    fields = ("introduction",)


@register(CountryPartner)
class CountryPartnerTR(TranslationOptions):
    fields = ("name",)


@register(CountryFigure)
class CountryFigureTR(TranslationOptions):
    fields = ("value", "label", "source")


@register(C102Step)
class C102StepTR(TranslationOptions):
    fields = ("source",)
