"""The admin in Portuguese: a Translator and an Editor whose admin language is Portuguese
open every screen they use, with something on each (a page with revisions, one waiting for
review, one sent back with a comment, a locked page, an image, a document, the site
settings), and meet no English string of Wagtail's, wagtail-modeltranslation's, Django's
or ours (tests/untranslated.py says what counts, and how). The strings the admin's scripts
show from the catalogue they are sent are checked whole; what the browser builds with them
(side panels, the preview panel, the language buttons) is checked in Chromium by
tests/e2e/test_staff.py.

The check can fail: ``test_the_check_fails_without_one_of_our_translations`` makes one of
our translations ("Preview mode") the English itself, as if it were missing, and the
editor's screen fails."""

import json
import re

import pytest
from django.utils import timezone
from wagtail.models import Comment, Site

from action_portugal.base.permissions import EDITORS, TRANSLATORS
from action_portugal.factories import SiteImageFactory
from pillars.models import PillarPage
from timeline.models import StoryPage, TimelineIndexPage

from .admin_forms import edit_form_data
from .staff import member_of
from .test_documents import a_document
from .untranslated import ALLOWED, Checker, Message, english_messages, has_words, site_catalogues

pytestmark = pytest.mark.django_db


def submit(client, page, **changes):
    data = edit_form_data(client, page, publish=False, **changes)
    data["action-submit"] = "submit"
    assert client.post(f"/admin/pages/{page.pk}/edit/", data).status_code == 302
    page.refresh_from_db()
    return page.current_workflow_state


@pytest.fixture
def content(client):
    """What the screens show: a pillar with two drafts and a comment, waiting for the
    Editors' review; a story they sent back with a comment; a story an Editor locked; an
    image and a document."""
    translator = member_of(TRANSLATORS, "tradutora", language="pt")
    editor = member_of(EDITORS, "editora", language="pt")
    pillar = PillarPage.objects.get(slug_pt="estudos-atuariais")
    sent_back = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
    locked = StoryPage.objects.get(slug_pt="arranque-do-action-portugal")

    client.force_login(translator)
    draft = edit_form_data(client, pillar, publish=False, summary_pt="Primeiro rascunho.")
    assert client.post(f"/admin/pages/{pillar.pk}/edit/", draft).status_code == 302
    state = submit(client, pillar, summary_pt="Segundo rascunho.")
    Comment.objects.create(
        page=pillar, user=editor, text="Rever a terminologia.", contentpath="summary_pt"
    )
    rejected = submit(client, sent_back, summary_en="A rough translation.")
    rejected.current_task_state.specific.task.specific.on_action(
        rejected.current_task_state, editor, "reject", comment="Rever a tradução."
    )
    StoryPage.objects.filter(pk=locked.pk).update(
        locked=True, locked_by=editor, locked_at=timezone.now()
    )
    client.logout()
    return {
        "translator": translator,
        "editor": editor,
        "pillar": pillar,
        "state": state,
        "task_state": state.current_task_state,
        "revisions": list(pillar.revisions.order_by("pk").values_list("pk", flat=True)),
        "image": SiteImageFactory(),
        "document": a_document(),
        "timeline": TimelineIndexPage.objects.get(),
        "site": Site.objects.get(is_default_site=True),
        "contact": a_message(),
    }


def a_message():
    """The contact page, with a visitor's message kept under Forms."""
    from contact.models import ContactPage

    contact = ContactPage.objects.get()
    contact.get_submission_class().objects.create(
        page=contact,
        form_data={
            "name": "Ana",
            "email": "ana@example.org",
            "subject": "Boletim",
            "message": "Onde encontro o boletim?",
            "consent": True,
        },
    )
    return contact


