"""The project as a whole: system checks, migrations, settings from the environment, the
health endpoint, the Dockerfile."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = settings.BASE_DIR


def run_python(code, **env):
    """Import settings in a fresh interpreter, with exactly the environment given."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_system_checks_pass():
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)


class TestSettings:
    def test_production_refuses_to_start_without_a_secret_key(self):
        result = run_python("import action_portugal.settings.production")
        assert result.returncode != 0
        assert "SECRET_KEY must be set" in result.stderr

    def test_production_reads_its_environment(self):
        result = run_python(
            "from action_portugal.settings import production as s;"
            "print(s.SECRET_KEY, s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'],"
            " s.DATABASES['default']['NAME'], s.MEDIA_ROOT)",
            SECRET_KEY="k" * 50,
            ALLOWED_HOSTS="action.example.org, www.action.example.org",
            DATABASE_URL="postgres://site:pw@db.internal:5432/action",
            MEDIA_ROOT="/srv/media",
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == [
            "k" * 50,
            "False",
            "['action.example.org',",
            "'www.action.example.org']",
            "django.db.backends.postgresql",
            "action",
            "/srv/media",
        ]

    def test_sqlite_when_no_database_url(self):
        result = run_python(
            "from action_portugal.settings import dev as s;"
            "print(s.DATABASES['default']['ENGINE'], s.DEBUG)"
        )
        assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]

    def test_a_mistyped_boolean_is_an_error_not_a_guess(self):
        result = run_python("import action_portugal.settings.dev", DEBUG="maybe")
        assert result.returncode != 0
        assert "DEBUG must be true or false" in result.stderr

    def test_the_cdn_to_purge_comes_from_the_environment(self):
        result = run_python(
            "from action_portugal.settings import dev as s;"
            "c = s.WAGTAILFRONTENDCACHE['default'];"
            "print(c['BACKEND'].rsplit('.', 1)[1], c['ZONEID'], *s.WAGTAILFRONTENDCACHE_LANGUAGES)",
            FRONTEND_CACHE="cloudflare",
            CLOUDFLARE_ZONE_ID="zone-1",
        )
        assert result.stdout.split() == ["CloudflareBackend", "zone-1", "pt", "en"]
        mistyped = run_python("import action_portugal.settings.dev", FRONTEND_CACHE="cloudfare")
        assert mistyped.returncode != 0
        assert "FRONTEND_CACHE must be one of http, cloudflare, cloudfront" in mistyped.stderr


@pytest.mark.django_db
def test_health_reports_the_database(client):
    response = client.get("/health/", headers={"host": "10.0.0.7"})  # a probe, by address
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_reports_a_database_that_does_not_answer(client, monkeypatch):
    from django.db import OperationalError, connection

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable"}


def test_every_environment_variable_is_documented():
    readme = (ROOT / "README.md").read_text()
    sources = "".join(
        path.read_text() for path in (ROOT / "action_portugal" / "settings").glob("*.py")
    )
    names = set(re.findall(r'env_(?:str|bool|int|list|required)\(\s*"([A-Z_]+)"', sources))
    names |= set(re.findall(r'env="([A-Z_]+)"', sources))
    assert names, "no environment variables found"
    for name in sorted(names):
        assert f"`{name}`" in readme, f"{name} is not in README.md's table"


def test_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    result = subprocess.run([hadolint, "Dockerfile"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_runs_the_scripts_ci_runs():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for script in ("scripts/build-static", "scripts/start"):
        assert script in dockerfile
        assert os.access(ROOT / script, os.X_OK), script
