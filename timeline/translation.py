from modeltranslation.translator import TranslationOptions, register

from .models import StoryPage, TimelineIndexPage


@register(TimelineIndexPage)
class TimelineIndexPageTR(TranslationOptions):
    fields = ("introduction",)


@register(StoryPage)
class StoryPageTR(TranslationOptions):
    fields = ("summary", "body", "place")
