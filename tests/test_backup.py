"""`make backup` and `make restore` round-trip a site on PostgreSQL: its pages in both
languages, images and documents with their files, revisions, and a page served from the
copy. A restore refuses a database or MEDIA_ROOT that is not empty (FORCE=1 replaces
them, in one transaction), and refuses a damaged archive, leaving the target as it was.

Each site lives in a database of its own, named after DATABASE_URL's (or
``action_portugal``) with ``_backup_src`` and ``_backup_dst`` appended, made and dropped
here, and the make targets run in subprocesses against it."""

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts import harness

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(sys.prefix)
STORY = "timor-leste-roteiro-c102"
PUBLISHED_TITLES = {
    "pt": "Timor-Leste valida o roteiro da Convenção n.º 102 (revisto)",
    "en": "Timor-Leste validates the Convention No. 102 roadmap (revised)",
}
DRAFT_TITLE_PT = "Rascunho: Timor-Leste e a Convenção n.º 102"
# Services and make variables of the environment the sites here must not pick up.
IGNORED_VARIABLES = (
    "REDIS_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "FRONTEND_CACHE",
    "PG_BINDIR",
    "BACKUP",
    "FORCE",
    "VENV",
)

# A picture with a real file, a document, and a page edited twice: published with the
# picture, then a draft on top.
BUILD = f"""
import io, random
from PIL import Image
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model
from action_portugal.models import SiteImage
from timeline.models import StoryPage

picture = Image.new("RGB", (640, 480))
noise = random.Random(102)
picture.putdata([tuple(noise.randrange(256) for _ in range(3)) for _ in range(640 * 480)])
buffer = io.BytesIO()
picture.save(buffer, "PNG")
image = SiteImage.objects.create(
    title="Seminário em Díli",
    file=ImageFile(buffer, name="seminario-dili.png"),
    description_pt="Participantes num seminário em Díli",
    description_en="Participants at a workshop in Dili",
)
get_document_model().objects.create(
    title="Relatório anual", file=ContentFile(b"%PDF-1.4 relatorio", name="relatorio.pdf")
)
story = StoryPage.objects.get(slug_pt="{STORY}")
story.image = image
story.title_pt = "{PUBLISHED_TITLES["pt"]}"
story.title_en = "{PUBLISHED_TITLES["en"]}"
story.save_revision().publish()
story = StoryPage.objects.get(pk=story.pk)
story.title_pt = "{DRAFT_TITLE_PT}"
story.save_revision()
"""

# What a copy of the site must have the same: printed as JSON by `manage.py shell`.
SNAPSHOT = f"""
import hashlib, json
from django.test import Client
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision
from action_portugal.models import SiteImage, SiteRendition
from timeline.models import StoryPage

def digest(field):
    with field.open("rb") as file:
        return hashlib.sha256(file.read()).hexdigest()

story = StoryPage.objects.get(slug_pt="{STORY}")
latest = story.get_latest_revision()
served = {{}}
client = Client()
for language in ("pt", "en"):
    with translation.override(language):
        story_url = story.get_url()
    for name, url in (("home", f"/{{language}}/"), ("story", story_url)):
        response = client.get(url)
        served[f"{{name}}_{{language}}"] = [url, response.status_code, response.content.decode()]
print(json.dumps({{
    "pages": [
        [p.path, p.title_pt, p.title_en, p.url_path_pt, p.url_path_en, p.live]
        for p in Page.objects.order_by("path")
    ],
    "images": [
        [i.pk, i.title, i.file.name, i.width, i.height, i.description_en, digest(i.file)]
        for i in SiteImage.objects.order_by("pk")
    ],
    "renditions": sorted(
        [r.image_id, r.filter_spec, r.file.name, digest(r.file)]
        for r in SiteRendition.objects.all()
    ),
    "documents": [
        [d.pk, d.title, d.file.name, digest(d.file)]
        for d in get_document_model().objects.order_by("pk")
    ],
    "revisions": Revision.objects.count(),
    "latest_revision": [latest.pk, latest.content["title_pt"], latest.content["title_en"]],
    "live_title_pt": story.title_pt,
    "served": served,
}}))
"""


