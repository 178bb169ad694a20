from modeltranslation.translator import TranslationOptions, register

from .models import ContactPage, LegalPage


@register(ContactPage)
class ContactPageTR(TranslationOptions):
    fields = ("introduction", "thanks")


@register(LegalPage)
class LegalPageTR(TranslationOptions):
    fields = ("body",)
