"""`load_demo_content` builds the whole site once and never undoes what staff did;
`scale_demo_content` grows it, and only it: a database with anything people made is
refused unless told --force."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from wagtail.models import Page, Revision, Site

from action_portugal.base.permissions import EDITORS
from action_portugal.factories import SiteImageFactory
from action_portugal.models import HomePage
from contact.models import ContactPage, LegalPage, Notice
from pillars.models import PillarPage
from team.models import TeamMemberPage
from testimonials import models as testimonials
from timeline.factories import StoryPageFactory
from timeline.models import StoryPage, TimelineIndexPage

from .staff import member_of

pytestmark = pytest.mark.django_db

FIELDS = ("path", "title_pt", "title_en", "slug_pt", "slug_en", "url_path_pt", "url_path_en")


def tree():
    return list(Page.objects.order_by("path").values_list(*FIELDS))


def load(*args):
    out = io.StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


def empty_the_site():
    """Back to a fresh installation: Wagtail's root and its welcome page only."""
    root = Page.get_first_root_node()
    welcome = root.add_child(
        instance=Page(title_pt="Welcome to your new Wagtail site!", slug_pt="home-welcome")
    )
    Site.objects.update(root_page=welcome)
    HomePage.objects.get().delete()


def test_the_whole_site_is_built():
    assert HomePage.objects.get().counters.count() == 3
    counters = HomePage.objects.get().counters.all()
    # In site.json's order, kept as the order editors see (not left to the database).
    assert [(c.sort_order, c.number) for c in counters] == [(0, 18), (1, 1200), (2, 98)]
    assert PillarPage.objects.live().count() == 10
    assert testimonials.TestimonialPage.objects.live().count() == 5
    assert TeamMemberPage.objects.live().count() == 10
    assert StoryPage.objects.live().count() == 12
    for model in (PillarPage, testimonials.TestimonialPage, TeamMemberPage, StoryPage):
        for page in model.objects.all():
            assert page.title_pt and page.title_en and page.slug_pt and page.slug_en, page
            assert page.live_revision_id is not None  # editors see it in the history


def test_no_invented_names_for_the_team():
    for member in TeamMemberPage.objects.all():
        assert not member.name_pt and not member.name_en
        assert member.title_pt == member.role_pt


def test_a_second_run_creates_and_changes_nothing():
    before, revisions = tree(), Revision.objects.count()
    output = load()
    assert tree() == before
    assert Revision.objects.count() == revisions
    assert "0 pages created, 60 already there" in output


def test_staff_edits_survive_a_second_run():
    pillar = PillarPage.objects.get(slug_pt="estudos-atuariais")
    pillar.summary_pt = "Texto revisto pela equipa."
    pillar.save_revision().publish()
    load()
    pillar.refresh_from_db()
    assert pillar.summary_pt == "Texto revisto pela equipa."


def test_from_a_fresh_installation_twice():
    empty_the_site()
    assert not HomePage.objects.exists()
    output = load()
    assert "60 pages created" in output
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()
    first = tree()
    load()
    assert tree() == first


def test_if_empty_leaves_an_existing_site_alone():
    before = tree()
    assert "only pages it lacks are added" in load("--if-empty")
    assert tree() == before
    empty_the_site()
    assert "60 pages created" in load("--if-empty")


def scale(*args, stories=12):
    out = io.StringIO()
    call_command(
        "scale_demo_content",
        f"--stories={stories}",
        "--testimonials=6",
        "--team=11",
        *args,
        stdout=out,
    )
    return out.getvalue()


def test_scale_grows_the_demo_content_and_its_own_again():
    scale()
    assert StoryPage.objects.count() == 12
    assert testimonials.TestimonialPage.objects.count() == 6
    assert TeamMemberPage.objects.count() == 11
    scale(stories=14)  # the pages it added are the demo's too
    assert StoryPage.objects.count() == 14


def test_scale_refuses_a_page_the_demo_does_not_have():
    StoryPageFactory(
        parent=TimelineIndexPage.objects.get(),
        title_pt="Seminário em Bissau",
        title_en="Workshop in Bissau",
    )
    with pytest.raises(CommandError) as refused:
        scale()
    assert "1 pages the demo content does not have (/inicio/cronologia/seminario-em-bissau/)" in (
        str(refused.value)
    )
    assert "Nothing was added" in str(refused.value)
    assert StoryPage.objects.count() == 13
    scale("--force", stories=14)
    assert StoryPage.objects.count() == 14


def test_scale_refuses_a_page_edited_after_it_was_loaded():
    pillar = PillarPage.objects.get(slug_pt="estudos-atuariais")
    pillar.summary_pt = "Texto revisto pela equipa."
    pillar.save_revision().publish()
    with pytest.raises(CommandError, match="1 pages edited after they were loaded"):
        scale()


def test_scale_refuses_what_signed_in_people_saved_and_uploaded():
    editor = member_of(EDITORS)
    StoryPage.objects.first().save_revision(user=editor)  # a draft, nothing published
    SiteImageFactory(uploaded_by_user=editor)
    with pytest.raises(CommandError) as refused:
        scale()
    assert "1 revisions saved by signed-in users" in str(refused.value)
    assert "1 images uploaded by users" in str(refused.value)
    assert StoryPage.objects.count() == 12


def test_the_contact_page_and_the_notices_are_made_in_both_languages(client):
    home = HomePage.objects.get()
    contact = ContactPage.objects.child_of(home).live().get()
    notices = {page.role: page for page in LegalPage.objects.child_of(home).live()}
    assert set(notices) == set(Notice.values)
    for page in (contact, *notices.values()):
        assert page.title_pt and page.title_en and page.slug_pt and page.slug_en, page
        assert page.live_revision_id is not None
        for language in ("pt", "en"):
            with translation.override(language):
                assert client.get(page.get_url()).status_code == 200, (page, language)
    for page in notices.values():
        assert page.last_reviewed is None  # staff date it once they complete it
        assert "[A completar pela equipa:" in str(page.body_pt)
        assert "[To be completed by the team:" in str(page.body_en)
    privacy = str(notices["privacy"].body_en)
    for fact in ("twelve months", "django_language", "one year", "no visitor statistics"):
        assert fact in privacy


def test_a_site_built_before_them_gets_the_contact_page_and_the_notices():
    """The update path (`make run`, `scripts/image-smoke`: --if-empty): an existing site
    gains the pages it lacks; those it has are left as staff left them."""
    privacy = LegalPage.objects.get(role=Notice.PRIVACY)
    privacy.title_en = "Privacy, as the team wrote it"
    privacy.save_revision().publish()
    ContactPage.objects.get().delete()
    LegalPage.objects.exclude(pk=privacy.pk).delete()
    output = load("--if-empty")
    assert "created  contact page" in output
    assert ContactPage.objects.live().count() == 1
    assert LegalPage.objects.live().count() == 3
    privacy.refresh_from_db()
    assert privacy.title_en == "Privacy, as the team wrote it"
    before = tree()
    load("--if-empty")
    assert tree() == before
