"""Staff (and visitors) never meet a server error: a Translator's refused settings page
under production's database options, a malformed editor form, and the front-end sign-in
and password pages for private pages and document collections."""

import json
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.db import connection
from wagtail.fields import StreamField
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction
from wagtail.models import PageViewRestriction as Restriction
from wagtail.test.utils.form_data import querydict_from_html

from timeline.models import StoryPage

from .admin_forms import edit_form_data
from .conftest import soup
from .pages import page_models, url_in
from .staff import superuser
from .test_security import ROOT, documented_production_env

PASSWORD = "a-long-passphrase"  # noqa: S105 - the test users'
SECRET = "palavra-secreta"  # noqa: S105 - the private page's

# Run by a fresh process with production's settings against the test database: a
# Translator (made, and rolled back, in one transaction) opens the site settings. Static
# files are read from the app folders (no collectstatic manifest needed to render a page).
TRANSLATOR_OPENS_SITE_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.test import Client, override_settings
from action_portugal.base.permissions import TRANSLATORS

static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": static}), transaction.atomic():
    translator = User.objects.create_user("translator-probe", "probe@example.org", "x")
    translator.groups.add(Group.objects.get(name=TRANSLATORS))
    client = Client(raise_request_exception=False)
    client.force_login(translator)
    response = client.get(
        "/admin/settings/action_portugal/sitesettings/", secure=True,
        headers={"host": "www.example.org"},
    )
    transaction.set_rollback(True)
