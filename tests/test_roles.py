"""Editors and Translators: what each may do in the admin, asserted action by action, and
the review every translator's submission goes through."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from wagtail.models import Page, Workflow

from action_portugal.base.permissions import EDITORS, TRANSLATORS
from pillars.models import PillarIndexPage, PillarPage

from .conftest import soup
from .pages import url_in
from .staff import member_of, superuser

pytestmark = pytest.mark.django_db

OK, LOGIN, FORBIDDEN = "ok", "login", "403"
ROLES = ["anonymous", "translator", "editor", "superuser"]
# action: expected answer per role, in the order of ROLES
MATRIX = {
    "edit": (LOGIN, OK, OK, OK),
    "submit": (LOGIN, OK, OK, OK),
    "publish": (LOGIN, FORBIDDEN, OK, OK),
    "unpublish": (LOGIN, FORBIDDEN, OK, OK),
    "delete": (LOGIN, FORBIDDEN, OK, OK),
    "move": (LOGIN, FORBIDDEN, OK, OK),
    "images": (LOGIN, FORBIDDEN, OK, OK),
    "users": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "groups": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "settings": (LOGIN, FORBIDDEN, OK, OK),
    "translation status": (LOGIN, OK, OK, OK),
}


def user_for(role):
    if role == "anonymous":
        return None
    if role == "superuser":
        return superuser()
    return member_of({"translator": TRANSLATORS, "editor": EDITORS}[role])


def edit_post_data(client, page, action):
    from .admin_forms import edit_form_data

    data = edit_form_data(client, page)
    data.pop("action-publish", None)
    if action == "submit":
        data["action-submit"] = "submit"
    elif action == "publish":
        data["action-publish"] = "publish"
    return data


def answer(client, action, page):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    gets = {
        "edit": f"/admin/pages/{page.pk}/edit/",
        "unpublish": f"/admin/pages/{page.pk}/unpublish/",
        "delete": f"/admin/pages/{page.pk}/delete/",
        "move": f"/admin/pages/{page.pk}/move/",
        "images": "/admin/images/",
        "users": "/admin/users/",
        "groups": "/admin/groups/",
        "settings": f"/admin/settings/action_portugal/sitesettings/{site.pk}/",
        "translation status": "/admin/translation-status/",
    }
    if action in gets:
        response = client.get(gets[action])
    else:
        url = f"/admin/pages/{page.pk}/edit/"
        logged_in = client.get(url).status_code == 200
        data = edit_post_data(client, page, action) if logged_in else {}
        response = client.post(url, data)
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code == 302 and response["Location"].startswith("/admin/login/"):
        return LOGIN
    assert response.status_code in (200, 302), (action, response.status_code)
    return OK


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, role):
    user = user_for(role)
    if user is not None:
        client.force_login(user)
    page = PillarPage.objects.get(slug_pt="estudos-atuariais")
    live_summary = page.summary_pt
    got = {action: answer(client, action, page) for action in MATRIX}
    expected = {action: answers[ROLES.index(role)] for action, answers in MATRIX.items()}
    assert got == expected
    if role in ("anonymous", "translator"):
        page.refresh_from_db()
        assert page.summary_pt == live_summary and page.live


def test_the_roles_exist_without_set_up():
    assert set(Group.objects.values_list("name", flat=True)) >= {EDITORS, TRANSLATORS}
    assert not Group.objects.filter(name="Moderators").exists()
    translators = Group.objects.get(name=TRANSLATORS)
    editors = Group.objects.get(name=EDITORS)
    assert set(translators.page_permissions.values_list("permission__codename", flat=True)) == {
        "change_page"
    }
    assert {"publish_page", "add_page", "change_page"} <= set(
        editors.page_permissions.values_list("permission__codename", flat=True)
    )
    workflow = Workflow.objects.get(workflow_pages__page=Page.get_first_root_node())
    task = workflow.tasks.get().specific
    assert list(task.groups.all()) == [editors]


MIGRATION = importlib.import_module("action_portugal.migrations.0011_bilingual_group_names")


def test_the_roles_and_the_review_are_named_in_both_languages():
    """Wagtail shows these names as stored, whatever a person's admin language: the groups
    the code finds by name are those the migration named."""
    assert dict(MIGRATION.RENAMES) == {"Editors": EDITORS, "Translators": TRANSLATORS}
    workflow = Workflow.objects.get(workflow_pages__page=Page.get_first_root_node())
    assert workflow.name == "Revisão pelos Editores · Review by the Editors"
    assert [task.name for task in workflow.tasks.all()] == ["Editores · Editors"]


class TestGroupNamesMigration:
    """An existing site's groups get their names in both languages if they still have the
    old ones, and get the old ones back going backwards."""

    migration = MIGRATION

    def names(self):
        return set(Group.objects.values_list("name", flat=True))

    def test_renames_the_old_names_only(self):
        Group.objects.filter(name=EDITORS).update(name="Editors")
        Group.objects.filter(name=TRANSLATORS).update(name="Tradução")  # renamed by staff
        self.migration.bilingual_names(apps, schema_editor=None)
        assert self.names() >= {EDITORS, "Tradução"}
        assert "Editors" not in self.names() and TRANSLATORS not in self.names()

    def test_leaves_a_name_already_taken(self):
        Group.objects.filter(name=EDITORS).update(name="Editors")
        Group.objects.create(name=EDITORS)
        self.migration.bilingual_names(apps, schema_editor=None)
        assert {"Editors", EDITORS} <= self.names()

    def test_goes_back(self):
        self.migration.english_names(apps, schema_editor=None)
        assert {"Editors", "Translators"} <= self.names()
        assert not {EDITORS, TRANSLATORS} & self.names()
        self.migration.bilingual_names(apps, schema_editor=None)
        assert {EDITORS, TRANSLATORS} <= self.names()


def test_a_translator_cannot_delete_or_move_even_a_draft(client):
    from pillars.factories import PillarPageFactory

    draft = PillarPageFactory(parent=PillarIndexPage.objects.get(), publish=False, live=False)
    client.force_login(member_of(TRANSLATORS))
    assert client.get(f"/admin/pages/{draft.pk}/delete/").status_code == 403
    assert client.post(f"/admin/pages/{draft.pk}/delete/").status_code == 403
    assert PillarPage.objects.filter(pk=draft.pk).exists()
    assert client.get(f"/admin/pages/{draft.pk}/move/").status_code == 403


class TestModeration:
    def test_a_translators_submission_waits_for_an_editor(self, client):
        pillar = PillarPage.objects.get(slug_pt="estudos-atuariais")
        original = pillar.summary_pt
        translator, editor = member_of(TRANSLATORS), member_of(EDITORS)

        client.force_login(translator)
        data = edit_post_data(client, pillar, "submit")
        data["summary_pt"] = "Estudos atuariais: o texto revisto pela tradutora."
        response = client.post(f"/admin/pages/{pillar.pk}/edit/", data)
        assert response.status_code == 302

        pillar.refresh_from_db()
        assert pillar.summary_pt == original  # what is live does not change
        assert pillar.workflow_in_progress
        assert original in client.get(url_in(pillar, "pt")).content.decode()

        client.force_login(editor)
        state = pillar.current_workflow_state
        task_state = state.current_task_state
        response = client.post(
            f"/admin/pages/{pillar.pk}/edit/",
            {
                **edit_post_data(client, pillar, "none"),
                "action-workflow-action": "true",
                "workflow-action-name": "approve",
            },
        )
        assert response.status_code == 302
        task_state.refresh_from_db()
        assert task_state.status == "approved"
        pillar.refresh_from_db()
        assert pillar.summary_pt == "Estudos atuariais: o texto revisto pela tradutora."
        page = soup(client.get(url_in(pillar, "pt")))
        assert page.select_one(".lead").get_text() == pillar.summary_pt

    def test_an_editor_can_ask_for_changes(self, client):
        pillar = PillarPage.objects.get(slug_pt="estudos-atuariais")
        client.force_login(member_of(TRANSLATORS))
        data = edit_post_data(client, pillar, "submit")
        data["summary_en"] = "A rough translation."
        client.post(f"/admin/pages/{pillar.pk}/edit/", data)
        client.force_login(member_of(EDITORS))
        task_state = pillar.current_workflow_state.current_task_state
        client.post(
            f"/admin/pages/{pillar.pk}/edit/",
            {
                **edit_post_data(client, pillar, "none"),
                "action-workflow-action": "true",
                "workflow-action-name": "reject",
                "workflow-action-extra-data": '{"comment": "Please check the terminology."}',
            },
        )
        task_state.refresh_from_db()
        assert task_state.status == "rejected"
        pillar.refresh_from_db()
        assert pillar.summary_en != "A rough translation."
