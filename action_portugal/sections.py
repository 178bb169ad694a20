"""The four sections under the home page, looked up once per request for the main menu
and the home page's section links."""

from wagtail.models import Page, Site

HOME_STORIES = 3
HOME_TESTIMONIALS = 6
HOME_TEAM = 12


def site_home(request):
    site = Site.find_for_request(request)
    return site.root_page if site else None


def section_pages(request):
    """The live menu pages under the site's home page, in tree order (plain ``Page``
    objects: title and URL are all the menu needs). Cached on the request."""
    cached = getattr(request, "_section_pages", None)
    if cached is None:
        home = site_home(request)
        cached = list(home.get_children().live().in_menu()) if home else []
        request._section_pages = cached
    return cached


def section_index(request, model):
    for page in section_pages(request):
        if page.content_type_id == _content_type_id(model):
            return page
    return None


def _content_type_id(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk


def home_sections(home: Page, request) -> dict:
    from pillars.models import PillarIndexPage, PillarPage
    from team.models import TeamIndexPage, TeamMemberPage
    from testimonials.models import TestimonialIndexPage, TestimonialPage
    from timeline.models import StoryPage, TimelineIndexPage

    return {
        "index_pages": {
            "pillars": section_index(request, PillarIndexPage),
            "testimonials": section_index(request, TestimonialIndexPage),
            "team": section_index(request, TeamIndexPage),
            "timeline": section_index(request, TimelineIndexPage),
        },
        "pillars": PillarPage.objects.for_listing().descendant_of(home),
        "stories": StoryPage.objects.for_listing().descendant_of(home)[:HOME_STORIES],
        "testimonials": TestimonialPage.objects.for_listing().descendant_of(home)[
            :HOME_TESTIMONIALS
        ],
        "team": TeamMemberPage.objects.for_listing().descendant_of(home)[:HOME_TEAM],
    }
