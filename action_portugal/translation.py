from modeltranslation.translator import TranslationOptions, register

from action_portugal.models import HomePage, HomePageCounter, Partner, SiteImage, SiteSettings


@register(HomePage)
class HomePageTR(TranslationOptions):
    fields = ("headline", "introduction")


@register(HomePageCounter)
class HomePageCounterTR(TranslationOptions):
    fields = ("label", "period", "reported_by")


@register(SiteImage)
class SiteImageTR(TranslationOptions):
    fields = ("description",)


@register(SiteSettings)
class SiteSettingsTR(TranslationOptions):
    fields = ("address", "footer_text")


@register(Partner)
class PartnerTR(TranslationOptions):
    fields = ("name",)
