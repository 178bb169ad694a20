from modeltranslation.translator import TranslationOptions, register

from .models import ArchivePage


@register(ArchivePage)
class ArchivePageTR(TranslationOptions):
    fields = ()
