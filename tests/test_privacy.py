"""A page that stops being public, by a restriction of any kind on itself or on an
ancestor, leaves every public surface at once, in both languages, and comes back at once
when the restriction goes: the page cache, the CDN, search, every listing, the neighbours'
links, the sitemap and the feeds. Those let in still get it, and it is never kept for
anyone else."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import PageViewRestriction

from action_portugal.base.permissions import EDITORS, TRANSLATORS
from action_portugal.models import SearchEntry
from pillars.models import PillarPage
from timeline.models import StoryPage

from . import fake_cdn
from .pages import publish, url_in
from .staff import member_of, superuser

pytestmark = pytest.mark.django_db

PASSWORD = "programme-only"  # noqa: S105 - the restriction's, in a throw-away database
KINDS = [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN, PageViewRestriction.GROUPS]


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": "tests.fake_cdn.RecordingBackend"}}
    fake_cdn.PURGED.clear()


@pytest.fixture
def story():
    """A story on the home page, in an area of work, with neighbours on both sides."""
    return StoryPage.objects.get(slug_pt="sao-tome-e-principe-ratifica-a-convencao-102")


@pytest.fixture
def admin():
    client = Client()
    client.force_login(superuser())
    return client


def set_privacy(admin, page, kind, groups=()):
    """What an editor does in the page's privacy dialog (``none`` removes it)."""
    data = {"restriction_type": kind}
    if kind == PageViewRestriction.PASSWORD:
        data["password"] = PASSWORD
    if kind == PageViewRestriction.GROUPS:
        data["groups"] = [group.pk for group in groups or Group.objects.filter(name=EDITORS)]
    response = admin.post(f"/admin/pages/{page.pk}/privacy/", data)
    assert response.status_code == 200
    assert response.json()["step"] == "set_privacy_done"


def surfaces(story):
    """Every public address that shows ``story`` (each in both languages), anonymous."""
    older, newer = story.timeline_neighbours().values()
    conventions = PillarPage.objects.get(slug_pt="convencoes-internacionais")
    addresses = {"/sitemap.xml": ("pt", "en")}
    for language in ("pt", "en"):
        for page in (
            story.get_parent(),
            story.get_parent().get_parent(),
            conventions,
            older,
            newer,
        ):
            addresses[url_in(page, language)] = (language,)
        addresses[f"/{language}/feed.xml"] = (language,)
    addresses["/pt/pesquisa/?q=S%C3%A3o+Tom%C3%A9+ratifica"] = ("pt",)
    addresses["/en/search/?q=Pr%C3%ADncipe+ratifies"] = ("en",)
    return addresses


def shown_at(story, addresses, client):
    """The addresses among ``addresses`` whose answer links or names the story."""
    shown = set()
    for address, languages in addresses.items():
        response = client.get(address)
        text = response.content.decode()
        for language in languages:
            own = url_in(story, language)
            title = getattr(story, f"title_{language}")
            if response.status_code == 200 and (own in text or title in text):
                shown.add((address, language))
    return shown


def assert_public(story, addresses):
    client = Client()
    everywhere = {(address, code) for address, codes in addresses.items() for code in codes}
    assert shown_at(story, addresses, client) == everywhere
    for language in ("pt", "en"):
        response = client.get(url_in(story, language))
        assert response.status_code == 200
        assert getattr(story, f"summary_{language}") in response.content.decode()


def assert_hidden(story, addresses):
    client = Client()
    assert shown_at(story, addresses, client) == set()
    for language in ("pt", "en"):
        response = client.get(url_in(story, language))
        assert getattr(story, f"summary_{language}") not in response.content.decode()
        assert response.get("X-Cache") != "hit"
        assert response.status_code in (200, 302)  # the password form, or the sign-in


