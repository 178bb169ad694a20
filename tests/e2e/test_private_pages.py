"""The pages issue 11 added, in Chromium on a phone, in both languages and every state: the
sign-in and the password forms (first asked, after a wrong password), a private document
collection's form, the 400 page, and the home page with a section made private (a glimpse
fewer). Each passes axe-core and fits the screen."""

import json
import re

import pytest

from .conftest import PHONE, axe_violations, manage, prepare_site, start_server

pytestmark = pytest.mark.e2e

SECRET = "programme-only"  # noqa: S105 - the restrictions' password, in a throw-away database
RESTRICT = f"""
import json
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction
from testimonials.models import TestimonialIndexPage
from timeline.models import StoryPage

story = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
PageViewRestriction.objects.create(page=story, restriction_type="password", password="{SECRET}")
testimonials = TestimonialIndexPage.objects.get()
PageViewRestriction.objects.create(page=testimonials, restriction_type="login")
collection = Collection.get_first_root_node().add_child(name="Interno")
CollectionViewRestriction.objects.create(
    collection=collection, restriction_type="password", password="{SECRET}"
)
document = get_document_model().objects.create(
    title="Notas", collection=collection, file=ContentFile(b"notas", name="notas.txt")
)
print(json.dumps({{"document": document.url}}))
"""
LANGUAGES = ("pt", "en")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp_dir = tmp_path_factory.mktemp("e2e-private")
    env = prepare_site(tmp_dir, suffix="private")
    planted = json.loads(manage(env, "shell", "-c", RESTRICT).strip().splitlines()[-1])
    server, base = start_server(env, tmp_dir / "server.log")
    yield base, planted
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def phone_in(browser):
    """A phone whose browser prefers ``language`` (for addresses without a language)."""
    contexts = []

    def open_phone(language):
        context = browser.new_context(
            viewport=PHONE,
            device_scale_factor=2,
            is_mobile=True,
            extra_http_headers={"Accept-Language": language},
        )
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


def assert_usable(page, language):
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_private_pages_password_form_and_its_wrong_password(site, phone_in, language):
    base, _planted = site
    page = phone_in(language)
    story = {"pt": "/pt/cronologia/acordo-da-3-fase/", "en": "/en/timeline/phase-3-agreement/"}
    page.goto(base + story[language])
    assert_usable(page, language)
    page.get_by_label(re.compile("Palavra-passe|Password")).fill("wrong")
    page.get_by_role("button").filter(has_text=re.compile("Continuar|Continue")).click()
    assert page.locator("[aria-invalid=true]").count() == 1
    assert_usable(page, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_private_collections_password_form(site, phone_in, language):
    base, planted = site
    page = phone_in(language)
    page.goto(base + planted["document"])
    assert page.locator("input[type=password]").count() == 1
    assert_usable(page, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sign_in_a_private_section_asks_for_and_its_failure(site, phone_in, language):
    base, _planted = site
    page = phone_in(language)
    page.goto(base + {"pt": "/pt/testemunhos/", "en": "/en/testimonials/"}[language])
    assert re.search(r"/_util/login/\?next=", page.url)
    assert_usable(page, language)
    page.locator("input[name=username]").fill("ninguem")
    page.locator("input[name=password]").fill("wrong-passphrase")
    page.locator("main button[type=submit]").click()
    assert page.locator("[role=alert]").count() == 1
    assert_usable(page, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_without_its_private_section(site, phone_in, language):
    base, _planted = site
    page = phone_in(language)
    page.goto(f"{base}/{language}/")
    assert page.locator("a[href*='testemunhos'], a[href*='testimonials']").count() == 0
    assert_usable(page, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_400_page(site, phone_in, language):
    """More query parameters than Django reads (DATA_UPLOAD_MAX_NUMBER_FIELDS) is a 400."""
    base, _planted = site
    page = phone_in(language)
    search = {"pt": "/pt/pesquisa/", "en": "/en/search/"}[language]
    response = page.goto(f"{base}{search}?" + "&".join(f"q{n}=1" for n in range(1001)))
    assert response.status == 400
    assert_usable(page, language)
