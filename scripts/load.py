"""`make load`: the production server (`scripts/start`: gunicorn, production settings,
PostgreSQL, Redis) under LOAD_CONNECTIONS concurrent connections (64) for LOAD_SECONDS
(60), over a mix of the site's public pages in both languages, a share of them asked for
by a signed-in editor, whom the page cache lets through to Django and PostgreSQL (a
parameter the page does not use would not: the cache answers it with the page).
Passes when no request fails, the server's memory is stable and none of the editor's
pages came from the page cache; writes the figures into their marked places in
docs/load.md (LOAD_REPORT names another copy), whose prose is written by hand.

Errors: wrk's socket errors (connect, read, write, and timeout: a request unanswered
after LOAD_TIMEOUT, 10 s), every answer other than 200 (each address in the mix is a
final one that answers 200: a redirect or a 404 means something is wrong), worker
processes replaced during the run, and errors in the server's log. Answers slower than
LOAD_SLOW_SECONDS (2 s) are counted and reported, not failed.

Memory: the resident memory (VmRSS) of gunicorn's master and workers, summed, every
LOAD_SAMPLE_SECONDS during the run, after LOAD_WARMUP_SECONDS of the same load. Stable
means (1) the second half's mean is less than LOAD_MEMORY_GROWTH (10 %) above the first
half's, and (2) no climb: not each of the four quarters' means above the one before with
the last more than LOAD_MEMORY_CLIMB (2 %) above the first (docs/load.md says why)."""

import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path
from urllib.parse import quote

from harness import (
    PYTHON,
    ROOT,
    check_figures_places,
    database_name,
    free_port,
    fresh_database,
    machine,
    prepare_site,
    production_env,
    read_wrk,
    redis_available,
    require_wrk,
    start_server,
    stop,
    write_figures,
    wrk,
)
from harness import say as say_plain

BEGAN = time.monotonic()


def say(message):
    say_plain(f"[{time.monotonic() - BEGAN:5.1f} s] {message}")


def setting(name, default, kind=str):
    raw = os.environ.get(name, "")
    return kind(raw) if raw.strip() else default


DATABASE_URL = setting(
    "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/action_portugal_load"
)
REDIS_URL = setting("LOAD_REDIS_URL", "redis://127.0.0.1:6379/15")
CONNECTIONS = setting("LOAD_CONNECTIONS", 64, int)
SECONDS = setting("LOAD_SECONDS", 60, int)
WARMUP = setting("LOAD_WARMUP_SECONDS", 10, int)
THREADS = setting("LOAD_THREADS", 2, int)
# Seconds after which an unanswered request counts as an error (a visitor has given up),
# and after which an answer counts as slow (reported, not an error): see docs/load.md.
TIMEOUT = setting("LOAD_TIMEOUT", 10, int)
SLOW = setting("LOAD_SLOW_SECONDS", 2.0, float)
SCALE = setting("LOAD_SCALE", "true").lower() in ("1", "true", "yes", "on")
# The share of page requests made by the signed-in editor (the name is older).
BYPASS_SHARE = setting("LOAD_BYPASS_SHARE", 0.25, float)
SAMPLE_SECONDS = setting("LOAD_SAMPLE_SECONDS", 1.0, float)
MEMORY_GROWTH = setting("LOAD_MEMORY_GROWTH", 0.10, float)
MEMORY_CLIMB = setting("LOAD_MEMORY_CLIMB", 0.02, float)
REPORT = Path(setting("LOAD_REPORT", str(ROOT / "docs" / "load.md")))
FIGURES = ("load run", "load figures", "load verdict", "load by address")
# Marks the signed-in editor's requests in the access log; the page ignores it.
SIGNED_IN_PARAM = "nocache"
SIGNED_IN = "signed in"
# As deployed: behind a proxy that ends TLS and says so (SECURE_PROXY_SSL_HEADER), cookies
# HTTPS-only (the session cookie then goes with the proxied HTTPS requests only).
PROXY = {
    "SECURE_PROXY_SSL_HEADER": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_COOKIES": "true",
}
HEADERS = ("Host: 127.0.0.1", "X-Forwarded-Proto: https")

