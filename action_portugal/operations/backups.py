"""Backups of the whole site in one tar archive: the database and the uploaded media.

An archive holds, in this order:

``database.dump``
    ``pg_dump --format=custom --no-owner --no-privileges`` of a PostgreSQL database, or
``database.sqlite3``
    a copy of an SQLite database made with SQLite's backup API;
``media/...``
    every file under MEDIA_ROOT (none when the media live in an object-storage bucket);
``manifest.json``
    written last: when and from which database the archive was made, the migrations
    applied, the number of pages, images and revisions, and every file's size and SHA-256.

A backup is written under a temporary name and renamed when complete, and a restore checks
every file against the manifest before it changes anything: an archive that was cut short
has no manifest, and a damaged one fails a checksum.
"""

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management.base import CommandError
from django.db import OperationalError, connection
from django.db.backends.postgresql.client import DatabaseClient
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from action_portugal.caching.chrome import bump_chrome
from action_portugal.caching.invalidation import purge_frontend_cache

FORMAT = "action-portugal-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
# Where a restore unpacks media before moving them into place: inside MEDIA_ROOT, so that
# moving is a rename on the same file system. A backup skips these folders.
STAGING_PREFIX = ".restore-"
CHUNK = 1024 * 1024


def database_vendor():
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise CommandError(f"Backups cover PostgreSQL and SQLite databases, not {vendor}.")
    return vendor


def database_label():
    name = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        host = connection.settings_dict.get("HOST") or "localhost"
        return f"{name} on {host}"
    return str(name)


def media_bucket():
    """The object-storage bucket that holds the media, or "" for the local disk."""
    return getattr(settings, "AWS_STORAGE_BUCKET_NAME", "")


# What the database holds ----------------------------------------------------------------


def site_state(cursor):
    """The applied migrations and the number of rows of what the site is made of, read
    with a DB-API cursor (Django's, or sqlite3's on a copy)."""
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    migrations = {}
    for app, name in cursor.fetchall():
        migrations.setdefault(app, []).append(name)
    counts = {}
    for key, model in (
        ("pages", Page),
        ("images", get_image_model()),
        ("revisions", Revision),
        ("documents", get_document_model()),
        ("users", get_user_model()),
    ):
        cursor.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"')  # noqa: S608
        counts[key] = cursor.fetchone()[0]
    return {"migrations": migrations, "counts": counts}


def some(names, shown=3):
    """The first few of ``names``, for a message."""
    return ", ".join(names[:shown]) + (", ..." if len(names) > shown else "")


def describe_counts(counts):
    return ", ".join(f"{number} {name}" for name, number in counts.items())


# PostgreSQL's own tools ----------------------------------------------------------------------


def server_major():
    try:
        connection.ensure_connection()
    except OperationalError as error:
        raise CommandError(
            f"Cannot connect to the database {database_label()}: {str(error).strip()}\n"
            "It must exist (a restore needs it empty: `createdb` makes one)."
        ) from error
    return connection.pg_version // 10000


