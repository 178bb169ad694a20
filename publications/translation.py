from modeltranslation.translator import TranslationOptions, register

from .models import PublicationIndexPage, PublicationPage


@register(PublicationIndexPage)
class PublicationIndexPageTR(TranslationOptions):
    fields = ("introduction",)


# The files are two fields of their own (file_pt, file_en), not a translated one.
@register(PublicationPage)
class PublicationPageTR(TranslationOptions):
    fields = ("summary", "authors")
