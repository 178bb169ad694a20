import factory

from action_portugal.factories import IndexPageFactory, TreePageFactory

from .models import TeamGroup, TeamIndexPage, TeamMemberPage


class TeamIndexPageFactory(IndexPageFactory):
    class Meta:
        model = TeamIndexPage

    title_pt = "Equipa"
    title_en = "Team"


class TeamMemberPageFactory(TreePageFactory):
    """Without a name, as the source gives them: the role is the heading."""

    class Meta:
        model = TeamMemberPage

    role_pt = factory.Sequence(lambda n: f"Técnico/a de proteção social {n}")
    role_en = factory.Sequence(lambda n: f"Social protection officer {n}")
    slug_pt = factory.Sequence(lambda n: f"tecnico-{n}")
    slug_en = factory.Sequence(lambda n: f"officer-{n}")
    group = TeamGroup.COUNTRY
    countries = factory.LazyFunction(lambda: ["mz", "tl"])
    order = factory.Sequence(int)
