"""The languages each person sees in the editors: chosen once, kept on the server for them
alone, drawn in the editor's first paint on every page type and the settings (created,
edited, saved, refused), and the message after a save linking each field it names."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.test import Client
from django.utils.safestring import SafeData
from wagtail.models import Site

from action_portugal.base.i18n import translated_fields
from action_portugal.base.permissions import EDITORS, TRANSLATORS
from action_portugal.editing import editor_languages
from action_portugal.models import EditorLanguages, HomePage
from action_portugal.sections.registry import registered
from pillars.models import PillarPage

from .admin_forms import edit_form_data
from .conftest import soup
from .pages import page_models
from .staff import member_of

pytestmark = pytest.mark.django_db

URL = "/admin/editor-languages/"
PILLAR = {"slug_pt": "estudos-atuariais"}


def hidden_languages(response):
    """The languages whose fields the editor hides from its first paint, and the choice its
    picker shows (``None`` where the editor offers none)."""
    document = soup(response)
    hidden = {
        style["data-editor-hides"]
        for style in document.select("style[data-editor-hides]")
        if style["media"] == "all"
    }
    template = document.select_one("template#editor-languages")
    if template is None:
        return hidden, None
    picker = soup_of(template.decode_contents())
    return hidden, picker.select_one("input[name=show][checked]")["value"]


def soup_of(html):
    return BeautifulSoup(html, "html.parser")


def pillar_editor(client):
    pillar = PillarPage.objects.get(**PILLAR)
    return client.get(f"/admin/pages/{pillar.pk}/edit/")


class TestTheChoice:
    def test_someone_who_never_chose_sees_the_default_language(self, client):
        client.force_login(member_of(TRANSLATORS, language="pt"))
        assert hidden_languages(pillar_editor(client)) == ({"en"}, "pt")

    @pytest.mark.parametrize(
        ("language", "legend", "labels"),
        [
            ("pt", "Ver / alterar os campos em", ["Português", "Inglês", "Ambas"]),
            ("en", "View / edit fields for", ["Portuguese", "English", "Both"]),
        ],
    )
    def test_the_picker_speaks_the_admins_language(self, client, language, legend, labels):
        client.force_login(member_of(TRANSLATORS, language=language))
        template = soup(pillar_editor(client)).select_one("template#editor-languages")
        picker = soup_of(template.decode_contents())
        assert picker.select_one("legend").get_text() == legend
        assert [label.get_text(strip=True) for label in picker.select("label")] == labels

    @pytest.mark.parametrize(("show", "hidden"), [("en", {"pt"}), ("all", set()), ("pt", {"en"})])
    def test_a_choice_is_kept_for_the_next_editor(self, client, show, hidden):
        user = member_of(TRANSLATORS, language="pt")
        client.force_login(user)
        response = client.post(URL, {"show": show})
        assert response.status_code == 200
        assert response.json() == {"show": show}
        assert EditorLanguages.objects.get(user=user).shown == show
        assert hidden_languages(pillar_editor(client)) == (hidden, show)

    def test_it_is_the_persons_wherever_they_sign_in(self):
        user = member_of(TRANSLATORS, language="pt")
        first, second = Client(), Client()
        first.force_login(user)
        first.post(URL, {"show": "en"})
        second.force_login(user)
        assert hidden_languages(pillar_editor(second)) == ({"pt"}, "en")

    def test_each_person_has_their_own(self, client):
        translator = member_of(TRANSLATORS, "tradutora", language="pt")
        editor = member_of(EDITORS, "editora", language="en")
        client.force_login(translator)
        client.post(URL, {"show": "en", "user": editor.pk})
        client.force_login(editor)
        assert hidden_languages(pillar_editor(client)) == ({"en"}, "pt")
        client.post(URL, {"show": "all"})
        assert EditorLanguages.objects.get(user=translator).shown == "en"
        assert EditorLanguages.objects.get(user=editor).shown == "all"
        assert EditorLanguages.objects.count() == 2

    @pytest.mark.parametrize(
        "data",
        [
            {},
            {"show": ""},
            {"show": "fr"},
            {"show": "PT"},
            {"show": "pt,en"},
            {"show": "<script>alert(1)</script>"},
            {"show": "é" * 5000},
            {"show": "pt\x00"},
        ],
    )
    def test_anything_else_is_refused_in_the_persons_language(self, client, data):
        user = member_of(TRANSLATORS, language="pt")
        client.force_login(user)
        client.post(URL, {"show": "en"})
        response = client.post(URL, data)
        assert response.status_code == 400
        assert response.json() == {"error": "Escolha uma das línguas do sítio, ou todas."}
        assert EditorLanguages.objects.get(user=user).shown == "en"

    def test_a_choice_naming_a_language_the_site_no_longer_has_is_the_default(self):
        user = member_of(TRANSLATORS, language="pt")
        EditorLanguages.objects.create(user=user, shown="fr")
        assert editor_languages.chosen(user) == "pt"

    def test_only_a_post(self, client):
        client.force_login(member_of(TRANSLATORS, language="pt"))
        assert client.get(URL, {"show": "en"}).status_code == 405
        assert not EditorLanguages.objects.exists()

    def test_not_for_someone_signed_out_or_without_the_admin(self, client):
        response = client.post(URL, {"show": "en"})
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        client.force_login(member_of("", "visitor"))
        response = client.post(URL, {"show": "en"})
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        assert not EditorLanguages.objects.exists()

    def test_not_without_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(member_of(TRANSLATORS, language="pt"))
        assert client.post(URL, {"show": "en"}).status_code == 403
        assert not EditorLanguages.objects.exists()


class TestTheEditors:
    """Every translated field's panel says its language and its field's id, so that the
    head's styles hide it from the first paint: on every page type, created or edited."""

    @staticmethod
    def assert_every_translated_field_is_marked(response, model):
        assert response.status_code == 200
        document = soup(response)
        marked = {
            panel["data-field-id"]: panel["data-field-language"]
            for panel in document.select("[data-field-id]")
        }
        form = response.context["form"]
        columns = [
            column.name
            for columns in translated_fields(model).values()
            for column in columns
            if column.name in form.fields
        ]
        assert columns
        for column in columns:
            assert marked.get(f"id_{column}") == column.rsplit("_", 1)[1], column
        assert hidden_languages(response)[0] == {"en"}

    @pytest.mark.parametrize("model", page_models(), ids=lambda model: model.__name__)
    def test_editing_each_page_type(self, client, model):
        client.force_login(member_of(EDITORS, language="pt"))
        page = model.objects.order_by("path").first()
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        self.assert_every_translated_field_is_marked(response, model)

    @pytest.mark.parametrize(
        "model", [section.item for section in registered()], ids=lambda model: model.__name__
    )
    def test_creating_each_kind_of_item(self, client, model):
        """Each section's item (its index and the home page are one of a kind)."""
        client.force_login(member_of(EDITORS, language="pt"))
        parent = model.objects.order_by("path").first().get_parent()
        app, name = model._meta.app_label, model._meta.model_name
        response = client.get(f"/admin/pages/add/{app}/{name}/{parent.pk}/")
        self.assert_every_translated_field_is_marked(response, model)

    def test_inline_children(self, client):
        client.force_login(member_of(EDITORS, language="pt"))
        home = HomePage.objects.get()
        document = soup(client.get(f"/admin/pages/{home.pk}/edit/"))
        panel = document.select_one('[data-field-id="id_counters-0-label_en"]')
        assert panel["data-field-language"] == "en"
        assert not document.select('[data-field-id="id_counters-0-number"]')

    def test_the_site_settings(self, client):
        user = member_of(EDITORS, language="pt")
        client.force_login(user)
        client.post(URL, {"show": "en"})
        site = Site.objects.get(is_default_site=True)
        response = client.get(f"/admin/settings/action_portugal/sitesettings/{site.pk}/")
        document = soup(response)
        assert document.select_one('[data-field-id="id_address_pt"]')["data-field-language"] == "pt"
        assert document.select_one('[data-field-id="id_partners-0-name_en"]')
        assert hidden_languages(response) == ({"pt"}, "en")

    def test_no_picker_where_nothing_is_translated(self, client):
        client.force_login(member_of(EDITORS, language="pt"))
        response = client.get("/admin/account/")
        assert response.status_code == 200
        assert hidden_languages(response) == (set(), None)
        assert b"editor-languages" not in response.content

    @pytest.mark.parametrize(
        ("group", "action"),
        [(TRANSLATORS, None), (TRANSLATORS, "action-submit"), (EDITORS, "action-publish")],
    )
    def test_the_choice_holds_after_a_save(self, client, group, action):
        client.force_login(member_of(group, language="pt"))
        client.post(URL, {"show": "en"})
        pillar = PillarPage.objects.get(**PILLAR)
        url = f"/admin/pages/{pillar.pk}/edit/"
        data = edit_form_data(client, pillar, publish=False)
        if action:
            data[action] = action
        assert client.post(url, data).status_code == 302
        assert hidden_languages(client.get(url)) == ({"pt"}, "en")

    def test_the_choice_holds_after_a_save_and_a_refusal(self, client):
        client.force_login(member_of(TRANSLATORS, language="pt"))
        client.post(URL, {"show": "en"})
        pillar = PillarPage.objects.get(**PILLAR)
        url = f"/admin/pages/{pillar.pk}/edit/"
        data = edit_form_data(client, pillar, publish=False)
        saved = client.post(url, data, follow=True)
        assert saved.redirect_chain[-1][0] == url
        assert hidden_languages(saved) == ({"pt"}, "en")
        data["title_pt"] = ""
        refused = client.post(url, data)
        assert refused.status_code == 200
        assert soup(refused).select_one('[data-field-id="id_title_pt"] .error-message')
        assert hidden_languages(refused) == ({"pt"}, "en")

    def test_wagtail_modeltranslations_own_picker_is_off(self, client):
        client.force_login(member_of(TRANSLATORS, language="pt"))
        assert b"language_toggles.js" not in pillar_editor(client).content