# The mix: (name, address, kind). *page*: kept by the page cache, also asked for by the
# signed-in editor (rendered by Django every time, no X-Cache header); *cached*: the
# sitemap, from the page cache only (with the content scaled up it lists some 2,400
# addresses and takes about a second to render); *search*: never cached; *static*: the
# stylesheet, from WhiteNoise.
PAGES = [
    ("home", "/pt/", "/en/"),
    ("areas of work", "/pt/areas-de-trabalho/", "/en/areas-of-work/"),
    (
        "area of work",
        "/pt/areas-de-trabalho/estudos-atuariais/",
        "/en/areas-of-work/actuarial-studies/",
    ),
    ("testimonials", "/pt/testemunhos/", "/en/testimonials/"),
    ("testimonial", "/pt/testemunhos/edson-domingos/", "/en/testimonials/edson-domingos/"),
    ("team", "/pt/equipa/", "/en/team/"),
    (
        "team member",
        "/pt/equipa/responsavel-timor-leste/",
        "/en/team/country-officer-timor-leste/",
    ),
    ("timeline", "/pt/cronologia/", "/en/timeline/"),
    ("timeline, page 20", "/pt/cronologia/?page=20", "/en/timeline/?page=20"),
    (
        "story",
        "/pt/cronologia/arranque-do-action-portugal/",
        "/en/timeline/action-portugal-begins/",
    ),
]
SEARCHES = [
    ("search", f"/pt/pesquisa/?q={quote('proteção social')}", "/en/search/?q=social+protection")
]


def mix(stylesheet):
    entries = []
    for name, *paths in PAGES:
        if "page=20" in paths[0] and not SCALE:
            continue  # one page of stories only: nothing to page through
        for path in paths:
            entries.append((f"{name} ({path[1:3]})", path, "page"))
    entries.append(("sitemap", "/sitemap.xml", "cached"))
    for name, *paths in SEARCHES:
        entries += [(f"{name} ({path[1:3]})", path, "search") for path in paths]
    entries.append(("stylesheet", stylesheet, "static"))
    return entries


def rotation(entries):
    """The order requests go out in: every address once per round; over ``denominator``
    rounds, each page is asked for ``numerator`` times by the signed-in editor, the pages
    the editor asks for changing from round to round so that renders are spread evenly
    over time rather than bunched."""
    share = Fraction(BYPASS_SHARE).limit_denominator(10)
    rounds = []
    for n in range(share.denominator):
        for i, (name, path, kind) in enumerate(entries):
            signed_in = kind == "page" and (i + n) % share.denominator < share.numerator
            rounds.append((name, path, SIGNED_IN if signed_in else kind))
    return rounds


