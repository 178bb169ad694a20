"""Starting the site's databases and servers, for the tools (`make bench`, `make load`) and
the tests (the browser tests, the backup and load-script tests) alike: a database of its own
next to the one given, a site migrated and loaded with the programme's content, the
development server or the production server as `scripts/start` runs it (gunicorn,
production settings), wrk with its figures read back, and the figures written into their
marked places in docs/.

The tools run this file's directory as their own (``import harness``); the tests import
it as ``scripts.harness`` (pytest puts the repository's root on the path). What cannot be
done raises SystemExit with what to do about it: a tool stops with the message, a test
fails with it.
"""

import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = os.environ.get("PYTHON_BIN", sys.executable)
GUNICORN = os.environ.get("GUNICORN_BIN", str(Path(PYTHON).parent / "gunicorn"))
WORKERS = os.environ.get("WEB_CONCURRENCY", "2")
# The machine's PostgreSQL, for a tool or a test given no PostgreSQL address.
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/action_portugal"
SERVER_START_SECONDS = 60


def say(message):
    print(message, flush=True)


def run(*command, env, **kwargs):
    return subprocess.run(command, env=env, cwd=ROOT, check=True, **kwargs)


def manage(env, *args):
    """``manage.py args`` for the site ``env`` describes; what it printed."""
    done = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(
            f"manage.py {' '.join(args)} failed (exit {done.returncode}):\n"
            f"{done.stdout}{done.stderr}"
        )
    return done.stdout


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Databases ---------------------------------------------------------------------------------


def is_postgresql(database_url):
    return database_url.startswith(("postgres://", "postgresql://"))


def database_name(database_url):
    return urlsplit(database_url).path.lstrip("/")


def sibling_database(database_url, suffix):
    """The address of the database ``<name>_<suffix>`` on the PostgreSQL server
    ``database_url`` points at (the machine's when it is not PostgreSQL's; ``<name>`` is
    ``action_portugal`` when it names none, or only PostgreSQL's own ``postgres``): where a
    test makes a database of its own next to the suite's."""
    if not is_postgresql(database_url):
        database_url = DEFAULT_DATABASE_URL
    parts = urlsplit(database_url)
    name = database_name(database_url)
    if name in ("", "postgres"):
        name = database_name(DEFAULT_DATABASE_URL)
    return urlunsplit(parts._replace(path=f"/{name}_{suffix}"))