class TestTheMessageAfterASave:
    def test_each_field_named_links_to_its_field_in_the_editor(self, client):
        client.force_login(member_of(TRANSLATORS, language="pt"))
        pillar = PillarPage.objects.get(**PILLAR)
        url = f"/admin/pages/{pillar.pk}/edit/"
        data = edit_form_data(client, pillar, publish=False, summary_en="")
        response = client.post(url, data)
        assert response.status_code == 302
        [message] = [m for m in get_messages(response.wsgi_request) if "Ainda sem" in str(m)]
        assert isinstance(message.message, SafeData)
        links = soup_of(message.message).select("a")
        assert soup_of(message.message).get_text() == "Guardado. Ainda sem texto em inglês: resumo."
        assert [(a["href"], a.get_text()) for a in links] == [(f"{url}#id_summary_en", "resumo")]
        editor = soup(client.get(url))
        assert editor.select_one('[data-field-id="id_summary_en"]')["data-field-language"] == "en"

    def test_an_inline_childs_field_links_to_it(self, client):
        client.force_login(member_of(EDITORS, language="pt"))
        home = HomePage.objects.get()
        url = f"/admin/pages/{home.pk}/edit/"
        data = edit_form_data(client, home, publish=False, **{"counters-1-label_en": ""})
        response = client.post(url, data)
        assert response.status_code == 302
        [message] = [m for m in get_messages(response.wsgi_request) if "Ainda sem" in str(m)]
        [link] = soup_of(message.message).select("a")
        address, field_id = link["href"].split("#")
        assert address == url
        editor = soup(client.get(url))
        panel = editor.select_one(f'[data-field-id="{field_id}"]')
        assert panel["data-field-language"] == "en"
        assert panel.select_one(f"#{field_id}").get("value", "") == ""
        child = field_id.removeprefix("id_").removesuffix("-label_en")
        assert editor.select_one(f"#id_{child}-label_pt")["value"] == "participantes"

    def test_none_after_an_autosave(self, client):
        """The editor saves as one types (asking for JSON): no message waits for the next
        page for each of those saves."""
        client.force_login(member_of(TRANSLATORS, language="pt"))
        pillar = PillarPage.objects.get(**PILLAR)
        data = edit_form_data(client, pillar, publish=False, summary_en="")
        url = f"/admin/pages/{pillar.pk}/edit/"
        response = client.post(url, data, headers={"accept": "application/json"})
        assert response.json()["success"] is True
        assert PillarPage.objects.get(pk=pillar.pk).get_latest_revision_as_object().summary_en == ""
        assert not [m for m in get_messages(response.wsgi_request) if "Ainda sem" in str(m)]
        assert "Ainda sem" not in client.get(url).content.decode()

    def test_what_it_names_is_escaped(self, client, monkeypatch):
        from action_portugal import wagtail_hooks

        monkeypatch.setattr(wagtail_hooks, "field_label", lambda model, name: "<b>resumo</b>")
        client.force_login(member_of(TRANSLATORS, language="pt"))
        pillar = PillarPage.objects.get(**PILLAR)
        data = edit_form_data(client, pillar, publish=False, summary_en="")
        response = client.post(f"/admin/pages/{pillar.pk}/edit/", data)
        [message] = [m for m in get_messages(response.wsgi_request) if "Ainda sem" in str(m)]
        assert "&lt;b&gt;resumo&lt;/b&gt;" in message.message
        assert "<b>" not in message.message
