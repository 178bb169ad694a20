from modeltranslation.translator import TranslationOptions, register

from .models import TeamIndexPage, TeamMemberPage


@register(TeamIndexPage)
class TeamIndexPageTR(TranslationOptions):
    fields = ("introduction",)


@register(TeamMemberPage)
class TeamMemberPageTR(TranslationOptions):
    fields = ("name", "role", "bio")
