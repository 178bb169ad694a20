"""The worker that `make serve` and the deployment start (scripts/worker), as a process of
its own with production's task settings, reading what the site queued."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from wagtail.images import get_image_model

from action_portugal.files import processing
from action_portugal.files.models import DocumentFacts

from .test_document_reading import DATABASE_WORKER, bulletin
from .test_documents import a_document

ROOT = Path(__file__).resolve().parent.parent
State = DocumentFacts.State


def test_scripts_worker_reads_what_production_queued(django_db_blocker, settings, tmp_path):
    """The worker `make serve` and the deployment start (scripts/worker), with production's
    task settings, against the test database: what it reads must be committed, so this test
    commits its own rows and deletes them (and the rest of the suite keeps its data)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with django_db_blocker.unblock(), override_settings(TASKS=DATABASE_WORKER):
        document = a_document(content=bulletin(2), title="Lido pelo processo")
        try:
            processing.request_reading(document, ["pt"])  # no transaction: queued at once
            run = subprocess.run(
                [str(ROOT / "scripts" / "worker"), "--batch", "--no-startup-delay"],
                env=worker_env(settings),
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            assert run.returncode == 0, run.stderr
            facts = DocumentFacts.objects.get(document=document)
            assert (facts.state, facts.page_count, facts.failure) == (State.READY, 2, ""), (
                run.stderr
            )
        finally:
            cover = DocumentFacts.objects.filter(document=document).values_list("cover", flat=True)
            get_image_model().objects.filter(pk__in=[pk for pk in cover if pk]).delete()
            DBTaskResult.objects.filter(
                pk__in=[
                    task.pk
                    for task in DBTaskResult.objects.all()
                    if task.args_kwargs.get("args") == [document.pk]
                ]
            ).delete()
            document.delete()


def worker_env(settings):
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "action_portugal.settings.test",
        "PYTHON_BIN": sys.executable,
        "DOCUMENT_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    if database["ENGINE"].endswith("postgresql"):
        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        )
    else:
        env["DATABASE_URL"] = f"sqlite:///{database['NAME']}"
    return env
