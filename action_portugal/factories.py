"""Test factories for the project's own models. Every Page subclass has one
(tests/test_factories.py checks it)."""

import factory
from django.utils.text import slugify
from wagtail.models import Page

from action_portugal.models import HomePage, HomePageCounter, SiteImage


class TreePageFactory(factory.django.DjangoModelFactory):
    """Creates the page as a child of ``parent`` (required), the only way a Wagtail page
    can be made, and publishes it (``publish=False`` leaves it a live page with no
    revision, as a migration would make it)."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=True, **kwargs):
        if parent is None:
            raise ValueError(f"{cls.__name__} needs parent=<the page to add it under>")
        page = model_class(*args, **kwargs)
        Page.objects.get(pk=parent.pk).add_child(instance=page)
        if publish:  # as an editor would: a revision, and what publishing sets off
            page.save_revision().publish()
        return page


class PageFactory(TreePageFactory):
    class Meta:
        abstract = True

    title_pt = factory.Sequence(lambda n: f"Página {n}")
    title_en = factory.Sequence(lambda n: f"Page {n}")
    slug_pt = factory.LazyAttribute(lambda page: slugify(page.title_pt))
    slug_en = factory.LazyAttribute(lambda page: slugify(page.title_en))


class IndexPageFactory(PageFactory):
    """A section's index page: in the main menu, like the real ones."""

    class Meta:
        abstract = True

    show_in_menus = True


class SiteImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteImage

    title = factory.Sequence(lambda n: f"Fotografia {n}")
    file = factory.django.ImageField(width=640, height=480, color="teal")
    description_pt = factory.Sequence(lambda n: f"Fotografia de um seminário {n}")
    description_en = factory.Sequence(lambda n: f"Photograph of a workshop {n}")


class HomePageFactory(PageFactory):
    class Meta:
        model = HomePage

    introduction_pt = "O programa da OIT para a proteção social."
    introduction_en = "The ILO programme for social protection."


class HomePageCounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HomePageCounter

    number = 18
    label_pt = "atividades"
    label_en = "activities"