print(json.dumps({"status": response.status_code}))
"""


class TestProductionDatabaseOptions:
    def test_a_translator_is_refused_the_site_settings_not_shown_an_error(self, django_db_setup):
        database = connection.settings_dict
        if connection.vendor != "postgresql":
            pytest.skip("production's database options are PostgreSQL's")
        env = {
            **documented_production_env(),
            "DATABASE_URL": (
                f"postgres://{database['USER']}:{database['PASSWORD'] or ''}"
                f"@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"
            ),
            "REDIS_URL": "",  # this process's own memory, not a shared Redis
        }
        result = subprocess.run(
            [sys.executable, "-c", TRANSLATOR_OPENS_SITE_SETTINGS],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        answer = json.loads(result.stdout.strip().splitlines()[-1])
        assert answer["status"] == 403, result.stderr


# Malformed editor forms -------------------------------------------------------------------


def streamfield_page_types():
    return [
        model
        for model in page_models()
        if any(isinstance(field, StreamField) for field in model._meta.get_fields())
    ]


def add_url(model, parent, preview=False):
    meta = model._meta
    url = f"/admin/pages/add/{meta.app_label}/{meta.model_name}/{parent.pk}/"
    return url + "preview/" if preview else url


@pytest.fixture
def editor(client, db):
    client.force_login(superuser("en"))
    return client


def malformed(data):
    """The editor's form without a StreamField's count of blocks, as a broken script or a
    hand-made request would send it."""
    data = data.copy()
    for key in [key for key in data if key.startswith("body_pt-")]:
        del data[key]
    return data


def assert_bad_request(response, language="en"):
    assert response.status_code == 400
    assert response["Cache-Control"] == "no-store"
    document = soup(response)
    assert document.html["lang"] == language
    return document.get_text(" ", strip=True)


@pytest.mark.django_db
class TestMalformedEditorForms:
    @pytest.mark.parametrize("model", streamfield_page_types(), ids=lambda m: m.__name__)
    def test_edit_is_a_400_and_saves_nothing(self, editor, model):
        page = model.objects.first()
        revisions = page.revisions.count()
        data = malformed(edit_form_data(editor, page, title_pt="Mudado"))
        text = assert_bad_request(editor.post(f"/admin/pages/{page.pk}/edit/", data))
        assert "nothing was saved" in text
        assert page.revisions.count() == revisions
        page.refresh_from_db()
        assert page.title_pt != "Mudado"

    @pytest.mark.parametrize("model", streamfield_page_types(), ids=lambda m: m.__name__)
    def test_create_is_a_400_and_creates_nothing(self, editor, model):
        parent = model.objects.first().get_parent()
        url = add_url(model, parent)
        data = querydict_from_html(editor.get(url).content.decode(), form_id="page-edit-form")
        data = malformed(data)
        data.update({"title_pt": "Nova", "slug_pt": "nova", "title_en": "New", "slug_en": "new"})
        count = model.objects.count()
        text = assert_bad_request(editor.post(url, data))
        assert "nothing was saved" in text
        assert model.objects.count() == count

    @pytest.mark.parametrize("model", streamfield_page_types(), ids=lambda m: m.__name__)
    def test_preview_is_a_400(self, editor, model):
        page = model.objects.first()
        url = f"/admin/pages/{page.pk}/edit/preview/"
        assert_bad_request(editor.post(url, malformed(edit_form_data(editor, page))))
        # Nothing was kept for the preview panel: it loads Wagtail's "no preview" page.
        assert editor.get(url, {"mode": "pt"}).status_code == 200
        add = add_url(model, page.get_parent(), preview=True)
        assert_bad_request(editor.post(add, {"title_pt": "Nova", "slug_pt": "nova"}))

    def test_a_garbled_count_is_a_400_too(self, editor):
        page = StoryPage.objects.first()
        data = edit_form_data(editor, page)
        data["body_pt-count"] = "many"
        assert_bad_request(editor.post(f"/admin/pages/{page.pk}/edit/", data))

    def test_the_message_is_in_the_editors_language(self, client, db):
        client.force_login(superuser("pt"))
        page = streamfield_page_types()[0].objects.first()
        data = malformed(edit_form_data(client, page))
        response = client.post(
            f"/admin/pages/{page.pk}/edit/", data, headers={"accept-language": "en"}
        )
        text = assert_bad_request(response, language="pt")
        assert "nada foi guardado" in text

    def test_other_bad_requests_get_the_page_too(self, client, db):
        response = client.get("/en/", headers={"host": "not-this-site.example"})
        text = assert_bad_request(response)
        assert "could not read" in text


# The front-end sign-in and the password forms ------------------------------------------------


@pytest.fixture
def story(db):
    return StoryPage.objects.get(slug_pt="acordo-da-3-fase")


@pytest.fixture
def visitor(db):
    return User.objects.create_user("leitora", "leitora@example.org", PASSWORD)


def restrict(page, kind, **values):
    return Restriction.objects.create(page=page, restriction_type=kind, **values)


def assert_accessible_form(response, language):
    """One h1, the page's language, every field labelled, with autocomplete, and whatever
    describes it present on the page; never kept by a cache."""
    document = soup(response)
    assert document.html["lang"] == language
    assert len(document.find_all("h1")) == 1
    fields = document.select(".form-page form input:not([type=hidden])")
    assert fields
    for field in fields:
        label = document.select_one(f'label[for="{field["id"]}"]')
        assert label is not None and label.get_text(strip=True), field
        assert field.get("autocomplete"), field
        for reference in field.get("aria-describedby", "").split():
            assert document.find(id=reference) is not None, reference
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    return document


@pytest.mark.django_db
class TestFrontEndSignIn:
    @pytest.mark.parametrize("language", ["pt", "en"])
    def test_a_private_page_asks_for_a_sign_in_in_the_sites_own_page(
        self, client, story, visitor, language
    ):
        restrict(story, BaseViewRestriction.LOGIN)
        page_url = url_in(story, language)
        response = client.get(page_url)
        assert response.status_code == 302
        assert response["Location"].startswith(f"/{language}/_util/login/?next=")
        document = assert_accessible_form(client.get(response["Location"]), language)
        next_url = document.select_one('input[name="next"]')["value"]
        assert next_url == page_url
        assert document.select_one("#id_username")["autocomplete"] == "username"
        assert document.select_one("#id_password")["autocomplete"] == "current-password"
        assert document.select_one(".site-header")  # the site's page, with its header
        signed_in = client.post(
            document.select_one(".form-page form")["action"],
            {"username": "leitora", "password": PASSWORD, "next": next_url},
        )
        assert signed_in.status_code == 302 and signed_in["Location"] == page_url
        assert client.get(page_url).status_code == 200

    @pytest.mark.parametrize("language", ["pt", "en"])
    def test_without_next_it_returns_to_the_home_page_in_that_language(
        self, client, visitor, language
    ):
        response = client.post(
            f"/{language}/_util/login/", {"username": "leitora", "password": PASSWORD}
        )
        assert response.status_code == 302
        assert response["Location"] == f"/{language}/"
        assert client.get(response["Location"]).status_code == 200

    def test_opened_from_a_page_it_returns_there(self, client, story, visitor):
        page_url = url_in(story, "en")
        form = soup(
            client.get("/en/_util/login/", headers={"referer": f"http://testserver{page_url}"})
        )
        next_url = form.select_one('input[name="next"]')["value"]
        assert next_url == page_url
        response = client.post(
            "/en/_util/login/", {"username": "leitora", "password": PASSWORD, "next": next_url}
        )
        assert response["Location"] == page_url

    def test_another_sites_page_is_not_a_way_back(self, client, visitor):
        form = soup(client.get("/en/_util/login/", headers={"referer": "https://evil.example/en/"}))
        next_url = form.select_one('input[name="next"]')["value"]
        assert next_url == ""
        response = client.post(
            "/en/_util/login/", {"username": "leitora", "password": PASSWORD, "next": next_url}
        )
        assert response["Location"] == "/en/"

    def test_a_wrong_password_is_said_next_to_the_fields(self, client, visitor):
        response = client.post("/en/_util/login/", {"username": "leitora", "password": "no"})
        assert response.status_code == 200
        document = assert_accessible_form(response, "en")
        message = document.select_one('[role="alert"]')
        assert "correct username and password" in message.get_text()
        assert message["id"] in document.select_one("#id_password")["aria-describedby"].split()
        assert document.select_one("#id_username")["value"] == "leitora"
        assert "_auth_user_id" not in client.session

    def test_an_axes_lock_answers_with_the_front_end_page(self, client, visitor):
        for _attempt in range(5):
            client.post("/en/_util/login/", {"username": "leitora", "password": "no"})
        response = client.post("/en/_util/login/", {"username": "leitora", "password": PASSWORD})
        assert response.status_code == 429
        document = assert_accessible_form(response, "en")
        assert document.h1.get_text(strip=True) == "Sign in"
        assert "for this account from your address" in document.select_one('[role="alert"]').text
        assert "Wagtail" not in document.title.get_text()
        assert "_auth_user_id" not in client.session

    def test_the_page_is_in_portuguese_under_pt(self, client):
        document = soup(client.get("/pt/_util/login/"))
        assert document.h1.get_text(strip=True) == "Entrar"  # as the admin's sign-in says
        assert document.select_one('label[for="id_password"]').get_text(strip=True) == (
            "Palavra-passe"
        )


@pytest.mark.django_db
class TestPasswordForms:
    @pytest.mark.parametrize("language", ["pt", "en"])
    def test_a_private_page_asks_for_its_password_in_the_sites_own_page(
        self, client, story, language
    ):
        restrict(story, BaseViewRestriction.PASSWORD, password=SECRET)
        response = client.get(url_in(story, language))
        assert response.status_code == 200
        document = assert_accessible_form(response, language)
        assert document.select_one("#id_password")["autocomplete"] == "current-password"
        assert story.title not in document.title.get_text()
        assert document.select_one(".site-header")

    def test_a_wrong_password_is_said_next_to_the_field(self, client, story):
        restriction = restrict(story, BaseViewRestriction.PASSWORD, password=SECRET)
        response = client.post(
            f"/en/_util/authenticate_with_password/{restriction.pk}/{story.pk}/",
            {"password": "wrong", "return_url": url_in(story, "en")},
        )
        assert response.status_code == 200
        document = assert_accessible_form(response, "en")
        field = document.select_one("#id_password")
        assert field["aria-invalid"] == "true"
        errors = document.find(id=field["aria-describedby"])
        assert "not correct" in errors.get_text()

    def test_the_throttle_message_is_tied_to_the_field(self, client, story):
        restriction = restrict(story, BaseViewRestriction.PASSWORD, password=SECRET)
        for _attempt in range(5):
            response = client.post(
                f"/en/_util/authenticate_with_password/{restriction.pk}/{story.pk}/",
                {"password": "wrong", "return_url": url_in(story, "en")},
            )
        assert response.status_code == 429
        document = assert_accessible_form(response, "en")
        described_by = document.select_one("#id_password")["aria-describedby"].split()
        messages = " ".join(document.find(id=ref).get_text() for ref in described_by)
        assert "Too many wrong passwords" in messages

    @pytest.mark.parametrize("language", ["pt", "en"])
    def test_a_private_collection_asks_in_the_sites_own_page(self, client, db, language):
        collection = Collection.get_first_root_node().add_child(name="Reservado")
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=BaseViewRestriction.PASSWORD, password=SECRET
        )
        response = client.post(
            f"/documents/authenticate_with_password/{restriction.pk}/",
            {"password": "wrong", "return_url": "/documents/1/report.pdf"},
            headers={"accept-language": language},
        )
        assert response.status_code == 200
        document = assert_accessible_form(response, language)
        assert document.select_one('input[name="return_url"]')["value"]
        if language == "en":
            assert "This document is protected by a password" in document.get_text()
        else:
            assert "Este documento está protegido por uma palavra-passe" in document.get_text()