def screens(role, content):
    """Every screen ``role`` uses, as (name, address), with ``content`` on it."""
    pillar, timeline = content["pillar"], content["timeline"]
    first, last = content["revisions"][0], content["revisions"][-1]
    state, task_state = content["state"], content["task_state"]
    page = f"/admin/pages/{pillar.pk}"
    found = [
        ("dashboard", "/admin/"),
        ("explorer", "/admin/pages/"),
        ("explorer, a section of many pages", f"/admin/pages/{timeline.pk}/"),
        ("explorer, filtered", f"/admin/pages/{timeline.pk}/?has_child_pages=false"),
        ("search with results", "/admin/pages/search/?q=proteção"),
        ("page editor", f"{page}/edit/"),
        ("preview", f"{page}/edit/preview/?mode=pt"),
        ("history", f"{page}/history/"),
        ("a revision", f"{page}/revisions/{first}/view/"),
        ("revisions compared", f"{page}/revisions/compare/{first}...{last}/"),
        ("workflow history", f"{page}/workflow_history/"),
        ("workflow in detail", f"{page}/workflow_history/detail/{state.pk}/"),
        ("usage", f"{page}/usage/"),
        ("workflows report", "/admin/reports/workflow/"),
        ("workflow tasks report", "/admin/reports/workflow_tasks/"),
        ("site history, paginated", "/admin/reports/site-history/"),
        ("translation status", "/admin/translation-status/"),
        ("translation view", f"/admin/translate/page/{pillar.pk}/?from=pt&to=en"),
        (
            "translation view, English into Portuguese",
            f"/admin/translate/page/{pillar.pk}/?from=en&to=pt",
        ),
        ("page chooser", "/admin/choose-page/"),
        ("image chooser", "/admin/images/chooser/"),
        ("document chooser", "/admin/documents/chooser/"),
        ("account: profile, notifications, language", "/admin/account/"),
    ]
    if role == "editor":
        review = f"/admin/pages/workflow/action/{pillar.pk}"
        found += [
            ("request changes", f"{review}/reject/{task_state.pk}/"),
            ("approve with a comment", f"{review}/approve/{task_state.pk}/"),
            (
                "moderation preview",
                f"/admin/pages/workflow/preview/{pillar.pk}/{task_state.task_id}/",
            ),
            ("new page", f"/admin/pages/add/timeline/storypage/{timeline.pk}/"),
            ("copy", f"{page}/copy/"),
            ("move", f"{page}/move/"),
            ("unpublish", f"{page}/unpublish/"),
            ("delete", f"{page}/delete/"),
            ("locked pages", "/admin/reports/locked/"),
            ("aging pages", "/admin/reports/aging-pages/"),
            ("page types usage", "/admin/reports/page-types-usage/"),
            ("images", "/admin/images/"),
            ("an image", f"/admin/images/{content['image'].pk}/"),
            ("images to add", "/admin/images/multiple/add/"),
            ("documents", "/admin/documents/"),
            ("a document", f"/admin/documents/edit/{content['document'].pk}/"),
            ("documents to add", "/admin/documents/multiple/add/"),
            (
                "site settings",
                f"/admin/settings/action_portugal/sitesettings/{content['site'].pk}/",
            ),
            ("redirects", "/admin/redirects/"),
            ("forms", "/admin/forms/"),
            ("a form's messages", f"/admin/forms/submissions/{content['contact'].pk}/"),
            ("the contact page's editor", f"/admin/pages/{content['contact'].pk}/edit/"),
            (
                "translation view of the site settings",
                f"/admin/translate/settings/{content['site'].pk}/",
            ),
        ]
    return found


def shown(response):
    """The HTML a screen shows: the page, or the dialog a JSON answer carries."""
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content)["html"]
    return response.content.decode()


@pytest.mark.parametrize("role", ["translator", "editor"])
def test_every_screen_is_in_portuguese(client, content, role):
    client.force_login(content[role])
    checker = Checker()
    answers, english = {}, {}
    for name, url in screens(role, content):
        response = client.get(url)
        answers[name] = response.status_code
        html = shown(response) if response.status_code == 200 else ""
        assert html.strip() or response.status_code != 200, name
        found = checker.english_in_html(html)
        if found:
            english[name] = sorted(set(found))
    assert answers == dict.fromkeys(answers, 200)
    assert english == {}


def test_the_admins_script_strings_are_portuguese(client, content):
    """Every string Wagtail's scripts take from the admin's script catalogue (comments,
    the minimap's "Collapse all", Draftail, the side panels, the autosave), whether or not
    the screens above happen to show it."""
    client.force_login(content["translator"])
    response = client.get("/admin/jsi18n/")
    served = json.loads(
        re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S)[1]
    )
    missing = []
    for message in english_messages():
        if message.domain != "djangojs" or not has_words(message.msgid):
            continue
        key = f"{message.context}\x04{message.msgid}" if message.context else message.msgid
        translated = served.get(key)
        forms = translated if isinstance(translated, list) else [translated]
        english = {message.msgid, message.plural}
        if not translated or any(form in english and form not in ALLOWED for form in forms):
            missing.append(message.msgid)
    assert sorted(missing) == []


