import shutil
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import django
import wagtail
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from action_portugal.operations import backups


class Command(BaseCommand):
    help = (
        "Write the database and the uploaded media into one archive "
        "(backups/action-portugal-<UTC time>.tar unless --output names another)."
    )
    # A backup must not depend on the code passing its checks: it may be what saves it.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Where to write the archive (never overwritten).")

    def handle(self, *args, output=None, **options):
        vendor = backups.database_vendor()
        now = datetime.now(UTC)
        if output:
            destination = Path(output)
        else:
            stamp = now.strftime("%Y%m%d-%H%M%S")
            destination = Path(settings.BASE_DIR) / "backups" / f"action-portugal-{stamp}.tar"
        if destination.exists():
            raise CommandError(f"{destination} already exists: a backup is never overwritten.")
        destination.parent.mkdir(parents=True, exist_ok=True)

        bucket = backups.media_bucket()
        media_root = None if bucket else Path(settings.MEDIA_ROOT)
        manifest = {
            "format": backups.FORMAT,
            "version": backups.FORMAT_VERSION,
            "created": now.isoformat(timespec="seconds"),
            "django": django.__version__,
            "wagtail": wagtail.__version__,
            "database": {"vendor": vendor, "name": str(connection.settings_dict["NAME"])},
            "media": (
                {"storage": "bucket", "bucket": bucket}
                if bucket
                else {"storage": "local", "root": str(media_root)}
            ),
        }

        work = Path(tempfile.mkdtemp(prefix=".backup-", dir=destination.parent))
        try:
            database_file = work / backups.DATABASE_FILES[vendor]
            self.stdout.write(f"Dumping the {backups.VENDOR_NAMES[vendor]} database ...")
            if vendor == "postgresql":
                state, details = self.dump_postgresql(database_file)
            else:
                state, details = self.dump_sqlite(database_file)
            manifest["database"].update(details)
            manifest.update(state)
            if bucket:
                self.stdout.write(
                    f"The media are in the bucket {bucket!r} (AWS_STORAGE_BUCKET_NAME): this "
                    "archive holds the database only. Back the bucket up with its provider "
                    "(versioning, replication or a copy of its objects)."
                )
            else:
                self.stdout.write(f"Adding the media files under {media_root} ...")
            backups.write_archive(destination, work, database_file, vendor, media_root, manifest)
        except (CommandError, OSError, sqlite3.Error) as error:
            raise CommandError(f"{error}\nNo archive was written.") from error
        finally:
            shutil.rmtree(work, ignore_errors=True)

        media = manifest["media"]
        self.stdout.write(
            f"Backup written to {destination} ({destination.stat().st_size:,} bytes): "
            f"{backups.describe_counts(manifest['counts'])}, "
            f"{len(media['files'])} media files ({media['bytes']:,} bytes)."
        )

    def dump_postgresql(self, path):
        """pg_dump of exactly the snapshot the manifest's counts are read from."""
        major = backups.server_major()
        pg_dump, version = backups.pg_tool("pg_dump", major)
        if "django_migrations" not in connection.introspection.table_names():
            raise CommandError(f"{backups.database_label()} has no site in it: nothing to back up.")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
            state = backups.site_state(cursor)
            backups.run_tool(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={path}",
                ],
                env=backups.pg_environment(),
            )
        return state, {"server_version": server_version, "dump_tool": version}

    def dump_sqlite(self, path):
        source_path = backups.sqlite_path()
        if "django_migrations" not in backups.sqlite_tables(source_path):
            raise CommandError(f"{source_path} has no site in it: nothing to back up.")
        connection.close()
        source = sqlite3.connect(source_path)
        copy = sqlite3.connect(path)
        try:
            source.backup(copy)
            state = backups.site_state(copy.cursor())
        finally:
            copy.close()
            source.close()
        return state, {"server_version": sqlite3.sqlite_version, "dump_tool": "sqlite3 backup"}
