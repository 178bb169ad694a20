from modeltranslation.translator import TranslationOptions, register

from .models import TestimonialIndexPage, TestimonialPage


@register(TestimonialIndexPage)
class TestimonialIndexPageTR(TranslationOptions):
    fields = ("introduction",)


@register(TestimonialPage)
class TestimonialPageTR(TranslationOptions):
    fields = ("quote", "name", "position", "institution")
