"""What `make bench` (scripts/bench.py) and `make load` (scripts/load.py) share: a fresh
PostgreSQL database with the programme's content, the production server as
`scripts/start` runs it (gunicorn, production settings), and wrk with its figures read
back."""

import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = os.environ.get("PYTHON_BIN", sys.executable)
GUNICORN = os.environ.get("GUNICORN_BIN", str(Path(PYTHON).parent / "gunicorn"))
WORKERS = os.environ.get("WEB_CONCURRENCY", "2")


def say(message):
    print(message, flush=True)


def run(*command, env, **kwargs):
    return subprocess.run(command, env=env, cwd=ROOT, check=True, **kwargs)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_name(database_url):
    return urlsplit(database_url).path.lstrip("/")


def fresh_database(database_url):
    """Drop and create the database ``database_url`` names; returns PostgreSQL's version.
    Fails with a clear message when PostgreSQL does not answer."""
    import psycopg

    parts = urlsplit(database_url)
    name = database_name(database_url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    try:
        connection = psycopg.connect(admin, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        raise SystemExit(f"PostgreSQL does not answer at {admin}: {error}") from None
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
        return connection.execute("SHOW server_version").fetchone()[0]


def redis_available(redis_url):
    """Empties the Redis database at ``redis_url``; False when there is no Redis."""
    try:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
        return True
    except Exception:  # noqa: BLE001 - no Redis: local memory, said in the report
        return False


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


def prepare_site(env, scale=True, pictures_everywhere=False, renditions=False):
    """Static files collected (meanwhile) and the database migrated and loaded with the
    programme's content; ``scale``: grown to 1,000 stories, 100 testimonials and 100 team
    members (``pictures_everywhere``: every one with a picture); ``renditions``: every
    picture's renditions made up front."""
    static = subprocess.Popen(
        ["scripts/build-static"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    manage = [PYTHON, "manage.py"]
    try:
        run(*manage, "migrate", "--noinput", env=env, capture_output=True)
        run(*manage, "load_demo_content", env=env, capture_output=True)
        if scale:
            options = ["--pictures-everywhere"] if pictures_everywhere else []
            run(*manage, "scale_demo_content", *options, env=env, capture_output=True)
        if renditions:
            run(*manage, "generate_renditions", env=env, capture_output=True)
    finally:
        _out, errors = static.communicate()
    if static.returncode:
        raise SystemExit(f"scripts/build-static failed:\n{errors}")


def wait_for(url, seconds=60):
    for _ in range(seconds * 5):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing answers at {url}")


def start(command, env, log=None):
    """``command`` in the background; its output to the file ``log``, or nowhere."""
    output = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 - closed by stop()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=output, stderr=output)
    process.log = output if log else None
    return process


def stop(process):
    process.terminate()
    process.wait(timeout=20)
    if process.log:
        process.log.close()


def start_server(env, port, log=None, **extra):
    """The production server (`scripts/start`) on 127.0.0.1:``port``, answering."""
    server = start(["scripts/start"], {**env, "PORT": str(port), **extra}, log=log)
    try:
        wait_for(f"http://127.0.0.1:{port}/health/")
    except SystemExit:
        stop(server)
        raise
    return server


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
