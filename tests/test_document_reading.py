"""The site reads a document's file by itself (action_portugal.files.processing): pages,
text per page in the languages asked for, a cover; in the background, in a process of its
own; hostile and broken files end with a reason in the editor's language, nothing half
written, and the worker carries on."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.contrib.postgres.search import SearchQuery
from django.core.files.base import ContentFile
from django.db import connection
from django.test import override_settings
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from action_portugal.base.permissions import TRANSLATORS
from action_portugal.files import pdf_reader, processing
from action_portugal.files.models import FAILURES, DocumentFacts, DocumentText
from action_portugal.files.samples import pdf_with_text

from .staff import member_of, superuser
from .test_documents import a_document, encrypted_pdf, real_pdf

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
State = DocumentFacts.State


def bulletin(pages=8):
    """A Portuguese bulletin whose seventh page, and only that one, speaks of statistical
    bulletins."""
    texts = [
        [f"Página {n}: proteção social em Moçambique, cobertura e financiamento."]
        for n in range(1, pages + 1)
    ]
    if pages >= 7:
        texts[6] = ["Este boletim reúne os indicadores estatísticos da proteção social de 2022."]
    return pdf_with_text(texts)


def read(document, languages=("pt",), capture=None):
    """Ask for the document to be read and run what was queued, as the commit would."""
    with capture(execute=True):
        processing.request_reading(document, languages)
    return DocumentFacts.objects.get(document=document)


@pytest.fixture
def reading(django_capture_on_commit_callbacks, media):
    def run(document, languages=("pt",)):
        return read(document, languages, django_capture_on_commit_callbacks)

    return run


def test_a_pdf_is_read_page_by_page_with_a_cover(reading):
    document = a_document(content=bulletin(), title="Boletim estatístico")
    facts = reading(document)
    assert facts.state == State.READY
    assert facts.page_count == 8
    assert facts.failure == ""
    texts = list(DocumentText.objects.filter(document=document).order_by("number"))
    assert [t.number for t in texts] == list(range(1, 9))
    assert {t.language for t in texts} == {"pt"}
    assert "indicadores estatísticos" in texts[6].text
    cover = facts.cover
    assert cover is not None and cover.collection_id == document.collection_id
    assert (cover.width, cover.height) == (600, 850)  # A4, 600 pixels wide
    assert cover.description_pt == "Capa de “Boletim estatístico”"
    assert cover.description_en == "Cover of “Boletim estatístico”"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's stemmers")
def test_the_text_is_searched_with_its_language_s_stemmer(reading):
    document = a_document(content=bulletin())
    reading(document, ["pt", "en"])
    found = DocumentText.objects.filter(
        language="pt", vector=SearchQuery("boletim estatístico", config="portuguese")
    )
    assert [t.number for t in found] == [7]  # "estatísticos" on the page
    vectors = dict(
        DocumentText.objects.filter(document=document, number=1).values_list("language", "vector")
    )
    assert "'proteçã'" in vectors["pt"]  # Portuguese stemming
    assert "'proteção'" in vectors["en"]  # English leaves the Portuguese word alone


def test_languages_asked_for_later_are_added(reading):
    document = a_document(content=bulletin(3))
    reading(document, ["pt"])
    facts = reading(document, ["en"])
    assert facts.languages == ["en", "pt"]
    assert DocumentText.objects.filter(document=document, language="en").count() == 3
    assert DocumentText.objects.filter(document=document, language="pt").count() == 3


def test_a_file_read_once_is_not_read_again(reading, monkeypatch):
    document = a_document(content=bulletin(2))
    reading(document)
    monkeypatch.setattr(processing, "read_pdf", lambda *args: pytest.fail("read again"))
    assert reading(document).state == State.READY


def test_a_new_file_is_read_again_in_the_same_languages(
    reading, django_capture_on_commit_callbacks
):
    document = a_document(content=bulletin(2))
    old_cover = reading(document, ["pt", "en"]).cover
    with django_capture_on_commit_callbacks(execute=True):
        document.file.save(
            "novo.pdf", ContentFile(pdf_with_text([["Um documento novo"]])), save=False
        )
        document._set_document_file_metadata()
        document.save()
    facts = DocumentFacts.objects.get(document=document)
    assert (facts.state, facts.page_count, facts.languages) == (State.READY, 1, ["en", "pt"])
    assert list(DocumentText.objects.filter(document=document).values_list("text", flat=True)) == [
        "Um documento novo",
        "Um documento novo",
    ]
    assert not get_image_model().objects.filter(pk=old_cover.pk).exists()


def truncated():
    content = bulletin(4)
    return content[: len(content) // 2]


def many_pages():
    return real_pdf(pdf_reader.MAX_PAGES + 1)


def huge_page():
    return pdf_with_text([["Um cartaz"]], size=(20_000, 20_000))


HOSTILE = {
    "not a pdf": (lambda: b"<html><script>alert(1)</script></html>", "not_pdf", "não é um PDF"),
    "encrypted, with a password": (lambda: encrypted_pdf("secret"), "encrypted", "palavra-passe"),
    "encrypted, without one": (lambda: encrypted_pdf(""), "encrypted", "palavra-passe"),
    "truncated": (truncated, "damaged", "danificado ou incompleto"),
    "garbage after a pdf signature": (
        lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40,
        "damaged",
        "danificado",
    ),
    "too many pages": (many_pages, "too_many_pages", "tem 2001 páginas"),
    "an absurd page size": (huge_page, "page_size", "A página 1"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_or_broken_file_is_refused_with_a_reason(case, reading):
    make, code, portuguese = HOSTILE[case]
    document = a_document(content=make())
    facts = reading(document)  # the task ends normally: the worker carries on
    assert (facts.state, facts.failure) == (State.FAILED, code)
    assert facts.page_count is None and facts.cover is None
    assert not DocumentText.objects.filter(document=document).exists()
    with translation.override("pt"):
        assert portuguese in facts.failure_message
    with translation.override("en"):
        assert facts.failure_message == str(FAILURES[code]) % facts.failure_values


def test_reading_too_long_is_stopped(reading, settings):
    settings.DOCUMENT_READ_SECONDS = 0
    facts = reading(a_document(content=bulletin(3)))
    assert (facts.state, facts.failure) == (State.FAILED, "too_slow")
    with translation.override("en"):
        assert "more than 0 seconds" in facts.failure_message


def test_reading_with_too_little_memory_is_stopped(reading, settings):
    settings.DOCUMENT_READ_MEMORY_MB = 24  # not even enough to start PDFium
    facts = reading(a_document(content=bulletin(3)))
    assert (facts.state, facts.failure) == (State.FAILED, "too_big")


def test_a_document_in_a_private_collection_gets_no_public_cover(reading):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Interno")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    facts = reading(a_document(content=bulletin(2), collection=private))
    assert facts.state == State.READY and facts.page_count == 2
    assert facts.cover is None


def test_a_reading_overtaken_by_a_new_file_keeps_nothing(reading, monkeypatch):
    document = a_document(content=bulletin(2))
    real = processing.read_pdf

    def meanwhile_a_new_file(source, cover):
        found = real(source, cover)
        DocumentFacts.objects.filter(document=document).update(state=State.WAITING)
        return found

    monkeypatch.setattr(processing, "read_pdf", meanwhile_a_new_file)
    facts = reading(document)
    assert facts.state == State.WAITING  # the new reading decides
    assert not DocumentText.objects.filter(document=document).exists()


def test_a_reading_a_killed_worker_left_is_asked_again(
    reading, settings, django_capture_on_commit_callbacks
):
    document = a_document(content=bulletin(2))
    facts = reading(document)
    # The worker was killed while reading: the row says "being read", and no task is left.
    DocumentFacts.objects.filter(pk=facts.pk).update(
        state=State.READING, started_at=timezone.now() - timedelta(seconds=30)
    )
    assert processing.read_abandoned() == 0  # still within the time a reading may take
    assert processing.request_reading(document, ["pt"]).state == State.READING
    DocumentFacts.objects.filter(pk=facts.pk).update(
        started_at=timezone.now() - timedelta(seconds=settings.DOCUMENT_READ_SECONDS + 61)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert processing.read_abandoned() == 1  # as the restarted worker starts
    facts.refresh_from_db()
    assert facts.state == State.READY and facts.page_count == 2


def test_a_file_that_keeps_stopping_workers_fails_instead_of_being_read_for_ever(
    reading, settings, django_capture_on_commit_callbacks
):
    document = a_document(content=bulletin(2))
    facts = reading(document)
    long_ago = timezone.now() - timedelta(seconds=settings.DOCUMENT_READ_SECONDS + 61)

    def killed_while_reading():
        DocumentFacts.objects.filter(pk=facts.pk).update(state=State.READING, started_at=long_ago)

    for times in (1, 2):
        killed_while_reading()
        with django_capture_on_commit_callbacks(execute=False):  # the worker dies again
            assert processing.read_abandoned() == 1
        assert DocumentFacts.objects.get(pk=facts.pk).failure_values == {"abandoned": times}
    killed_while_reading()
    assert processing.read_abandoned() == 0
    facts.refresh_from_db()
    assert facts.state == State.FAILED
    with translation.override("pt"):
        assert facts.failure_message.startswith("Este PDF está danificado")


def test_an_editor_saving_again_asks_again_for_an_abandoned_reading(reading, settings):
    document = a_document(content=bulletin(2))
    facts = reading(document)
    DocumentFacts.objects.filter(pk=facts.pk).update(
        state=State.READING,
        started_at=timezone.now() - timedelta(seconds=settings.DOCUMENT_READ_SECONDS + 61),
    )
    assert reading(document).state == State.READY


def test_nothing_is_queued_before_the_transaction_commits(
    media, django_capture_on_commit_callbacks
):
    document = a_document(content=bulletin(2))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        facts = processing.request_reading(document, ["pt"])
    assert facts.state == State.WAITING
    assert len(callbacks) == 1
    assert not DocumentText.objects.exists()


DATABASE_WORKER = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "documents": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["documents"]},
}


def test_in_production_reading_is_queued_for_the_worker(media, django_capture_on_commit_callbacks):
    """Production's backend queues the reading in the database, and nothing is read in
    the request (tests/test_document_worker.py runs the worker on it)."""
    document = a_document(content=bulletin(3))
    with (
        override_settings(TASKS=DATABASE_WORKER),
        django_capture_on_commit_callbacks(execute=True),
    ):
        processing.request_reading(document, ["pt"])
    facts = DocumentFacts.objects.get(document=document)
    assert facts.state == State.WAITING
    assert not DocumentText.objects.exists()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "action_portugal.files.processing.read_document"
    assert queued.args_kwargs["args"] == [document.pk]
    assert (queued.queue_name, queued.backend_name) == ("documents", "documents")


def dashboard(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_dashboard_shows_documents_waiting_and_a_stopped_worker(client, media):
    document = a_document(content=bulletin(2), title="Boletim n.º 4")
    processing.request_reading(document, ["pt"])  # queued at commit: never, in this test
    html = dashboard(client, superuser())
    assert "1 document waits for its pages, text and cover to be read." in html
    assert "may be stopped" not in html
    DocumentFacts.objects.update(requested_at=timezone.now() - timedelta(minutes=25))
    html = dashboard(client, User.objects.get(username="admin"))
    assert (
        "The oldest has been waiting for 25 minutes: "
        "the worker that reads documents may be stopped."
    ) in html


def test_the_dashboard_names_each_document_that_could_not_be_read(reading, client):
    document = a_document(content=encrypted_pdf("secret"), title="Relatório protegido")
    reading(document)
    html = dashboard(client, superuser(language="pt"))
    assert "Relatório protegido" in html
    assert f"/admin/documents/edit/{document.pk}/" in html
    assert "Este PDF está protegido por palavra-passe" in html


def test_people_without_the_documents_see_nothing_of_them(reading, client):
    reading(a_document(content=encrypted_pdf("secret"), title="Relatório protegido"))
    html = dashboard(client, member_of(TRANSLATORS))
    assert "Relatório protegido" not in html
    assert "Documents being read" not in html