LUA = """-- Generated by scripts/load.py: the mix, rotated, each thread from its own place.
local entries = {ENTRIES}
local param = "{PARAM}"
local signed_in = "{SIGNED_IN}"
local cookie = "{COOKIE}"
local slow = {SLOW}  -- microseconds
local index, counter = 0, 0
local editor = {}  -- the signed-in editor's headers
sent, statuses, cache = {}, {}, {}
local threads = {}

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

function init(args)
  index = (offset or 0) * math.floor(#entries / 2 + 1)
  wrk.headers["Accept-Encoding"] = "br, gzip"
  -- wrk.format sends the headers it is given instead of wrk.headers (-H included, so
  -- X-Forwarded-Proto): the editor's are a copy of them with the session cookie.
  for name, value in pairs(wrk.headers) do editor[name] = value end
  editor["Cookie"] = cookie
end

function request()
  index = index + 1
  local entry = entries[(index % #entries) + 1]
  local path = entry[1]
  sent[entry[2]] = (sent[entry[2]] or 0) + 1
  if entry[2] == signed_in then
    counter = counter + 1
    local sep = string.find(path, "?", 1, true) and "&" or "?"
    return wrk.format("GET", path .. sep .. param .. "=" .. counter, editor)
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  local code = tostring(status)
  statuses[code] = (statuses[code] or 0) + 1
  local answer = headers["X-Cache"] or "none"
  cache[answer] = (cache[answer] or 0) + 1
end

local function add(into, from)
  for k, v in pairs(from or {}) do into[k] = (into[k] or 0) + v end
end

local function encode(t)
  local parts = {}
  for k, v in pairs(t) do table.insert(parts, string.format("%q: %d", tostring(k), v)) end
  return "{" .. table.concat(parts, ", ") .. "}"
end

-- The share of answers slower than ``limit`` (percent), from the latency percentiles.
local function share_above(stats, limit)
  if stats.max <= limit then return 0 end
  local low, high = 0, 100
  for _ = 1, 30 do
    local middle = (low + high) / 2
    if stats:percentile(middle) > limit then high = middle else low = middle end
  end
  return 100 - high
end

function done(summary, latency, requests)
  local all = {sent = {}, statuses = {}, cache = {}}
  for _, thread in ipairs(threads) do
    add(all.sent, thread:get("sent"))
    add(all.statuses, thread:get("statuses"))
    add(all.cache, thread:get("cache"))
  end
  io.write(string.format(
    'LOAD {"sent": %s, "statuses": %s, "cache": %s, "slow_percent": %.4f, "max_us": %d}\\n',
    encode(all.sent), encode(all.statuses), encode(all.cache), share_above(latency, slow),
    latency.max))
end
"""


def lua_script(entries, path, session_key):
    table = ", ".join(f'{{"{p}", "{kind}"}}' for _name, p, kind in rotation(entries))
    path.write_text(
        LUA.replace("{ENTRIES}", "{" + table + "}")
        .replace("{PARAM}", SIGNED_IN_PARAM)
        .replace("{SIGNED_IN}", SIGNED_IN)
        .replace("{COOKIE}", session_cookie(session_key))
        .replace("{SLOW}", str(int(SLOW * 1_000_000)))
    )
    return path


def read_lua(out):
    found = re.search(r"^LOAD (\{.*\})$", out, re.MULTILINE)
    return json.loads(found.group(1))


# Checking the mix before the load -------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


FETCH = urllib.request.build_opener(NoRedirect)


def fetch(url, cookie=None):
    headers = dict(header.split(": ", 1) for header in HEADERS)
    headers["Accept-Encoding"] = "identity"
    if cookie:
        headers["Cookie"] = cookie
    request = urllib.request.Request(url, headers=headers)
    try:
        with FETCH.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, b""


def stylesheet_of(base):
    status, _headers, html = fetch(base + "/pt/")
    found = re.search(rb'<link rel="stylesheet" href="([^"]+)"', html)
    if status != 200 or not found:
        raise SystemExit(f"load: the home page answered {status} without a stylesheet")
    return found.group(1).decode()


def check_mix(base, entries, session_key):
    """Every address answers 200 (no redirect), pages come from the cache the second
    time, and the signed-in editor's are rendered by Django (no X-Cache, and not for
    shared caches): the load then measures what it means to."""
    problems = []
    for name, path, kind in entries:
        answers = [fetch(base + path), fetch(base + path)]
        if kind == "page":
            sep = "&" if "?" in path else "?"
            editor = f"{base}{path}{sep}{SIGNED_IN_PARAM}=0"
            answers.append(fetch(editor, cookie=session_cookie(session_key)))
        statuses = [status for status, _h, _b in answers]
        cache = [headers.get("X-Cache") for _s, headers, _b in answers]
        if any(status != 200 for status in statuses):
            problems.append(f"{name} {path}: {statuses}")
        elif kind == "page" and cache[1:] != ["hit", None]:
            problems.append(f"{name} {path}: X-Cache {cache}")
        elif kind == "page" and "private" not in answers[2][1].get("Cache-Control", ""):
            control = answers[2][1].get("Cache-Control")
            problems.append(f"{name} {path}, signed in: Cache-Control {control!r}")
        elif kind == "cached" and cache[1] != "hit":
            problems.append(f"{name} {path}: X-Cache {cache}")
    if problems:
        raise SystemExit("load: the mix is not what it should be:\n  " + "\n  ".join(problems))