@dataclass
class Site:
    url: str
    media: Path

    def env(self, **extra):
        """The environment `make` and `manage.py` run with for this site: development
        settings on its own database and MEDIA_ROOT, no shared cache or bucket."""
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in IGNORED_VARIABLES and not key.startswith(("MAKE", "MFLAGS"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="action_portugal.settings.dev",
            DEBUG="false",
            DATABASE_URL=self.url,
            MEDIA_ROOT=str(self.media),
            ALLOWED_HOSTS="testserver,localhost,127.0.0.1",
            **extra,
        )
        return env

    def manage(self, *command):
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *command],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, f"manage.py {command[0]} failed:\n{result.stderr}"
        return result.stdout

    def make(self, target, env=None, **variables):
        """`make <target>` as a person runs it, with this venv (already installed: ``-o``
        keeps make from reinstalling it when pyproject.toml is newer)."""
        return subprocess.run(
            ["make", "--no-print-directory", "-o", f"{VENV}/.installed", target]
            + [f"VENV={VENV}", *(f"{name}={value}" for name, value in variables.items())],
            cwd=ROOT,
            env=env or self.env(),
            capture_output=True,
            text=True,
            timeout=600,
        )

    def snapshot(self):
        return json.loads(self.manage("shell", "-c", SNAPSHOT).strip().splitlines()[-1])


@dataclass
class Postgres:
    """The PostgreSQL server the suite uses, where each site of these tests gets a database
    of its own (scripts/harness.py makes and drops them)."""

    url: str

    def site_url(self, suffix):
        return harness.sibling_database(self.url, f"backup_{suffix}")

    def fresh(self, suffix):
        url = self.site_url(suffix)
        harness.fresh_database(url)
        return url

    def drop(self, suffix):
        harness.drop_database(self.site_url(suffix))

    def connect(self, url):
        import psycopg

        return psycopg.connect(url, autocommit=True)

    def relations(self, url):
        """Every table, view and sequence outside PostgreSQL's own schemas."""
        with self.connect(url) as connection:
            rows = connection.execute(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')"
                " AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'"
            ).fetchall()
        return [row[0] for row in rows]

    def server_major(self):
        return int(harness.postgresql_version(self.url).split(".")[0])


@pytest.fixture(scope="module")
def postgres():
    server = Postgres(os.environ.get("DATABASE_URL", ""))
    harness.postgresql_version(server.url)  # it answers, or the message says where it did not
    yield server
    for suffix in ("src", "dst"):
        server.drop(suffix)


@pytest.fixture(scope="module")
def source(postgres, tmp_path_factory):
    """The programme's site with a picture, a document and an edited page, backed up with
    `make backup`: (site, archive, snapshot, make's output)."""
    tmp = tmp_path_factory.mktemp("backup-source")
    site = Site(postgres.fresh("src"), tmp / "media")
    site.manage("migrate", "--noinput")
    site.manage("load_demo_content")
    site.manage("shell", "-c", BUILD)
    archive = tmp / "archives" / "site.tar"
    backup = site.make("backup", BACKUP=archive)
    assert backup.returncode == 0, backup.stderr
    return site, archive, site.snapshot(), backup.stdout


@pytest.fixture
def empty_site(postgres, tmp_path):
    """An empty database and a MEDIA_ROOT that does not exist yet."""
    return Site(postgres.fresh("dst"), tmp_path / "restored-media")