def test_the_check_fails_without_one_of_our_translations(client, content, monkeypatch):
    ours = site_catalogues("pt")["django"]._catalog
    assert ours["Preview mode"] != "Preview mode"
    monkeypatch.setitem(ours, "Preview mode", "Preview mode")
    client.force_login(content["translator"])
    html = client.get(f"/admin/pages/{content['pillar'].pk}/edit/").content.decode()
    assert ("Preview mode", "Preview mode") in Checker().english_in_html(html)


class NothingTranslated:
    """A catalogue without a single translation, for trying the checker on its own."""

    def gettext(self, message):
        return message

    def pgettext(self, context, message):
        return message

    def ngettext(self, singular, plural, number):
        return singular if number == 1 else plural

    def npgettext(self, context, singular, plural, number):
        return self.ngettext(singular, plural, number)


@pytest.fixture
def checker():
    messages = [
        Message("Help"),
        Message("Status: "),
        Message("Search all pages…"),
        Message("Save"),
        Message("Preview", context="noun"),
        Message("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
        Message("%(site_setting)s for %(site)s"),
        Message("Referenced %(count)s time", plural="Referenced %(count)s times"),
        Message("View / edit fields for"),
        Message("Collapse all", domain="djangojs"),
        Message("Angola"),
        Message("Autosave is <span>paused</span>"),
        Message("This %(model_name)s is currently awaiting moderation."),
        Message("Keyboard shortcuts are currently enabled; manage your %(account_link)s."),
        Message("Exploring"),
        Message("site"),
    ]
    nothing = NothingTranslated()
    return Checker(messages, catalogues={"django": nothing, "djangojs": nothing})


def test_the_checker_finds_english_wherever_it_is_shown_or_heard(checker):
    config = {"STRINGS": {"BULK_ACTIONS": {"PAGE": {"SINGULAR": "Collapse all"}}}}
    sidebar = {"modules": [{"_args": [{"name": "help", "label": "Help", "url": "/admin/"}]}]}
    html = f"""
        <p><span class="w-sr-only">Status: </span>Publicada</p>
        <input type="search" placeholder="Search all pages…">
        <input type="submit" value="Save">
        <button aria-label="Preview"></button>
        <span>1-10 of 10 páginas</span>
        <a title="Referenced 3 times">3</a>
        <script id="wagtail-config" type="application/json">{json.dumps(config)}</script>
        <script id="wagtail-sidebar-props" type="application/json">{json.dumps(sidebar)}</script>
        <script>wagtailModelTranslations = {{viewEditString: 'View / edit fields for'}};</script>
        <p>Autosave is <span>paused</span></p>
        <p>This página is currently awaiting moderation. Só os revisores a podem alterar.</p>
        <p>Keyboard shortcuts are currently enabled; manage your <a href="/">conta</a>.</p>
        <title>Exploring: Raiz - Wagtail</title>
        <th>Site</th>
    """
    assert {form for form, _text in checker.english_in_html(html)} == {
        "Autosave is paused",
        "This %(model_name)s is currently awaiting moderation.",
        "Keyboard shortcuts are currently enabled; manage your %(account_link)s.",
        "Exploring",
        "Site",
        "Status:",
        "Search all pages…",
        "Save",
        "Preview",
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s",
        "Referenced %(count)s times",
        "Collapse all",
        "Help",
        "View / edit fields for",
    }


def test_the_checker_lets_portuguese_and_names_through(checker):
    html = """
        <p><span class="w-sr-only">Estado: </span>Publicada</p>
        <input type="search" placeholder="Pesquisar em todas as páginas…">
        <span>1-10 de 10 páginas</span>
        <p>Angola</p>
        <p>Receber uma notificação quando uma página for aprovada</p>
        <script id="wagtail-sidebar-props" type="application/json">{"name": "Help"}</script>
        <textarea>Help</textarea>
        <p>A gravação automática está <span>em pausa</span></p>
        <title>A explorar: Raiz - Wagtail</title>
    """
    assert checker.english_in_html(html) == []