# Memory and connections, sampled while the load runs ----------------------------------------


def process_tree(root):
    """``root`` and its descendants (gunicorn's master and workers)."""
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo += children.get(pid, [])
    return tree


def rss_kb(pid):
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) if found else 0


class Sampler(threading.Thread):
    """Every ``interval`` seconds: the server's summed RSS, its processes, and the number
    of PostgreSQL connections to its database."""

    def __init__(self, master, interval):
        super().__init__(daemon=True)
        self.master, self.interval = master, interval
        self.samples = []  # (monotonic time, RSS kB, pids, PostgreSQL connections)
        self.halt = threading.Event()

    def run(self):
        import psycopg

        with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
            while not self.halt.is_set():
                pids = process_tree(self.master)
                rss = sum(rss_kb(pid) for pid in pids)
                connections = connection.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                ).fetchone()[0]
                self.samples.append((time.monotonic(), rss, tuple(pids), connections))
                self.halt.wait(self.interval)

    def between(self, begin, end):
        return [s for s in self.samples if begin <= s[0] <= end]


def memory_figures(samples):
    mib = [rss / 1024 for _t, rss, _p, _c in samples]
    half = len(mib) // 2
    first, second = statistics.fmean(mib[:half]), statistics.fmean(mib[half:])
    quarters = [statistics.fmean(part) for part in split(mib, 4)]
    climbing = all(b > a for a, b in zip(quarters, quarters[1:], strict=False))
    climb = quarters[-1] / quarters[0] - 1
    times = [t - samples[0][0] for t, *_ in samples]
    slope = statistics.linear_regression(times, mib).slope * 60 if len(set(times)) > 1 else 0
    growth = second / first - 1
    return {
        "samples": len(mib),
        "start": mib[0],
        "peak": max(mib),
        "end": mib[-1],
        "first_half": first,
        "second_half": second,
        "growth": growth,
        "quarters": quarters,
        "climb": climb,
        "slope": slope,
        "stable": growth < MEMORY_GROWTH and not (climbing and climb > MEMORY_CLIMB),
    }


def split(values, parts):
    size = len(values) / parts
    return [values[round(i * size) : round((i + 1) * size)] for i in range(parts)]


# The server's log --------------------------------------------------------------------------

ACCESS = re.compile(r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3}) ')
TROUBLE = re.compile(
    r"\[(ERROR|CRITICAL)\]|WORKER TIMEOUT|Traceback|Internal Server Error|"
    r"PoolTimeout|OperationalError|The database is unavailable",
)


def read_log(text, entries):
    """The access log's answers by address of the mix (the signed-in editor's, marked by
    their parameter, set apart), and the lines that tell of trouble."""
    names = {path: name for name, path, _kind in entries}
    by_name, trouble = {}, []
    for line in text.splitlines():
        found = ACCESS.search(line)
        if not found:
            if TROUBLE.search(line):
                trouble.append(line)
            continue
        path = found.group("path")
        signed_in = f"{SIGNED_IN_PARAM}=" in path
        path = re.sub(rf"[?&]{SIGNED_IN_PARAM}=\d+$", "", path)
        name = names.get(path, path) + (f", {SIGNED_IN}" if signed_in else "")
        counts = by_name.setdefault(name, {})
        counts[found.group("status")] = counts.get(found.group("status"), 0) + 1
    return by_name, trouble


# The run -------------------------------------------------------------------------------------


SERVER_SETTINGS = """
import json
import django
django.setup()
from django.conf import settings
pool = settings.DATABASES["default"].get("OPTIONS", {}).get("pool") or {}
print(json.dumps(pool, default=lambda value: f"{value.__module__}.{value.__qualname__}"))
"""


