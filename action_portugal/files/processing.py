"""Reading documents' files in the background: the number of pages, the text of every page
(kept for the search in each language the pages offering the file ask for) and a picture of
the first page, by a task of Django's tasks framework (the ``documents`` backend: run at once
in development and tests, by the ``db_worker`` process in production; docs/deployment.md).

Whoever offers a file in a language asks for it (``request_reading``); a new file uploaded
over a document asks again for the languages it was read in. The file is read by
``pdf_reader`` in a process of its own, with limits on time and memory (``README``); what it
found is written in one transaction, so a document is either read or not, never half.
"""

import hashlib
import json
import logging
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.core.files.images import ImageFile
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.dispatch import Signal
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from action_portugal.base.i18n import LANGUAGE_CODES, SEARCH_CONFIGS
from action_portugal.files import pdf_reader
from action_portugal.files.models import DocumentFacts, DocumentText

logger = logging.getLogger(__name__)

# Sent once a document's reading is written (read, or failed), with ``document_id``: what
# shows the document can be rendered again.
document_read = Signal()

READER = Path(pdf_reader.__file__)
PDF_SIGNATURE = b"%PDF-"
ABANDONED_AT_MOST = 2
State = DocumentFacts.State


def request_reading(document, languages):
    """Have ``document``'s file read, its text kept for the search in ``languages`` (and in
    those asked for before), unless that is done or under way for this very file. The task
    is queued when the current transaction commits."""
    facts, _created = DocumentFacts.objects.get_or_create(document=document)
    wanted = sorted(set(facts.languages) | {code for code in languages if code in LANGUAGE_CODES})
    same_file = bool(document.file_hash) and facts.file_hash == document.file_hash
    if same_file and wanted == facts.languages and not facts.abandoned:
        return facts  # read, being read or waiting for it: asked for already
    facts.languages = wanted
    facts.file_hash = document.file_hash
    facts.state = State.WAITING
    facts.requested_at = timezone.now()
    facts.save(update_fields=["languages", "file_hash", "state", "requested_at"])
    document_id = document.pk
    transaction.on_commit(lambda: read_document.enqueue(document_id))
    return facts


@task(backend="documents", queue_name="documents")
def read_document(document_id):
    """Read the document's file and keep what it holds; a failure is recorded as a reason
    the editor can read, and the task itself succeeds (there is nothing to retry)."""
    facts = DocumentFacts.objects.filter(document_id=document_id).first()
    if facts is None:
        return "gone"
    DocumentFacts.objects.filter(pk=facts.pk).update(state=State.READING, started_at=timezone.now())
    document = facts.document
    with tempfile.TemporaryDirectory(prefix="document-") as folder:
        source, cover = Path(folder) / "file.pdf", Path(folder) / "cover.png"
        try:
            file_hash = copy_file(document, source)
        except OSError:
            logger.warning("Document %s: its file could not be read", document_id, exc_info=True)
            return fail(facts, "unreadable")
        with source.open("rb") as opened:
            if not opened.read(1024).lstrip(b"\r\n\t \x00").startswith(PDF_SIGNATURE):
                return fail(facts, "not_pdf", file_hash=file_hash)
        found = read_pdf(source, cover)
        if "refused" in found:
            code = found.pop("refused")
            return fail(facts, code, file_hash=file_hash, **found)
        return keep(facts, file_hash, found, cover)


def read_abandoned():
    """Ask again for the readings a stopped worker left (``DocumentFacts.abandoned``): run
    as a worker starts (``scripts/worker``). A file whose reading was abandoned
    ``ABANDONED_AT_MOST`` times is taken for one that stops workers, and fails as damaged
    rather than be read for ever. The number asked again."""
    asked = 0
    for facts in DocumentFacts.objects.abandoned().select_related("document"):
        times = facts.failure_values.get("abandoned", 0) + 1
        with transaction.atomic():
            if times > ABANDONED_AT_MOST:
                logger.error("Document %s: abandoned %s times; not read again", facts.pk, times)
                fail(facts, "damaged")
                continue
            logger.warning("Document %s: its reading was abandoned; asked again", facts.pk)
            DocumentFacts.objects.filter(pk=facts.pk).update(failure_values={"abandoned": times})
            request_reading(facts.document, facts.languages)
        asked += 1
    return asked


def copy_file(document, destination):
    """The document's file copied to ``destination`` (from the disk or the bucket), and
    the SHA-1 of its bytes (as Wagtail hashes it)."""
    digest = hashlib.sha1()  # noqa: S324 - Wagtail's file hash, to compare with it
    with document.file.open("rb") as source, destination.open("wb") as copy:
        for chunk in iter(lambda: source.read(1024 * 1024), b""):
            digest.update(chunk)
            copy.write(chunk)
    return digest.hexdigest()