def media_tree(root):
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def test_backup_writes_one_complete_archive(source):
    site, archive, snapshot, output = source
    assert "Backup written to" in output
    assert sorted(p.name for p in archive.parent.iterdir()) == ["site.tar"]  # nothing left over
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert names[0] == "database.dump" and names[-1] == "manifest.json"
    assert manifest["database"]["name"].endswith("_backup_src")
    assert manifest["database"]["dump_tool"].startswith("pg_dump (PostgreSQL)")
    assert manifest["counts"]["pages"] == len(snapshot["pages"])
    assert manifest["counts"]["images"] == len(snapshot["images"]) == 1
    assert manifest["counts"]["documents"] == len(snapshot["documents"]) == 1
    assert manifest["counts"]["revisions"] == snapshot["revisions"]
    assert "0001_initial" in manifest["migrations"]["wagtailcore"]
    files = {entry["name"]: entry["sha256"] for entry in manifest["media"]["files"]}
    assert files == media_tree(site.media)
    assert {f"media/{name}" for name in files} == set(names[1:-1])
    assert any(name.startswith("original_images/seminario-dili") for name in files)
    assert any(name.startswith("images/") for name in files)  # renditions come along

    again = site.make("backup", BACKUP=archive)
    assert again.returncode != 0
    assert "already exists" in again.stderr
    with tarfile.open(archive) as tar:
        assert tar.getnames() == names


def test_restore_round_trips_the_site(source, empty_site):
    site, archive, snapshot, _output = source
    restore = empty_site.make("restore", BACKUP=archive)
    assert restore.returncode == 0, restore.stderr
    assert "Restored" in restore.stdout

    restored = empty_site.snapshot()
    assert restored["pages"] == snapshot["pages"]
    assert len(restored["pages"]) > 40
    titles = {(page[1], page[2]) for page in restored["pages"]}
    assert (PUBLISHED_TITLES["pt"], PUBLISHED_TITLES["en"]) in titles
    assert restored["images"] == snapshot["images"]
    assert restored["renditions"] == snapshot["renditions"] != []
    assert restored["documents"] == snapshot["documents"]
    assert restored["revisions"] == snapshot["revisions"]
    assert restored["latest_revision"] == snapshot["latest_revision"]
    assert restored["latest_revision"][1:] == [DRAFT_TITLE_PT, PUBLISHED_TITLES["en"]]
    assert restored["live_title_pt"] == PUBLISHED_TITLES["pt"]
    # Every file, byte for byte, in the new MEDIA_ROOT (the snapshot read them through
    # the storage; this reads the disk).
    assert media_tree(empty_site.media) == media_tree(site.media)
    image_file = restored["images"][0][2]
    assert (empty_site.media / image_file).read_bytes() == (site.media / image_file).read_bytes()

    assert restored["served"] == snapshot["served"]
    for url, status, _html in restored["served"].values():
        assert status == 200, url
    _url, _status, story_pt = restored["served"]["story_pt"]
    assert PUBLISHED_TITLES["pt"] in story_pt and "Participantes num seminário" in story_pt
    pictures = set(re.findall(r"/media/([^\"\s,?]+)", story_pt))
    assert pictures and all((empty_site.media / name).is_file() for name in pictures)


def test_restore_refuses_a_database_that_is_not_empty(source):
    site, archive, snapshot, _output = source
    media = media_tree(site.media)
    restore = site.make("restore", BACKUP=archive)
    assert restore.returncode != 0
    assert "_backup_src on" in restore.stderr and "is not empty" in restore.stderr
    assert "FORCE=1" in restore.stderr and "Nothing was restored" in restore.stderr
    assert site.snapshot() == snapshot
    assert media_tree(site.media) == media


def test_restore_refuses_a_media_root_with_files(source, empty_site, postgres):
    _site, archive, _snapshot, _output = source
    empty_site.media.mkdir()
    (empty_site.media / "notes.txt").write_text("kept")
    restore = empty_site.make("restore", BACKUP=archive)
    assert restore.returncode != 0
    assert "MEDIA_ROOT" in restore.stderr and "FORCE=1" in restore.stderr
    assert postgres.relations(empty_site.url) == []
    assert media_tree(empty_site.media) == media_tree_of({"notes.txt": b"kept"})


def media_tree_of(files):
    return {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}


