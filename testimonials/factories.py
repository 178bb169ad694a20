import factory

from action_portugal.base.countries import Country
from action_portugal.factories import IndexPageFactory, TreePageFactory

from .models import TestimonialIndexPage, TestimonialPage


class TestimonialIndexPageFactory(IndexPageFactory):
    class Meta:
        model = TestimonialIndexPage

    title_pt = "Testemunhos"
    title_en = "Testimonials"


class TestimonialPageFactory(TreePageFactory):
    """The title follows the person's name, so the factory sets the name only."""

    class Meta:
        model = TestimonialPage

    name_pt = factory.Sequence(lambda n: f"Pessoa {n}")
    slug_pt = factory.Sequence(lambda n: f"pessoa-{n}")
    slug_en = factory.Sequence(lambda n: f"person-{n}")
    quote_pt = "O programa foi essencial."
    quote_en = "The programme was essential."
    position_pt = "Diretor-Geral"
    position_en = "Director-General"
    institution_pt = "Instituto Nacional de Segurança Social"
    institution_en = "National Institute of Social Security"
    country = Country.MOZAMBIQUE