def pool_settings(env):
    """The database pool the production settings give each worker: read meanwhile, call
    the result for it."""
    process = subprocess.Popen(
        [PYTHON, "-c", SERVER_SETTINGS], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True
    )

    def result():
        out, _errors = process.communicate()
        return json.loads(out.strip().splitlines()[-1])

    return result


EDITOR = """
import secrets
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from action_portugal.base.permissions import EDITORS
user = get_user_model().objects.create_user(
    "load-editor", "load-editor@example.org", secrets.token_urlsafe(), is_staff=True
)
user.groups.add(Group.objects.get(name=EDITORS))
# What django.contrib.auth.login() keeps in the session.
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = user._meta.pk.value_to_string(user)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def signed_in_editor(env):
    """A member of staff in the Editors group and a session as signing in gives one: its
    key. The page cache lets through only a session someone really signed in with."""
    done = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", EDITOR],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    key = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    if done.returncode or not re.fullmatch(r"[a-z0-9]{32,}", key):
        raise SystemExit(f"load: no signed-in editor:\n{done.stdout}{done.stderr}")
    return key


def session_cookie(session_key):
    return f"sessionid={session_key}"


def prepare(work):
    """A fresh database with the content and a signed-in editor, static files collected:
    the server's environment, the editor's session key, and what the report says of it."""
    say(f"PostgreSQL: fresh database {database_name(DATABASE_URL)}")
    pg_version = fresh_database(DATABASE_URL)
    use_redis = redis_available(REDIS_URL)
    if not use_redis:
        say(f"No Redis at {REDIS_URL}: the cache is in each worker's memory")
    env = production_env(DATABASE_URL, work, REDIS_URL if use_redis else None, **PROXY)
    say(
        "Content: migrate, load"
        + (", scale to 1,000 stories, 100 testimonials, 100 team members" if SCALE else "")
    )
    pool = pool_settings(env)
    prepare_site(env, scale=SCALE)
    say("Editor: a member of staff in the Editors group, signed in")
    session_key = signed_in_editor(env)
    return env, session_key, {"pg_version": pg_version, "redis": use_redis, "pool": pool()}


def measure(env, session_key, work):
    """The production server started, the mix checked, the warm-up and the load run while
    memory is sampled; the figures."""
    port = free_port()
    log = work / "server.log"
    base = f"http://127.0.0.1:{port}"
    say(f"Server: scripts/start, {env['WEB_CONCURRENCY']} workers")
    server = start_server(env, port, log=log)
    sampler = Sampler(server.pid, SAMPLE_SECONDS)
    try:
        entries = mix(stylesheet_of(base))
        say(f"Checking the mix: {len(entries)} addresses, each answers 200")
        check_mix(base, entries, session_key)
        script = lua_script(entries, work / "mix.lua", session_key)
        sampler.start()
        warmup = None
        if WARMUP:
            say(f"Warm-up: {CONNECTIONS} connections, {WARMUP} s")
            warmup = wrk(base, CONNECTIONS, WARMUP, THREADS, script, HEADERS, TIMEOUT)
        offset = log.stat().st_size
        say(f"Load: {CONNECTIONS} connections, {SECONDS} s")
        begin = time.monotonic()
        out = wrk(base, CONNECTIONS, SECONDS, THREADS, script, HEADERS, TIMEOUT)
        end = time.monotonic()
        time.sleep(0.5)  # the last answers' lines reach the log
        with open(log, "rb") as file:
            file.seek(offset)
            run_log = file.read().decode(errors="replace")
    finally:
        sampler.halt.set()
        stop(server)
        if sampler.is_alive():
            sampler.join(timeout=5)

    by_name, trouble = read_log(run_log, entries)
    samples = sampler.between(begin, end)
    if len(samples) < 4:
        raise SystemExit(f"load: {len(samples)} memory samples only; run longer")
    pids = {pid for s in samples for pid in s[2]}
    result = {
        "wrk": read_wrk(out),
        "counted": read_lua(out),
        "warmup": read_wrk(warmup) if warmup else None,
        "by_name": by_name,
        "trouble": trouble,
        "memory": memory_figures(samples),
        "processes": len(samples[0][2]),
        "replaced": len(pids) - len(samples[0][2]),
        "pg_connections": [s[3] for s in samples],
        "workers": env["WEB_CONCURRENCY"],
        "mix": entries,
    }
    result["errors"] = errors(result)
    return result


def main():
    require_wrk("load")
    check_figures_places(REPORT, FIGURES)
    work = Path(tempfile.mkdtemp(prefix="load-"))
    try:
        env, session_key, context = prepare(work)
        result = {**measure(env, session_key, work), **context}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    figures = render(result, machine())
    print("\n" + "\n\n".join(figures.values()))
    write_figures(REPORT, figures)
    say(f"figures written to {REPORT}")
    if result["trouble"]:
        say("The server's log during the run (first 40 lines of trouble):")
        say_plain("\n".join(result["trouble"][:40]))
    passed = (
        result["errors"]["total"] == 0
        and result["memory"]["stable"]
        and rendered_for_editor(result["counted"])
    )
    say(f"load: {'PASSED' if passed else 'FAILED'}")
    return 0 if passed else 1


def rendered_for_editor(counted):
    """Whether none of the signed-in editor's requests was answered from the page cache:
    wrk cannot tell which request an answer is to, but every ``X-Cache: hit`` must be to an
    anonymous request for a page or the sitemap."""
    sent = counted["sent"]
    return counted["cache"].get("hit", 0) <= sent.get("page", 0) + sent.get("cached", 0)


def errors(result):
    figures, counted = result["wrk"], result["counted"]
    socket_errors = sum(figures["socket_errors"].values())
    not_200 = sum(n for status, n in counted["statuses"].items() if status != "200")
    warm = result["warmup"]
    warmup = (warm["errors"] + sum(warm["socket_errors"].values())) if warm else 0
    total = (socket_errors + max(not_200, figures["errors"]) + result["replaced"] + warmup) + len(
        result["trouble"]
    )
    return {
        "socket": socket_errors,
        "not_200": max(not_200, figures["errors"]),
        "replaced": result["replaced"],
        "log": len(result["trouble"]),
        "warmup": warmup,
        "total": total,
    }


def render(result, box):
    """The run's figures, by the name of their place in docs/load.md."""
    w, m, e = result["wrk"], result["memory"], result["errors"]
    counted = result["counted"]
    answered = sum(counted["statuses"].values())
    cache, sent = counted["cache"], counted["sent"]
    django = answered - cache.get("hit", 0)
    editor_rendered = rendered_for_editor(counted)
    pg = result["pg_connections"]
    sockets = ", ".join(f"{k} {v}" for k, v in w["socket_errors"].items())
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted(counted["statuses"].items()))
    verdict = e["total"] == 0 and m["stable"] and editor_rendered
    requests = max(w["requests"], 1)
    pool = result["pool"]
    setup = [
        f"- Run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {box['cores']} cores, {box['cpu']}, {box['memory']}, Linux {box['kernel']}",
        f"- PostgreSQL {result['pg_version']}; cache: "
        f"{'Redis' if result['redis'] else 'local memory (no Redis)'};"
        f" Python {platform.python_version()}",
        f"- Server: `scripts/start` (gunicorn, production settings, {result['workers']} sync"
        f" workers, database pool of {pool.get('min_size')} to {pool.get('max_size')}"
        f" connections per worker, {pool.get('timeout')} s pool timeout), behind a TLS proxy",
        "- Content: the programme's"
        + (", grown to 1,000 stories, 100 testimonials and 100 team members" if SCALE else ""),
        f"- Load: wrk, {THREADS} threads, {CONNECTIONS} connections, {SECONDS} s, after"
        f" {WARMUP} s of warm-up, on the same machine; {len(result['mix'])} addresses in"
        f" rotation, pages {BYPASS_SHARE:.0%} of the time by the signed-in editor; a request"
        f" unanswered after {TIMEOUT} s counts as an error",
    ]
    table = [
        "| figure | value |",
        "| --- | ---: |",
        f"| connections | {CONNECTIONS} |",
        f"| duration s | {SECONDS} |",
        f"| requests | {w['requests']} |",
        f"| req/s | {w['rps']:.1f} |",
        f"| latency p50 ms | {w['p50']:.1f} |",
        f"| latency p99 ms | {w['p99']:.1f} |",
        f"| latency max ms | {counted['max_us'] / 1000:.1f} |",
        f"| wait behind the other connections s | {CONNECTIONS / max(w['rps'], 0.001):.2f} |",
        f"| answers slower than {SLOW:g} s % | {counted['slow_percent']:.2f} |",
        f"| answered by Django (not from the page cache) | {django} |",
        f"| requests sent, by kind | {json.dumps(dict(sorted(sent.items())))[1:-1]} |",
        f"| answers by X-Cache | {json.dumps(dict(sorted(cache.items())))[1:-1]} |",
        f"| answers by status | {statuses} |",
        f"| errors | {e['total']} |",
        f"| socket errors | {sockets} |",
        f"| answers other than 200 | {e['not_200']} |",
        f"| workers replaced | {e['replaced']} |",
        f"| errors in the server's log | {e['log']} |",
        f"| errors during warm-up | {e['warmup']} |",
        f"| memory samples | {m['samples']} (every {SAMPLE_SECONDS:g} s) |",
        f"| server processes | {result['processes']} |",
        f"| memory start MiB | {m['start']:.1f} |",
        f"| memory peak MiB | {m['peak']:.1f} |",
        f"| memory end MiB | {m['end']:.1f} |",
        f"| memory first half mean MiB | {m['first_half']:.1f} |",
        f"| memory second half mean MiB | {m['second_half']:.1f} |",
        f"| memory growth % | {m['growth'] * 100:.2f} |",
        f"| memory quarters MiB | {' / '.join(f'{q:.1f}' for q in m['quarters'])} |",
        f"| memory trend MiB/min | {m['slope']:.2f} |",
        # The smallest leak each memory check would have failed in this run (docs/load.md).
        "| smallest leak the growth check fails kB/request |"
        f" {2 * MEMORY_GROWTH * m['first_half'] * 1024 / requests:.1f} |",
        "| smallest steady leak the climb check fails kB/request |"
        f" {4 / 3 * MEMORY_CLIMB * m['quarters'][0] * 1024 / requests:.1f} |",
        f"| PostgreSQL connections min / max | {min(pg)} / {max(pg)} |",
    ]
    verdicts = [
        f"- {'met' if e['total'] == 0 else 'NOT met'}: zero errors ({e['total']})",
        f"- {'met' if m['stable'] else 'NOT met'}: stable memory (growth"
        f" {m['growth'] * 100:.2f} % < {MEMORY_GROWTH:.0%}; quarters"
        f" {'rising' if m['climb'] > MEMORY_CLIMB else 'not rising'} by more than"
        f" {MEMORY_CLIMB:.0%} in all: {m['climb'] * 100:+.2f} %)",
        f"- {'met' if editor_rendered else 'NOT met'}: the signed-in editor's pages rendered"
        f" by Django (answers from the page cache {cache.get('hit', 0)} <= anonymous requests"
        f" for pages and the sitemap {sent.get('page', 0) + sent.get('cached', 0)})",
        f"- {'PASSED' if verdict else 'FAILED'}",
    ]
    addresses = ["| address | answers | statuses |", "| --- | ---: | --- |"]
    for name, counts in sorted(result["by_name"].items()):
        status_text = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
        addresses.append(f"| {name} | {sum(counts.values())} | {status_text} |")
    return {
        "load run": "\n".join(setup),
        "load figures": "\n".join(table),
        "load verdict": "\n".join(verdicts),
        "load by address": "\n".join(addresses),
    }


if __name__ == "__main__":
    sys.exit(main())