def test_force_replaces_a_site(source, empty_site, postgres):
    site, archive, snapshot, _output = source
    assert empty_site.make("restore", BACKUP=archive).returncode == 0
    empty_site.manage(
        "shell",
        "-c",
        f"""
from timeline.models import StoryPage
StoryPage.objects.get(slug_pt="{STORY}").delete()
""",
    )
    with postgres.connect(empty_site.url) as connection:
        connection.execute("CREATE TABLE left_behind (id integer)")
    (empty_site.media / "left-behind.txt").write_text("old")

    restore = empty_site.make("restore", BACKUP=archive, FORCE=1)
    assert restore.returncode == 0, restore.stderr
    assert empty_site.snapshot() == snapshot
    assert "left_behind" not in postgres.relations(empty_site.url)
    assert media_tree(empty_site.media) == media_tree(site.media)


def damaged(archive, tmp_path, how):
    """A copy of ``archive`` damaged in one way."""
    data = bytearray(archive.read_bytes())
    with tarfile.open(archive) as tar:
        members = {member.name: member for member in tar.getmembers()}
    image = next(name for name in members if name.startswith("media/original_images/"))
    if how == "truncated":
        data = data[: len(data) // 2]
    elif how == "not an archive":
        data = bytearray(b"not a backup\n" * 100)
    else:
        member = members["database.dump" if how == "damaged dump" else image]
        middle = member.offset_data + member.size // 2
        data[middle : middle + 16] = bytes(byte ^ 0xFF for byte in data[middle : middle + 16])
    path = tmp_path / f"{how.replace(' ', '-')}.tar"
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("how", ["truncated", "not an archive", "damaged dump", "damaged image"])
def test_a_damaged_archive_is_refused(source, empty_site, postgres, tmp_path, how):
    _site, archive, _snapshot, _output = source
    restore = empty_site.make("restore", BACKUP=damaged(archive, tmp_path, how))
    assert restore.returncode != 0
    assert "is not a complete site backup" in restore.stderr, restore.stderr
    assert "Nothing was restored" in restore.stderr
    assert postgres.relations(empty_site.url) == []
    assert media_tree(empty_site.media) == {}


def with_cut_dump(archive, path):
    """A copy of ``archive`` whose database dump is cut short, with a manifest that agrees:
    it passes every check, and pg_restore fails half-way through."""
    with tarfile.open(archive) as source, tarfile.open(path, "w") as target:
        manifest = json.loads(source.extractfile("manifest.json").read())
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "database.dump":
                data = data[: len(data) * 3 // 4]
                manifest["database"].update(size=len(data), sha256=hashlib.sha256(data).hexdigest())
            elif member.name == "manifest.json":
                data = json.dumps(manifest).encode()
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return path


def test_a_restore_that_fails_half_way_leaves_nothing(source, empty_site, postgres, tmp_path):
    site, archive, snapshot, _output = source
    broken = with_cut_dump(archive, tmp_path / "cut.tar")

    restore = empty_site.make("restore", BACKUP=broken)
    assert restore.returncode != 0
    assert "one transaction" in restore.stderr, restore.stderr
    assert postgres.relations(empty_site.url) == []
    assert media_tree(empty_site.media) == {}

    # FORCE=1 drops the old schema in the same transaction: a failure keeps the old site.
    assert empty_site.make("restore", BACKUP=archive).returncode == 0
    restore = empty_site.make("restore", BACKUP=broken, FORCE=1)
    assert restore.returncode != 0
    assert "rolled back" in restore.stderr, restore.stderr
    assert empty_site.snapshot() == snapshot
    assert media_tree(empty_site.media) == media_tree(site.media)


FAKE_PG_DUMP = """#!/bin/sh
if [ "$1" = "--version" ]; then echo "pg_dump (PostgreSQL) {major}.0"; exit 0; fi
for argument; do
    case "$argument" in --file=*) printf 'PGDMP half' > "${{argument#--file=}}";; esac
done
echo "pg_dump: error: connection to server lost" >&2
exit 1
"""


@pytest.mark.parametrize("mismatch", [True, False], ids=["other major version", "failing"])
def test_a_failed_backup_leaves_no_archive(source, postgres, tmp_path, mismatch):
    site, _archive, _snapshot, _output = source
    bindir = tmp_path / "bin"
    bindir.mkdir()
    major = postgres.server_major() + (1 if mismatch else 0)
    (bindir / "pg_dump").write_text(FAKE_PG_DUMP.format(major=major))
    (bindir / "pg_dump").chmod(0o755)
    archives = tmp_path / "archives"

    backup = site.make("backup", env=site.env(PG_BINDIR=str(bindir)), BACKUP=archives / "x.tar")
    assert backup.returncode != 0
    assert "No archive was written" in backup.stderr
    if mismatch:
        assert f"PostgreSQL {major}" in backup.stderr
        assert f"server runs PostgreSQL {major - 1}" in backup.stderr
    else:
        assert "connection to server lost" in backup.stderr
    assert not archives.exists() or list(archives.iterdir()) == []


def test_media_in_a_bucket_are_left_to_its_provider(source, empty_site, postgres, tmp_path):
    site, archive, _snapshot, _output = source
    in_bucket = site.env(AWS_STORAGE_BUCKET_NAME="action-portugal-media")
    database_only = tmp_path / "database-only.tar"
    backup = site.make("backup", env=in_bucket, BACKUP=database_only)
    assert backup.returncode == 0, backup.stderr
    assert "holds the database only" in backup.stdout
    with tarfile.open(database_only) as tar:
        assert tar.getnames() == ["database.dump", "manifest.json"]
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["media"] == {
        "storage": "bucket",
        "bucket": "action-portugal-media",
        "files": [],
        "bytes": 0,
    }

    # An archive with media files is not restored into a site whose media are in a bucket.
    restore = empty_site.make(
        "restore", env=empty_site.env(AWS_STORAGE_BUCKET_NAME="elsewhere"), BACKUP=archive
    )
    assert restore.returncode != 0
    assert "bucket 'elsewhere'" in restore.stderr and "Nothing was restored" in restore.stderr
    assert postgres.relations(empty_site.url) == []


def test_restore_needs_an_archive(source):
    site, _archive, _snapshot, _output = source
    restore = site.make("restore")
    assert restore.returncode != 0
    assert "Usage: make restore BACKUP=" in restore.stderr


COUNTS = """
import json
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision
from action_portugal.models import SiteImage
print(json.dumps({"pages": Page.objects.count(), "images": SiteImage.objects.count(),
                  "documents": get_document_model().objects.count(),
                  "revisions": Revision.objects.count()}))
"""


def test_sqlite_round_trip(tmp_path):
    """SQLite (`make run` without DATABASE_URL) is copied with SQLite's backup API."""
    site = Site(f"sqlite:///{tmp_path / 'site.sqlite3'}", tmp_path / "media")
    site.manage("migrate", "--noinput")
    site.manage("shell", "-c", BUILD.split("story = ")[0])  # the picture and the document
    archive = tmp_path / "site.tar"
    backup = site.make("backup", BACKUP=archive)
    assert backup.returncode == 0, backup.stderr
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["database"]["file"] == "database.sqlite3"
    assert manifest["counts"]["images"] == manifest["counts"]["documents"] == 1

    copy = Site(f"sqlite:///{tmp_path / 'copy' / 'site.sqlite3'}", tmp_path / "copy-media")
    restore = copy.make("restore", BACKUP=archive)
    assert restore.returncode == 0, restore.stderr
    restored = json.loads(copy.manage("shell", "-c", COUNTS).splitlines()[-1])
    assert restored.items() <= manifest["counts"].items()
    assert media_tree(copy.media) == media_tree(site.media) != {}
    again = copy.make("restore", BACKUP=archive)
    assert again.returncode != 0 and "is not empty" in again.stderr