def pg_tool(name, major):
    """The path of ``name`` (pg_dump, pg_restore, psql) of the server's major version:
    from PG_BINDIR if set, else Debian's /usr/lib/postgresql/<major>/bin, else PATH."""
    bindir = os.environ.get("PG_BINDIR")
    if bindir:
        path = Path(bindir) / name
    else:
        debian = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
        path = debian if debian.exists() else shutil.which(name)
    if not path or not os.access(path, os.X_OK):
        where = f"in PG_BINDIR ({bindir})" if bindir else "on PATH"
        raise CommandError(
            f"{name} was not found {where}. Install the PostgreSQL {major} client tools "
            f"(Debian: postgresql-client-{major}) or set PG_BINDIR to their directory."
        )
    path = str(path)
    try:
        version = subprocess.run(
            [path, "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as error:
        raise CommandError(f"{path} --version failed: {error}") from error
    found = re.search(r"\(PostgreSQL\)\s+(\d+)", version)
    if not found:
        raise CommandError(f"{path} did not say which PostgreSQL it is: {version!r}")
    if int(found.group(1)) != major:
        raise CommandError(
            f"{path} is from PostgreSQL {found.group(1)} ({version}), but the server runs "
            f"PostgreSQL {major}. Use the client tools of the server's version: install "
            f"postgresql-client-{major} or set PG_BINDIR to their directory."
        )
    return path, version


def pg_environment():
    """The environment that points libpq's tools at the default database, password
    included, without putting it on a command line."""
    settings_dict = connection.settings_dict
    _args, extra = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    env = {**os.environ, **(extra or {})}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    env["PGDATABASE"] = settings_dict["NAME"]
    env["PGOPTIONS"] = "-c client_min_messages=warning"
    return env


def run_tool(command, consequence="", **kwargs):
    """Run a PostgreSQL tool; its failure, with what it means and what it said, becomes a
    CommandError."""
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        name = Path(command[0]).name
        raise CommandError(
            f"{name} failed (exit {result.returncode}){consequence}:\n{result.stderr.strip()}"
        )
    return result


def postgresql_relations():
    """Every table, view and sequence outside PostgreSQL's own schemas."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT n.nspname || '.' || c.relname
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
              AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
            ORDER BY 1
            """
        )
        return [row[0] for row in cursor.fetchall()]


# Files in and out of the archive --------------------------------------------------------------


class HashingReader:
    """A file whose bytes are counted into a SHA-256 as tarfile reads them."""

    def __init__(self, file):
        self.file = file
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.digest.update(data)
        return data


def add_file(tar, path, name):
    """Add the file at ``path`` as ``name``; returns its size and SHA-256."""
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with open(path, "rb") as file:
        reader = HashingReader(file)
        tar.addfile(info, reader)
    return {"size": info.size, "sha256": reader.digest.hexdigest()}


def media_files(root):
    """Every regular file under ``root`` (symbolic links are not followed), as (path, name
    relative to root), in order."""
    if not root.is_dir():
        return
    for directory, subdirectories, files in os.walk(root):
        here = Path(directory)
        if here == root:
            subdirectories[:] = [d for d in subdirectories if not d.startswith(STAGING_PREFIX)]
        subdirectories.sort()
        for name in sorted(files):
            path = here / name
            if path.is_file() and not path.is_symlink():
                yield path, path.relative_to(root).as_posix()


def fsync(path):
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_archive(destination, work, database_file, vendor, media_root, manifest):
    """Write the archive under a temporary name in ``work`` (on the destination's file
    system), then rename it into place: an archive at ``destination`` is always whole."""
    partial = work / "archive.tar"
    with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
        manifest["database"].update(add_file(tar, database_file, DATABASE_FILES[vendor]))
        manifest["database"]["file"] = DATABASE_FILES[vendor]
        files = []
        if media_root is not None:
            for path, name in media_files(media_root):
                files.append({"name": name, **add_file(tar, path, f"{MEDIA}/{name}")})
        manifest["media"]["files"] = files
        manifest["media"]["bytes"] = sum(entry["size"] for entry in files)
        data = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        info.mtime = int(datetime.now(UTC).timestamp())
        info.mode = 0o644
        tar.addfile(info, io.BytesIO(data))
    fsync(partial)
    os.replace(partial, destination)
    fsync(destination.parent)


class Archive:
    """A backup archive opened for restoring: its manifest read, its member list checked
    against it. Raises CommandError, saying nothing was changed, when anything is off."""

    def __init__(self, path):
        self.path = Path(path)
        if not self.path.is_file():
            raise CommandError(f"{self.path} is not a file. Nothing was restored.")
        try:
            self.tar = tarfile.open(self.path, "r:")  # noqa: SIM115 - closed by close()
        except (tarfile.TarError, OSError, EOFError) as error:
            raise self.refusal(f"it is not a readable tar archive ({error})") from error
        try:
            self.read_manifest()
        except BaseException:
            self.tar.close()
            raise

    def read_manifest(self):
        try:
            members = {member.name: member for member in self.tar.getmembers()}
        except (tarfile.TarError, OSError, EOFError) as error:
            raise self.refusal(f"it is not a readable tar archive ({error})") from error
        if MANIFEST not in members:
            raise self.refusal(
                "it has no manifest.json: it was cut short (the manifest is written last) "
                "or was not made by `make backup`"
            )
        try:
            self.manifest = json.loads(self.tar.extractfile(members[MANIFEST]).read())
            if self.manifest.get("format") != FORMAT:
                raise ValueError("not an ACTION/Portugal site backup")
            if self.manifest.get("version", 0) > FORMAT_VERSION:
                raise ValueError(
                    f"made by a newer version of the site (format {self.manifest['version']})"
                )
            self.vendor = self.manifest["database"]["vendor"]
            if self.vendor not in DATABASE_FILES:
                raise ValueError(f"unknown database {self.vendor!r}")
            self.database_entry = self.manifest["database"]
            self.media_entries = self.manifest["media"]["files"]
            for entry in self.media_entries:
                check_media_name(entry["name"])
        except (
            tarfile.TarError,
            OSError,
            ValueError,
            KeyError,
            TypeError,
            AttributeError,
        ) as error:
            raise self.refusal(f"its manifest is damaged or foreign ({error})") from error

        expected = {DATABASE_FILES[self.vendor]: self.database_entry}
        expected.update({f"{MEDIA}/{e['name']}": e for e in self.media_entries})
        for name, entry in expected.items():
            member = members.get(name)
            if member is None or not member.isfile():
                raise self.refusal(f"{name}, listed in its manifest, is missing")
            if member.size != entry["size"]:
                raise self.refusal(
                    f"{name} has {member.size} bytes where its manifest says {entry['size']}"
                )
        unexpected = set(members) - set(expected) - {MANIFEST}
        if unexpected:
            raise self.refusal(f"it holds files its manifest does not list: {sorted(unexpected)}")
        self.members = members

    def refusal(self, reason):
        return CommandError(
            f"{self.path} is not a complete site backup: {reason}. Nothing was restored."
        )

    def extract(self, name, entry, target):
        """Copy the member ``name`` to ``target``, checking its SHA-256 on the way."""
        digest = hashlib.sha256()
        with self.tar.extractfile(self.members[name]) as source, open(target, "wb") as out:
            while True:
                try:
                    chunk = source.read(CHUNK)
                except (tarfile.TarError, OSError, EOFError) as error:
                    raise self.refusal(f"{name} cannot be read ({error})") from error
                if not chunk:
                    break
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != entry["sha256"]:
            raise self.refusal(f"{name} does not match its checksum (the archive is damaged)")

    def close(self):
        self.tar.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def check_media_name(name):
    path = PurePosixPath(name)
    if (
        not name
        or path.is_absolute()
        or ".." in path.parts
        or "\\" in name
        or path.parts[0].startswith(STAGING_PREFIX)
    ):
        raise ValueError(f"unsafe media file name {name!r}")


def unknown_and_pending_migrations():
    """Migrations the restored database has that this code does not know (a backup made
    by newer code), and migrations of this code it has not applied."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    applied = set(executor.recorder.applied_migrations())
    unknown = sorted(applied - set(executor.loader.disk_migrations))
    try:
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:  # noqa: BLE001 - an inconsistent history is reported as unknown
        pending = []
    return unknown, [migration for migration, _backwards in pending]


def empty_caches():
    """After a restore nothing cached from the previous content may be served: the caches
    are emptied, every cached page and menu is bumped (which also empties each worker's
    own memory through Redis), and a CDN in front is purged."""
    for cache in caches.all():
        cache.clear()
    bump_chrome()
    purge_frontend_cache([], everything=True)


def sqlite_tables(path):
    if not path.exists() or path.stat().st_size == 0:
        return []
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as database:
        rows = database.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()
    return [row[0] for row in rows]


def sqlite_path():
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise CommandError("The SQLite database is in memory: there is nothing to back up.")
    return Path(name)