@pytest.mark.parametrize("where", ["page", "ancestor"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_page_that_stops_being_public_leaves_every_surface_and_comes_back(
    story, admin, kind, where
):
    addresses = surfaces(story)
    assert_public(story, addresses)  # and now every surface is in the page cache
    target = story if where == "page" else story.get_parent()

    set_privacy(admin, target, kind)
    assert_hidden(story, addresses)

    set_privacy(admin, target, "none")
    assert_public(story, addresses)


@pytest.mark.parametrize("where", ["page", "ancestor"])
def test_changing_the_kind_of_restriction_keeps_it_hidden(story, admin, where):
    addresses = surfaces(story)
    target = story if where == "page" else story.get_parent()
    set_privacy(admin, target, PageViewRestriction.PASSWORD)
    assert_hidden(story, addresses)
    set_privacy(admin, target, PageViewRestriction.LOGIN)
    assert_hidden(story, addresses)


def test_a_restricted_ancestor_hides_its_whole_section_from_the_menu_and_home(story, admin):
    timeline = story.get_parent()
    Client().get("/pt/")
    set_privacy(admin, timeline, PageViewRestriction.LOGIN)
    home = Client().get("/en/").content.decode()
    assert url_in(timeline, "en") not in home
    assert not any(url_in(s, "en") in home for s in StoryPage.objects.child_of(timeline))


def test_the_cdn_is_purged_in_both_languages(story, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # purged once the change is saved
        set_privacy(admin, story, PageViewRestriction.LOGIN)
    purged = {urlsplit(url).path for url in fake_cdn.PURGED}
    for page in (story, story.get_parent(), story.get_parent().get_parent()):
        assert {url_in(page, "pt"), url_in(page, "en")} <= purged, page
    assert {"/pt/feed.xml", "/en/feed.xml", "/sitemap.xml"} <= purged


def test_a_restriction_reaches_search_with_nothing_indexed_again(story, admin):
    """Search asks about privacy as it searches: a page made private and public again is
    found at once, its entries left as they were (nothing to re-index, however many pages
    a restriction on a section covers)."""
    entries = list(SearchEntry.objects.filter(page_id=story.pk).values("language", "text"))
    search = "/pt/pesquisa/?q=S%C3%A3o+Tom%C3%A9+ratifica"
    set_privacy(admin, story.get_parent(), PageViewRestriction.PASSWORD)
    assert url_in(story, "pt") not in Client().get(search).content.decode()
    set_privacy(admin, story.get_parent(), "none")
    assert url_in(story, "pt") in Client().get(search).content.decode()
    assert list(SearchEntry.objects.filter(page_id=story.pk).values("language", "text")) == (
        entries
    )


def test_a_private_page_published_again_is_still_not_found(story, admin):
    set_privacy(admin, story, PageViewRestriction.LOGIN)
    publish(story, summary_en="Revised while private.")
    search = "/en/search/?q=revised+private"
    assert url_in(story, "en") not in Client().get(search).content.decode()
    set_privacy(admin, story, "none")
    assert url_in(story, "en") in Client().get(search).content.decode()


class TestThoseLetIn:
    def test_the_right_password_opens_the_page_and_nobody_else_gets_it(self, story, admin):
        set_privacy(admin, story, PageViewRestriction.PASSWORD)
        visitor = Client()
        form = visitor.get(url_in(story, "pt"))
        assert form.status_code == 200
        assert 'type="password"' in form.content.decode()
        restriction = PageViewRestriction.objects.get(page=story)
        action = f"/pt/_util/authenticate_with_password/{restriction.pk}/{story.pk}/"
        answer = visitor.post(action, {"password": PASSWORD, "return_url": url_in(story, "pt")})
        assert answer.status_code == 302
        page = visitor.get(url_in(story, "pt"))
        assert story.summary_pt in page.content.decode()
        assert "X-Cache" not in page
        assert "no-cache" in page["Cache-Control"] and "private" in page["Cache-Control"]
        # Nothing of it was kept for the next visitor.
        assert story.summary_pt not in Client().get(url_in(story, "pt")).content.decode()

    def test_signed_in_users_get_it_when_any_signed_in_user_may(self, story, admin):
        set_privacy(admin, story, PageViewRestriction.LOGIN)
        anonymous = Client().get(url_in(story, "en"))
        assert anonymous.status_code == 302
        reader = Client()
        reader.force_login(member_of(TRANSLATORS))
        page = reader.get(url_in(story, "en"))
        assert page.status_code == 200 and story.summary_en in page.content.decode()
        assert "private" in page["Cache-Control"]
        assert story.summary_en not in Client().get(url_in(story, "en")).content.decode()

    def test_only_the_chosen_groups_get_it(self, story, admin):
        set_privacy(admin, story, PageViewRestriction.GROUPS, Group.objects.filter(name=EDITORS))
        editor, translator = Client(), Client()
        editor.force_login(member_of(EDITORS))
        translator.force_login(member_of(TRANSLATORS))
        assert story.summary_pt in editor.get(url_in(story, "pt")).content.decode()
        assert story.summary_pt not in translator.get(url_in(story, "pt")).content.decode()


def test_a_request_reads_the_restricted_pages_once(client, monkeypatch, story):
    """The home page lists three sections and serves a page: one look-up of the list."""
    from django.core.cache import cache

    from action_portugal.base import privacy

    PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.LOGIN
    )  # a list to read
    reads = []
    get = cache.get
    monkeypatch.setattr(
        cache,
        "get",
        lambda key, *args, **kwargs: (
            reads.append(key) if key == privacy.RESTRICTED_PATHS_KEY else None,
            get(key, *args, **kwargs),
        )[1],
    )
    assert client.get("/pt/").status_code == 200
    assert reads == [privacy.RESTRICTED_PATHS_KEY]
