import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from action_portugal.operations import backups


class Command(BaseCommand):
    help = (
        "Restore an archive made by backup_site into the database, which must be empty "
        "(--force replaces what is there), and its media into MEDIA_ROOT."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The archive written by backup_site.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that has tables (PostgreSQL: drop the schema public and "
            "make it again, in the restore's transaction) and the files in MEDIA_ROOT.",
        )

    def handle(self, *args, archive, force=False, **options):
        vendor = backups.database_vendor()
        with backups.Archive(archive) as opened:
            self.restore(opened, vendor, force)

    def restore(self, archive, vendor, force):
        manifest = archive.manifest
        if archive.vendor != vendor:
            raise CommandError(
                f"{archive.path} holds a {backups.VENDOR_NAMES[archive.vendor]} database but "
                f"DATABASE_URL points at {backups.VENDOR_NAMES[vendor]}: restore it into "
                f"{backups.VENDOR_NAMES[archive.vendor]}. Nothing was restored."
            )
        media_root = self.media_root(archive)

        # Everything that can refuse, before anything is written.
        if vendor == "postgresql":
            tools = self.postgresql_tools(archive, force)
            occupied = backups.postgresql_relations()
        else:
            sqlite_target = backups.sqlite_path()
            occupied = backups.sqlite_tables(sqlite_target)
        if occupied and not force:
            raise CommandError(
                f"The database {backups.database_label()} is not empty: it has "
                f"{len(occupied)} tables, views or sequences ({backups.some(occupied)}). "
                "A restore goes into an empty database; FORCE=1 (--force) replaces what is "
                "there. Nothing was restored."
            )
        present = self.media_present(media_root)
        if present and not force:
            raise CommandError(
                f"MEDIA_ROOT ({media_root}) already holds files ({backups.some(present)}). "
                "A restore goes into an empty MEDIA_ROOT; FORCE=1 (--force) replaces them. "
                "Nothing was restored."
            )

        self.stdout.write(
            f"Restoring {archive.path} (made {manifest['created']} from "
            f"{manifest['database']['name']}: {backups.describe_counts(manifest['counts'])}) "
            f"into {backups.database_label()} ..."
        )
        created_root = media_root is not None and not media_root.exists()
        staging = None
        try:
            if media_root is not None:
                media_root.mkdir(parents=True, exist_ok=True)
                staging = Path(tempfile.mkdtemp(prefix=backups.STAGING_PREFIX, dir=media_root))
                for entry in archive.media_entries:
                    target = staging / entry["name"]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    archive.extract(f"{backups.MEDIA}/{entry['name']}", entry, target)
            if vendor == "postgresql":
                self.restore_postgresql(archive, force, *tools)
            else:
                self.restore_sqlite(archive, sqlite_target)
            self.check_restored(manifest)
        except BaseException as error:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
                if created_root and not any(media_root.iterdir()):
                    media_root.rmdir()
            if isinstance(error, OSError):
                raise CommandError(
                    f"The restore stopped: {error}. Nothing was restored."
                ) from error
            raise

        if staging is not None:
            try:
                self.place_media(staging, media_root, force)
            except OSError as error:
                raise CommandError(
                    f"The database was restored, but its media were not all moved into "
                    f"MEDIA_ROOT ({error}): those left are in {staging}."
                ) from error

        try:
            backups.empty_caches()
        except Exception as error:  # noqa: BLE001 - the restore itself is done
            self.stderr.write(
                f"The caches could not be emptied ({error}): pages from before the restore "
                "may be served until they are (restart the app and empty Redis)."
            )
        media = manifest["media"]
        if media["storage"] == "bucket":
            self.stdout.write(
                f"The archive holds no media: they were in the bucket {media['bucket']!r}. "
                "Point AWS_STORAGE_BUCKET_NAME at it, or copy its objects into MEDIA_ROOT."
            )
        else:
            self.stdout.write(f"{len(archive.media_entries)} media files put in {media_root}.")
        unknown, pending = backups.unknown_and_pending_migrations()
        if unknown:
            names = backups.some([f"{app}.{name}" for app, name in unknown])
            self.stderr.write(
                f"The backup was made by a newer version of the site: {len(unknown)} of its "
                f"migrations are unknown to this code ({names}). Run the version it was made with."
            )
        if pending:
            self.stdout.write(
                f"This code has {len(pending)} migrations the backup has not: run "
                "`manage.py migrate --noinput`."
            )
        self.stdout.write(self.style.SUCCESS(f"Restored {archive.path}."))

    def media_root(self, archive):
        """Where the archive's media go, or None when there are none to put anywhere."""
        bucket = backups.media_bucket()
        if archive.media_entries and bucket:
            raise CommandError(
                f"{archive.path} holds {len(archive.media_entries)} media files, but this site "
                f"keeps its media in the bucket {bucket!r}: restore with "
                "AWS_STORAGE_BUCKET_NAME unset (the files go to MEDIA_ROOT), then copy "
                "MEDIA_ROOT into the bucket. Nothing was restored."
            )
        if bucket or archive.manifest["media"]["storage"] != "local":
            return None
        return Path(settings.MEDIA_ROOT)

    def media_present(self, media_root):
        if media_root is None or not media_root.is_dir():
            return []
        return sorted(
            entry.name
            for entry in media_root.iterdir()
            if not entry.name.startswith(backups.STAGING_PREFIX)
        )

    def postgresql_tools(self, archive, force):
        major = backups.server_major()
        dumped_by = re.search(r"\(PostgreSQL\)\s+(\d+)", archive.database_entry["dump_tool"])
        if dumped_by and int(dumped_by.group(1)) > major:
            raise CommandError(
                f"{archive.path} was dumped from PostgreSQL {dumped_by.group(1)}, newer than "
                f"this server ({major}): restore it into PostgreSQL {dumped_by.group(1)} or "
                "newer. Nothing was restored."
            )
        pg_restore, _version = backups.pg_tool("pg_restore", major)
        psql = backups.pg_tool("psql", major)[0] if force else None
        return pg_restore, psql

    def restore_postgresql(self, archive, force, pg_restore, psql):
        name = backups.DATABASE_FILES["postgresql"]
        connection.close()
        with tempfile.TemporaryDirectory(prefix="action-portugal-restore-") as work:
            dump = Path(work) / name
            archive.extract(name, archive.database_entry, dump)
            if force:
                self.replace_postgresql(dump, pg_restore, psql)
                return
            backups.run_tool(
                [
                    pg_restore,
                    "--single-transaction",
                    "--exit-on-error",
                    "--no-owner",
                    "--no-privileges",
                    f"--dbname={connection.settings_dict['NAME']}",
                    str(dump),
                ],
                ", and the restore ran in one transaction: the database was left as it was",
                env=backups.pg_environment(),
            )

    def replace_postgresql(self, dump, pg_restore, psql):
        """Drop the schema public, make it again and restore the dump, all in one
        transaction: pg_restore's script (which ends with COMMIT only when it is complete)
        goes to psql after the DROP, and psql stops at the first error."""
        env = backups.pg_environment()
        with tempfile.TemporaryFile() as script_errors, tempfile.TemporaryFile() as psql_errors:
            script = subprocess.Popen(
                [pg_restore, "--single-transaction", "--no-owner", "--no-privileges", "-f", "-"]
                + [str(dump)],
                stdout=subprocess.PIPE,
                stderr=script_errors,
                env=env,
            )
            apply = subprocess.Popen(
                [psql, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1"]
                + [f"--dbname={connection.settings_dict['NAME']}"],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=psql_errors,
                env=env,
            )
            # psql stopping at an error closes the pipe: its exit status says why.
            with contextlib.suppress(BrokenPipeError):
                try:
                    apply.stdin.write(
                        b"BEGIN;\nDROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n"
                    )
                    shutil.copyfileobj(script.stdout, apply.stdin, backups.CHUNK)
                finally:
                    script.stdout.close()
                    apply.stdin.close()
            script.wait()
            apply.wait()
            if script.returncode != 0 or apply.returncode != 0:
                script_errors.seek(0)
                psql_errors.seek(0)
                details = (script_errors.read() + psql_errors.read()).decode(errors="replace")
                raise CommandError(
                    "The restore failed and was rolled back: the database was left as it "
                    f"was.\n{details.strip()}"
                )

    def restore_sqlite(self, archive, target):
        name = backups.DATABASE_FILES["sqlite"]
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.restore-", dir=target.parent)
        os.close(handle)
        try:
            archive.extract(name, archive.database_entry, temporary)
            check = sqlite3.connect(temporary)
            try:
                result = check.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                check.close()
            if result != "ok":
                raise archive.refusal(f"{name} is not a sound SQLite database ({result})")
            connection.close()
            # A journal left by the database being replaced must not be applied to this one.
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            os.replace(temporary, target)
        finally:
            Path(temporary).unlink(missing_ok=True)

    def check_restored(self, manifest):
        connection.close()
        with connection.cursor() as cursor:
            state = backups.site_state(cursor)
        for key in ("counts", "migrations"):
            if state[key] != manifest[key]:
                raise CommandError(
                    f"The restored database does not match the archive's manifest ({key}: "
                    f"{state[key]} where the manifest says {manifest[key]}); its media were "
                    "not put in place."
                )

    def place_media(self, staging, media_root, force):
        if force:
            for entry in media_root.iterdir():
                if entry == staging:
                    continue
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
        for entry in staging.iterdir():
            os.replace(entry, media_root / entry.name)
        staging.rmdir()
