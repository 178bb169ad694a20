"""The contact page: a message kept and sent by the worker to the site's contact address,
spam kept out without a third party (a trap field, a limit per address, length limits),
errors in the visitor's language with everything typed kept, never a 500; who reads the
messages, how long they are kept, and how caches treat the page."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Site

from action_portugal.base.permissions import EDITORS, TRANSLATORS
from action_portugal.base.site_settings import SiteSettings
from contact.forms import MESSAGE_LENGTH, NAME_LENGTH
from contact.models import ContactPage
from contact.retention import delete_old_messages

from .conftest import soup
from .staff import member_of

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.9"
PROGRAMME = "programa@example.org"
URLS = {"pt": "/pt/contacto/", "en": "/en/contact/"}


def good(**changes):
    return {
        "name": "Ana Silva",
        "email": "ana@example.org",
        "subject": "Boletins estatísticos",
        "message": "Gostaria de receber os boletins.",
        "consent": "on",
        "website": "",
        **changes,
    }


@pytest.fixture
def page():
    return ContactPage.objects.get()


@pytest.fixture
def contact_address():
    settings_ = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings_.contact_email = PROGRAMME
    settings_.save()
    return PROGRAMME


def send(client, data, language="pt", address=ADDRESS):
    return client.post(URLS[language], data, REMOTE_ADDR=address)


def test_a_message_is_kept_and_sent_by_the_worker_to_the_settings_address(
    client, page, contact_address, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = send(client, good())
    assert response.status_code == 302
    assert response["Location"] == "/pt/contacto/?sent=1"
    submission = FormSubmission.objects.get(page=page)
    assert submission.form_data == {
        "name": "Ana Silva",
        "email": "ana@example.org",
        "subject": "Boletins estatísticos",
        "message": "Gostaria de receber os boletins.",
        "consent": True,
    }
    assert len(callbacks) == 1  # the task, queued once the message is stored
    (sent,) = mail.outbox
    assert sent.to == [PROGRAMME]
    assert sent.reply_to == ["ana@example.org"]
    assert "Boletins estatísticos" in sent.subject
    assert "Gostaria de receber os boletins." in sent.body
    thanks = soup(client.get(response["Location"]))
    assert "Recebemos a sua mensagem" in thanks.select_one(".contact-thanks").text
    assert thanks.find("form", class_="contact-form") is None


def test_the_mail_is_sent_by_the_worker_not_in_the_request(
    client, page, contact_address, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send(client, good())
    assert mail.outbox == []  # the request only queued it
    (queue,) = callbacks
    queue()
    assert len(mail.outbox) == 1


def test_without_a_contact_address_the_message_is_kept_and_nothing_is_sent(
    client, page, django_capture_on_commit_callbacks
):
    assert not SiteSettings.for_site(Site.objects.get(is_default_site=True)).contact_email
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = send(client, good())
    assert response.status_code == 302
    assert FormSubmission.objects.filter(page=page).count() == 1
    assert callbacks == []
    assert mail.outbox == []


def test_the_editor_is_told_where_messages_go(editor, page, contact_address):
    client = editor("en")
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert f"sent by e-mail to {PROGRAMME}" in html
    SiteSettings.objects.update(contact_email="")
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "No contact e-mail is set" in html


def test_the_trap_filled_keeps_nothing_and_says_nothing(
    client, page, contact_address, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, good(website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == "/pt/contacto/?sent=1"  # as for a person's message
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_the_trap_is_hidden_from_people_and_screen_readers_but_not_a_hidden_input(client, page):
    trap = soup(client.get(URLS["pt"])).find("input", attrs={"name": "website"})
    assert trap["type"] == "text"
    assert trap["tabindex"] == "-1"
    assert "contact-form__trap" in trap.parent["class"]
    css = (Path(__file__).parents[1] / "static" / "css" / "site.css").read_text()
    assert ".contact-form__trap { display: none; }" in css


@override_settings(THROTTLES={"contact-address": (3, 60)})
@pytest.mark.parametrize(
    ("language", "expected"),
    [("pt", "Tente de novo dentro de 60 minutos"), ("en", "Please try again in 60 minutes")],
)
def test_an_address_is_refused_after_the_limit_with_what_it_typed_kept(
    client, page, language, expected
):
    for _n in range(3):
        assert send(client, good(), language).status_code == 302
    response = send(client, good(subject="Quarta"), language)
    assert response.status_code == 429
    document = soup(response)
    assert expected in document.select_one(".error-summary").text
    assert document.find("input", attrs={"name": "subject"})["value"] == "Quarta"
    assert FormSubmission.objects.count() == 3
    # another address is not refused
    assert send(client, good(), language, address="198.51.100.4").status_code == 302


@pytest.mark.parametrize(
    ("language", "consent", "email", "length"),
    [
        (
            "pt",
            "Marque a caixa para aceitar o aviso de privacidade.",
            "Escreva um endereço de correio eletrónico no formato nome@example.org.",
            "A mensagem é demasiado longa: no máximo 5000 caracteres (tem 5001).",
        ),
        (
            "en",
            "Tick the box to agree to the privacy notice.",
            "Enter an e-mail address in the form name@example.org.",
            "The message is too long: at most 5000 characters (it has 5001).",
        ),
    ],
)
def test_a_bad_message_shows_its_errors_in_the_visitors_language_and_keeps_what_was_typed(
    client, page, language, consent, email, length
):
    long_message = "x" * (MESSAGE_LENGTH + 1)
    response = send(
        client,
        good(consent="", email="não-é-um-endereço", message=long_message),
        language,
    )
    assert response.status_code == 200
    assert FormSubmission.objects.count() == 0
    document = soup(response)
    summary = document.select_one(".error-summary")
    assert summary["tabindex"] == "-1"
    assert summary.has_attr("autofocus")
    # Each error once in the summary, as a link to its field.
    assert {a["href"]: a.text for a in summary.find_all("a")} == {
        "#id_email": email,
        "#id_message": length,
        "#id_consent": consent,
    }
    for name, message in (("consent", consent), ("email", email), ("message", length)):
        field = document.find(attrs={"name": name})
        assert field["aria-invalid"] == "true"
        described = field["aria-describedby"].split()
        errors = document.find(id=f"id_{name}-errors")
        assert errors["id"] in described
        assert message in errors.text
    # What was typed is kept.
    assert document.find("input", attrs={"name": "name"})["value"] == "Ana Silva"
    assert document.find("input", attrs={"name": "email"})["value"] == "não-é-um-endereço"
    assert document.find("textarea", attrs={"name": "message"}).text == long_message
    assert document.title.text.startswith("Erro:" if language == "pt" else "Error:")


@pytest.mark.parametrize(
    "changes",
    [
        {"name": "Ana\r\nBcc: victim@example.org", "subject": "Olá\nBcc: victim@example.org"},
        {"subject": "Olá\r\nContent-Type: text/html"},
        {"email": "ana@example.org\nBcc: victim@example.org"},
        {"email": "ana@example.org\r\n"},
        {"name": "\x00\x0b", "subject": "\u2028\u2029"},
    ],
)
def test_header_injection_never_gives_a_500_nor_a_header(
    client, page, contact_address, changes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, good(**changes))
    assert response.status_code in (200, 302)
    for sent in mail.outbox:
        assert "\n" not in sent.subject and "\r" not in sent.subject
        assert sent.bcc == []
        message = sent.message()
        assert message["Bcc"] is None
        assert "victim" not in str(message["Reply-To"] or "")


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"name": ["a", "b"], "consent": "yes", "email": "x@example.org"},
        {"name": "a" * (NAME_LENGTH * 50), "message": "m" * (MESSAGE_LENGTH * 20)},
        {"consent": "\x00", "email": "\x00@\x00"},
    ],
)
def test_malformed_posts_are_answered_with_the_form_never_a_500(client, page, data):
    response = client.post(URLS["en"], data, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    assert soup(response).select_one(".error-summary") is not None
    assert FormSubmission.objects.count() == 0


def test_a_post_without_the_csrf_token_is_refused_by_djangos_403(page):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(URLS["en"], good(), REMOTE_ADDR=ADDRESS)
    assert response.status_code == 403
    assert FormSubmission.objects.count() == 0


@pytest.mark.parametrize("language", ["pt", "en"])
def test_labels_are_in_the_visitors_language_and_consent_links_to_the_privacy_notice(
    client, page, language
):
    document = soup(client.get(URLS[language]))
    labels = {label["for"]: label for label in document.select(".contact-form label")}
    assert labels["id_name"].text == ("O seu nome" if language == "pt" else "Your name")
    link = labels["id_consent"].find("a")
    assert link["href"] == ("/pt/privacidade/" if language == "pt" else "/en/privacy/")
    assert document.find("input", attrs={"name": "consent"})["type"] == "checkbox"


@override_settings(PAGE_CACHE_ENABLED=True)
def test_the_page_is_never_kept_by_a_shared_cache(client, page):
    """Each visitor gets the form with a token of their own: never a cached copy."""
    first = client.get(URLS["pt"])
    second = client.get(URLS["pt"])
    for response in (first, second):
        assert "X-Cache" not in response
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store", "no-cache"} <= directives
    other = type(client)()
    token = soup(first).find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    again = soup(other.get(URLS["pt"])).find("input", attrs={"name": "csrfmiddlewaretoken"})
    assert again["value"] != token
    posted = client.post(URLS["pt"], good(email="bad"), REMOTE_ADDR=ADDRESS)
    assert "public" not in posted["Cache-Control"]


def test_editors_read_the_messages_anonymous_visitors_and_translators_do_not(client, page):
    FormSubmission.objects.create(page=page, form_data=good(subject="Segredo"))
    listing = f"/admin/forms/submissions/{page.pk}/"
    assert client.get(listing).status_code == 302  # to the sign-in
    client.force_login(member_of(TRANSLATORS, language="en"))
    assert client.get(listing).status_code in (302, 403)
    assert page.title not in client.get("/admin/forms/").content.decode()
    client.force_login(member_of(EDITORS, username="editor", language="en"))
    assert "Segredo" in client.get(listing).content.decode()
    assert client.get("/admin/forms/").status_code == 200


def test_old_messages_are_deleted_and_recent_ones_kept(page):
    old = FormSubmission.objects.create(page=page, form_data=good(subject="old"))
    recent = FormSubmission.objects.create(page=page, form_data=good(subject="recent"))
    FormSubmission.objects.filter(pk=old.pk).update(
        submit_time=timezone.now() - timedelta(days=366)
    )
    FormSubmission.objects.filter(pk=recent.pk).update(
        submit_time=timezone.now() - timedelta(days=364)
    )
    call_command("delete_old_contact_messages", stdout=io.StringIO())
    assert list(FormSubmission.objects.values_list("pk", flat=True)) == [recent.pk]
    assert delete_old_messages() == 0


def test_the_form_is_not_in_the_search_text(page):
    from action_portugal.search.models import SearchEntry

    texts = " ".join(SearchEntry.objects.filter(page_id=page.pk).values_list("text", flat=True))
    assert "Escreva à equipa" in texts
    for label in ("O seu nome", "Your name", "Leave this field empty", "csrf"):
        assert label not in texts


def test_the_contact_page_and_the_notices_are_in_the_sitemap_in_both_languages(client):
    sitemap = client.get("/sitemap.xml").content.decode()
    for path in (
        "/pt/contacto/",
        "/en/contact/",
        "/pt/privacidade/",
        "/en/privacy/",
        "/pt/declaracao-de-acessibilidade/",
        "/en/accessibility-statement/",
        "/pt/aviso-legal/",
        "/en/legal-notice/",
    ):
        assert f"<loc>http://testserver{path}</loc>" in sitemap, path


@pytest.mark.parametrize(
    ("url", "found"),
    [
        ("/pt/pesquisa/?q=acessibilidade", "/pt/declaracao-de-acessibilidade/"),
        ("/en/search/?q=accessibility", "/en/accessibility-statement/"),
        ("/pt/pesquisa/?q=privacidade", "/pt/privacidade/"),
        ("/en/search/?q=contact", "/en/contact/"),
    ],
)
def test_the_notices_and_the_contact_page_are_found_by_the_search(client, url, found):
    links = {a["href"] for a in soup(client.get(url)).select("main a")}
    assert found in links


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("message=" + "x" * (3 * 1024 * 1024), 400),  # past DATA_UPLOAD_MAX_MEMORY_SIZE
        ("&".join(f"f{n}=1" for n in range(1500)), 400),  # past DATA_UPLOAD_MAX_NUMBER_FIELDS
        ("name=%ZZ&email=%C3%28&consent=%00", 200),  # not UTF-8: the form, with its errors
    ],
    ids=["too large", "too many fields", "undecodable"],
)
def test_an_oversized_or_undecodable_post_is_never_a_500(client, page, body, status):
    response = client.post(
        URLS["pt"], body, content_type="application/x-www-form-urlencoded", REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == status
    assert FormSubmission.objects.count() == 0
    if status == 200:
        assert soup(response).select_one(".error-summary") is not None
