"""Running the site, as opposed to what it shows: the health probe and what visitors get
while the database is down (``middleware``), the connection pool's check after a database
restart (``database_pool``), backups and restores of the database and the media in one
archive (``backups``, used by the ``backup_site`` and ``restore_site`` commands), and the
deployment checks of the site's own settings (``checks``). It knows no content app.

Two well-kept libraries do parts of this job elsewhere; each was tried against the
behaviour the tests pin, and neither keeps it.

django-health-check (4.8) answers a failure with 500, not 503; answers a probe's
``Accept: */*`` with an HTML page of every check, and JSON keyed by the check's repr with
the error's text (``"Unavailable: connection failed"``) to anyone who asks for it, where
ours tells an anonymous caller ``{"database": "unavailable"}`` and nothing more
(tests/test_project.py); and runs its database check in a thread of its own on a new
connection, so while this worker knows the database is down a probe still waits for it
(tests/test_database_outage.py: the probe must not touch the database then), the outage is
not recorded, and each failure is logged with a traceback where an outage is logged once.
Behind a thin middleware, with its database check only, it took 16 ms a probe in process
where ours takes 0.5 ms (a new connection and an event loop each time). What would be
left of it once all of that was overridden is its name.

django-dbbackup (5.4) writes the database and the media as two archives with no checksum
and no manifest, so a cut-short or damaged archive is found out half-way through a restore
or not at all; its PostgreSQL restore drops what is in the target (``--clean``) instead
of refusing a database that is not empty, its media restore writes file by file into
MEDIA_ROOT (skipping or replacing what is there) rather than refusing a MEDIA_ROOT with
files, and its SQLite restore writes over the database file in place: not all or nothing
(``PgDumpBinaryConnector.drop``, ``mediarestore``'s ``_upload_file``,
``SqliteBackupConnector.restore_dump``).
tests/test_backup.py pins each of these (one checked archive, refusal of a non-empty
target, a failed restore leaves the target as it was), so ``backups`` stays ours.
"""


def connect():
    """Wires the package into Django, from the app's ``ready()``: the deployment checks,
    and the outage handling's signal receivers and log filter. They are imported here,
    not with the package: the production settings import ``database_pool`` from it while
    they load, before Django is set up."""
    from action_portugal.operations import checks, middleware

    checks.connect()
    middleware.connect()