def _admin_connection(database_url):
    """An autocommit connection to the server's ``postgres`` database."""
    import psycopg

    admin = urlunsplit(urlsplit(database_url)._replace(path="/postgres"))
    try:
        return psycopg.connect(admin, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        raise SystemExit(f"PostgreSQL does not answer at {admin}: {error}") from None


def postgresql_version(database_url):
    """The version of the PostgreSQL server ``database_url`` points at, which must answer."""
    with _admin_connection(database_url) as connection:
        return connection.execute("SHOW server_version").fetchone()[0]


def fresh_database(database_url):
    """Drop and create the database ``database_url`` names; returns PostgreSQL's version."""
    name = database_name(database_url)
    with _admin_connection(database_url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
        return connection.execute("SHOW server_version").fetchone()[0]


def drop_database(database_url):
    with _admin_connection(database_url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database_name(database_url)}" WITH (FORCE)')


def redis_available(redis_url):
    """Empties the Redis database at ``redis_url``; False when there is no Redis."""
    try:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
        return True
    except Exception:  # noqa: BLE001 - no Redis: local memory, said in the report
        return False


# Sites -------------------------------------------------------------------------------------


def production_env(database_url, work, redis_url=None, **extra):
    """The environment the production server runs with, as `make serve` gives it: production
    settings, a throw-away secret, collected static files and media under ``work``."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "action_portugal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on purpose, as `make serve` tries it out: no redirect to HTTPS.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(Path(work) / "static"),
        "MEDIA_ROOT": str(Path(work) / "media"),
        "WEB_CONCURRENCY": WORKERS,
        "LOG_LEVEL": "ERROR",
        "PYTHON_BIN": PYTHON,
        "GUNICORN_BIN": GUNICORN,
        "BIND_ADDRESS": "127.0.0.1",
        "MIGRATE_ON_START": "false",
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return {**env, **extra}


def prepare_site(env, scale=False, pictures_everywhere=False, renditions=False, static=True):
    """The database migrated and loaded with the programme's content; ``scale``: grown to
    1,000 stories, 100 testimonials and 100 team members (``pictures_everywhere``: every
    one with a picture); ``renditions``: every picture's renditions made up front;
    ``static``: the static files collected meanwhile (the production server serves them,
    the development server finds them where they are)."""
    collecting = None
    if static:
        collecting = subprocess.Popen(
            [str(ROOT / "scripts" / "build-static")],
            env={"PYTHON_BIN": PYTHON, **env},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo_content")
        if scale:
            options = ["--pictures-everywhere"] if pictures_everywhere else []
            manage(env, "scale_demo_content", *options)
        if renditions:
            manage(env, "generate_renditions")
    finally:
        if collecting is not None:
            _out, errors = collecting.communicate()
    if collecting is not None and collecting.returncode:
        raise SystemExit(f"scripts/build-static failed:\n{errors}")


# Servers -----------------------------------------------------------------------------------


def start(command, env, log=None, errors_only=False):
    """``command`` in the background; its output to the file ``log`` (``errors_only``: its
    standard error alone, without a server's access log), or nowhere."""
    output = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 - closed by stop()
    process = subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL if errors_only else output,
        stderr=output,
    )
    process.log = output if log else None
    return process


def stop(process, timeout=20):
    process.terminate()
    try:
        process.wait(timeout=timeout)
    finally:
        if process.log:
            process.log.close()


def wait_for(url, seconds=SERVER_START_SECONDS, process=None):
    """Until ``url`` answers 200; fails at once when ``process`` has ended."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:  # no answer yet, or an error status (HTTPError)
            if process is not None and process.poll() is not None:
                raise SystemExit(
                    f"the server ended (exit {process.returncode}) before {url} answered"
                ) from None
            if time.monotonic() > deadline:
                raise SystemExit(f"{url} did not answer 200 within {seconds} s") from None
            time.sleep(0.2)


def _started(command, env, port, log, errors_only):
    """``command`` serving on 127.0.0.1:``port``, once its ``/health/`` answers 200."""
    process = start(command, env, log=log, errors_only=errors_only)
    try:
        wait_for(f"http://127.0.0.1:{port}/health/", process=process)
    except SystemExit as failure:
        stop(process)
        said = Path(log).read_text(errors="replace").splitlines()[-60:] if log else []
        raise SystemExit(
            f"{failure}" + (f"; its log ({log}):\n" + "\n".join(said) if said else "")
        ) from None
    return process


def start_server(env, port, log=None, errors_only=False, **extra):
    """The production server (`scripts/start`: gunicorn, the settings ``env`` names, its
    WEB_CONCURRENCY workers) on 127.0.0.1:``port``, answering."""
    env = {
        "GUNICORN_BIN": GUNICORN,
        **env,
        "PORT": str(port),
        "BIND_ADDRESS": "127.0.0.1",
        "MIGRATE_ON_START": "false",
        **extra,
    }
    return _started([str(ROOT / "scripts" / "start")], env, port, log, errors_only)


def start_ceiling(env, port, pages):
    """The ceiling: ``scripts/ceiling_app.py`` answering the bytes captured in the file
    ``pages`` (``{path: {"content_type", "body"}}``), under gunicorn as ``scripts/start``
    runs the site (its workers, its access log), on 127.0.0.1:``port``, answering."""
    command = [
        GUNICORN,
        "ceiling_app:application",
        "--chdir",
        str(ROOT / "scripts"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        env.get("WEB_CONCURRENCY", WORKERS),
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
    ]
    process = start(command, {**env, "CEILING_PAGES": str(pages)})
    wait_for(f"http://127.0.0.1:{port}/", process=process)
    return process


def start_development_server(env, port, log=None):
    """``manage.py runserver`` on 127.0.0.1:``port`` (no reloader, static files served
    from where they are), answering; its errors to ``log``."""
    command = [
        PYTHON,
        str(ROOT / "manage.py"),
        "runserver",
        f"127.0.0.1:{port}",
        "--noreload",
        "--insecure",
    ]
    return _started(command, env, port, log, errors_only=True)


# Load --------------------------------------------------------------------------------------


def require_wrk(who):
    if not shutil.which("wrk"):
        raise SystemExit(
            f"{who}: wrk is missing (scripts/install-debian-package wrk; `make {who}` does it)"
        )


def wrk(
    url, connections, seconds, threads=2, script=None, headers=("Host: 127.0.0.1",), timeout=None
):
    """wrk's output for ``seconds`` of ``connections`` connections against ``url``
    (``script``: a Lua file that makes the requests and reads the answers; ``timeout``:
    seconds after which a request counts as a socket error, wrk's default 2)."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if timeout:
        command.append(f"--timeout={timeout}s")
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", str(script)]
    return subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout


def read_wrk(out):
    """wrk's figures: requests, req/s, latency p50 and p99 (ms), answers other than 2xx
    or 3xx, and socket errors by kind (connect, read, write, timeout)."""

    def latency(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)", out, re.MULTILINE)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = dict.fromkeys(("connect", "read", "write", "timeout"), 0)
    found = re.search(r"Socket errors: (.*)", out)
    if found:
        for kind, count in re.findall(r"(\w+) (\d+)", found.group(1)):
            socket_errors[kind] = int(count)
    return {
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency(50),
        "p99": latency(99),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": socket_errors,
    }


def machine():
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"model name\s*:\s*(.*)", cpuinfo.read_text())
        cpu = match.group(1) if match else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read_text()).group(1))
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": memory, "kernel": platform.release()}


# Figures in docs/ --------------------------------------------------------------------------
#
# A report in docs/ is prose written by people, with marked places where a tool writes the
# figures of its last run:
#
#     <!-- figures: pages -->
#     | page | queries | ...
#     <!-- /figures: pages -->


def _figures_block(name):
    return re.compile(
        rf"(^<!-- figures: {re.escape(name)} -->\n)(.*?)(^<!-- /figures: {re.escape(name)} -->$)",
        re.MULTILINE | re.DOTALL,
    )


def check_figures_places(path, names):
    """Fails, before a long run, when ``path`` lacks a marked place for one of ``names``."""
    path = Path(path)
    if not path.is_file():
        raise SystemExit(f"{path} is missing: the figures go into its marked places")
    text = path.read_text()
    missing = [name for name in names if len(_figures_block(name).findall(text)) != 1]
    if missing:
        raise SystemExit(
            f"{path} has no single marked place for the figures {', '.join(missing)}: each "
            "goes between `<!-- figures: NAME -->` and `<!-- /figures: NAME -->` lines"
        )


def write_figures(path, blocks):
    """Write each of ``blocks`` (name -> Markdown) into its marked place in ``path``; the
    prose around them is left as it is."""
    path = Path(path)
    check_figures_places(path, blocks)
    text = path.read_text()
    for name, figures in blocks.items():
        body = figures.strip("\n") + "\n"
        text = _figures_block(name).sub(lambda m, body=body: m.group(1) + body + m.group(3), text)
    path.write_text(text)