def read_pdf(source, cover):
    """What ``pdf_reader`` found in the file, run in a process of its own within the limits;
    ``{"refused": code, ...}`` when it found nothing it could keep, or was stopped."""
    seconds = settings.DOCUMENT_READ_SECONDS
    memory = settings.DOCUMENT_READ_MEMORY_MB * 1024 * 1024
    try:
        run = subprocess.run(  # noqa: S603 - our own script, with our own arguments
            [sys.executable, str(READER), str(source), str(cover), str(seconds), str(memory)],
            capture_output=True,
            timeout=seconds + 10,
            check=False,
            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path)},
        )
    except subprocess.TimeoutExpired:
        return {"refused": "too_slow", "seconds": seconds}
    if run.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return {"refused": "too_slow", "seconds": seconds}
    try:
        found = json.loads(run.stdout.decode())
    except ValueError:
        # Stopped without an answer. PDFium aborts when memory runs out (past the limit);
        # any other end is a crash on what the file holds.
        logger.warning("pdf_reader stopped (%s): %s", run.returncode, run.stderr[-2000:])
        out_of_memory = run.returncode == -signal.SIGABRT or b"MemoryError" in run.stderr
        return {"refused": "too_big" if out_of_memory else "damaged"}
    if found.get("refused") == "too_slow":
        found["seconds"] = seconds
    return found


def fail(facts, code, file_hash="", **values):
    with transaction.atomic():
        current = DocumentFacts.objects.select_for_update().filter(pk=facts.pk).first()
        if current is None or current.state != State.READING:
            return "superseded"  # asked again meanwhile: that reading decides
        current.state = State.FAILED
        current.failure, current.failure_values = code, values
        current.file_hash = file_hash
        current.page_count = None
        current.finished_at = timezone.now()
        current.save()
        DocumentText.objects.filter(document_id=current.document_id).delete()
        announce(current.document_id)
    return code


def keep(facts, file_hash, found, cover):
    """Everything ``found`` in one transaction, if the file read is still the document's
    (a new file meanwhile has been asked for, and that reading decides)."""
    with transaction.atomic():
        current = DocumentFacts.objects.select_for_update().filter(pk=facts.pk).first()
        if current is None or current.state != State.READING:
            return "superseded"
        document = get_document_model().objects.get(pk=current.document_id)
        if document.file_hash and document.file_hash != file_hash:
            return "superseded"
        DocumentText.objects.filter(document_id=document.pk).delete()
        texts = found["texts"]
        DocumentText.objects.bulk_create(
            DocumentText(document_id=document.pk, language=language, number=number, text=text)
            for language in current.languages
            for number, text in enumerate(texts, start=1)
        )
        if connection.vendor == "postgresql":
            for language in current.languages:
                DocumentText.objects.filter(document_id=document.pk, language=language).update(
                    vector=SearchVector("text", config=SEARCH_CONFIGS[language])
                )
        old_cover = current.cover
        current.cover = make_cover(document, cover) if found.get("cover") else None
        current.state = State.READY
        current.failure, current.failure_values = "", {}
        current.file_hash = file_hash
        current.page_count = found["pages"]
        current.finished_at = timezone.now()
        current.save()
        if old_cover is not None:
            old_cover.delete()
        announce(document.pk)
    return "read"


def announce(document_id):
    transaction.on_commit(lambda: document_read.send(sender=DocumentFacts, document_id=document_id))


def make_cover(document, png):
    """A picture of the first page, for listings and link previews, in the document's
    collection; none for a document in a private collection (pictures are public)."""
    if document.collection.get_view_restrictions().exists():
        return None
    descriptions = {}
    for language in LANGUAGE_CODES:
        with translation.override(language):
            descriptions[f"description_{language}"] = _("Cover of “%(title)s”") % {
                "title": document.title
            }
    with png.open("rb") as opened:
        image = get_image_model()(
            title=document.title,
            collection=document.collection,
            file=ImageFile(opened, name=f"cover-{document.pk}.png"),
            **descriptions,
        )
        image.save()
    return image


def document_saved(sender, instance, created, **kwargs):
    """A new file over a document already read is read again, in the same languages."""
    if created:
        return
    facts = DocumentFacts.objects.filter(document=instance).first()
    if facts is not None and facts.languages and instance.file_hash != facts.file_hash:
        request_reading(instance, facts.languages)


def connect():
    post_save.connect(
        document_saved, sender=get_document_model(), dispatch_uid="files-read-new-file"
    )
