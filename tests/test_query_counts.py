"""Each page type renders in a number of queries that does not grow with the content."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from action_portugal.factories import SiteImageFactory
from pillars.factories import PillarPageFactory
from pillars.models import PillarIndexPage, PillarPage
from team.factories import TeamMemberPageFactory
from team.models import TeamIndexPage, TeamMemberPage
from testimonials import factories as testimonial_factories
from testimonials import models as testimonials
from timeline.factories import StoryPageFactory
from timeline.models import StoryPage, TimelineIndexPage

from .pages import url_in

pytestmark = pytest.mark.django_db

SECTIONS = [
    (PillarIndexPage, PillarPage, PillarPageFactory, None),
    (
        testimonials.TestimonialIndexPage,
        testimonials.TestimonialPage,
        testimonial_factories.TestimonialPageFactory,
        "photo",
    ),
    (TeamIndexPage, TeamMemberPage, TeamMemberPageFactory, "photo"),
    (TimelineIndexPage, StoryPage, StoryPageFactory, "image"),
]


def resize_sections(size):
    """Every section holds exactly ``size`` items, each with its own picture; the
    first story and testimonial relate to every pillar and the first pillar to all."""
    for index_model, item_model, factory, image_field in SECTIONS:
        index = index_model.objects.get()
        items = list(item_model.objects.child_of(index).order_by("path"))
        for extra in items[size:]:
            extra.delete()
        for _ in range(size - len(items)):
            factory(parent=index, **({image_field: SiteImageFactory()} if image_field else {}))
        if image_field:
            for item in item_model.objects.filter(**{f"{image_field}__isnull": True}):
                item_model.objects.filter(pk=item.pk).update(**{image_field: SiteImageFactory()})
    pillars = list(PillarPage.objects.all())
    first_story = StoryPage.objects.order_by("path").first()
    first_testimonial = testimonials.TestimonialPage.objects.order_by("path").first()
    for page in (first_story, first_testimonial):
        page.pillars.set(pillars)
        page.save()
    for story in StoryPage.objects.all():
        story.pillars.add(pillars[0])
        story.save()


def sample_urls():
    """One page of each type, in both languages."""
    pages = [PillarPage.objects.order_by("path").first().get_parent().specific.get_parent()]
    for index_model, item_model, _factory, _image in SECTIONS:
        pages.append(index_model.objects.get())
        pages.append(item_model.objects.order_by("path").first())
    pages.append(PillarPage.objects.order_by("path").first())
    return {
        f"{type(page).__name__}/{language}": url_in(page, language)
        for page in pages
        for language in ("pt", "en")
    }


def count_queries(client):
    counts = {}
    for name, url in sample_urls().items():
        assert client.get(url).status_code == 200, url  # warm-up: renditions are made once
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[name] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_the_content(client):
    resize_sections(5)
    few = count_queries(client)
    resize_sections(50)
    many = count_queries(client)
    assert StoryPage.objects.count() == 50
    assert many == few


BUDGET = {"HomePage": 10}
DEFAULT_BUDGET = 8


def budget_for(name):
    return BUDGET.get(name.split("/")[0], DEFAULT_BUDGET)


def typed_urls():
    """One page of each type in both languages, named by its type."""
    from action_portugal.models import HomePage

    pages = [HomePage.objects.get()]
    for index_model, item_model, _factory, _image in SECTIONS:
        pages.append(index_model.objects.get())
        pages.append(item_model.objects.order_by("-path").first())
    pages.append(PillarPage.objects.order_by("path").first())
    urls = {
        f"{type(page).__name__}/{language}": url_in(page, language)
        for page in pages
        for language in ("pt", "en")
    }
    urls["TimelineIndexPage/page-3"] = url_in(TimelineIndexPage.objects.get(), "en") + "?page=3"
    urls["TimelineIndexPage/filtered"] = url_in(TimelineIndexPage.objects.get(), "pt") + (
        "?country=mz"
    )
    return urls


def measure(client):
    counts = {}
    for name, url in typed_urls().items():
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[name] = len(queries)
    return counts


def test_query_budgets_with_the_programmes_content_and_at_full_scale(client):
    from action_portugal.management.commands.scale_demo_content import PICTURE_FIELD, pictures
    from action_portugal.management.commands.scale_demo_content import SECTIONS as GROW

    photo = pictures()[0]  # every item has a picture, at both sizes
    for model, field in PICTURE_FIELD.items():
        model.objects.update(**{field: photo.pk})
    small = measure(client)
    for model, index_model, values_for, target in (
        (GROW[0][1], GROW[0][2], GROW[0][3], 1000),
        (GROW[1][1], GROW[1][2], GROW[1][3], 100),
        (GROW[2][1], GROW[2][2], GROW[2][3], 100),
    ):
        from action_portugal.management.commands.scale_demo_content import grow

        grow(model, index_model, values_for, target)
    assert StoryPage.objects.count() == 1000
    large = measure(client)
    for name in small:
        assert small[name] <= budget_for(name), (name, small[name])
        assert large[name] <= budget_for(name), (name, large[name])
    assert large == small
