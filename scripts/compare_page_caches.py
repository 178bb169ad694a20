"""The page cache against the simpler design issue 12 asked us to weigh: wagtail-cache
(coderedcorp/wagtail-cache, its middleware caching whole responses per address, cleared
whole on every publish) with Wagtail's front-end cache purge. One run, the same production
server (`scripts/start`), PostgreSQL with the programme's content, Redis for both caches;
for each design, cached hits of a few pages and of the same pages with a parameter they
do not read (``?x=N``, a new N each request), against the ceiling (a trivial app answering
the same bytes). wagtail-cache is not a dependency of the site, and its latest release
(3.0.0) declares ``wagtail<8``: to run this, put it on the path without letting pip
downgrade Wagtail (``pip download --no-deps wagtail-cache``, unzip the wheel, and give its
directory in ``PYTHONPATH``). The figures it prints are those in docs/performance.md,
"Keeping the page cache".
"""

import json
import os
import sys
import tempfile
import urllib.request
from pathlib import Path

from bench import CONNECTIONS, DATABASE_URL, DURATION, NEW_PARAMETER_EACH_TIME, REDIS_URL
from harness import (
    WORKERS,
    database_name,
    free_port,
    fresh_database,
    machine,
    prepare_site,
    production_env,
    read_wrk,
    redis_available,
    require_wrk,
    say,
    start_ceiling,
    start_server,
    stop,
)
from harness import wrk as run_wrk

PAGES = {"home": "/pt/", "timeline": "/pt/cronologia/", "timeline, English": "/en/timeline/"}
# The production settings with wagtail-cache in place of the page cache, as its
# documentation installs it: its update middleware first, its fetch middleware last, on a
# cache of its own (it clears the whole cache on every publish).
WAGTAIL_CACHE_SETTINGS = """
from action_portugal.settings.production import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "wagtailcache"]
MIDDLEWARE = [
    "wagtailcache.cache.UpdateCacheMiddleware",
    *[m for m in MIDDLEWARE if m != "action_portugal.caching.pages.PageCacheMiddleware"],
    "wagtailcache.cache.FetchFromCacheMiddleware",
]
CACHES = {
    **CACHES,
    "pages": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": %r},
}
WAGTAIL_CACHE_BACKEND = "pages"
PAGE_CACHE_ENABLED = False
"""


def wrk(base, path, script=None):
    return read_wrk(run_wrk(base + path, CONNECTIONS, DURATION, script=script))


def measure(base, work):
    script = work / "new-parameter.lua"
    script.write_text(NEW_PARAMETER_EACH_TIME)
    figures = {}
    for name, path in PAGES.items():
        for _ in range(3):
            urllib.request.urlopen(base + path).read()  # in the cache
        figures[name] = {"hit": wrk(base, path), "new parameter": wrk(base, path, script)}
    return figures


def main():
    try:
        import wagtailcache  # noqa: F401, PLC0415
    except ImportError:
        raise SystemExit("wagtail-cache is not on the path (see this script's docstring)") from None
    require_wrk("bench")
    if not redis_available(REDIS_URL):
        raise SystemExit(f"Redis does not answer at {REDIS_URL}")
    work = Path(tempfile.mkdtemp(prefix="caches-"))
    say(f"PostgreSQL: fresh database {database_name(DATABASE_URL)}")
    fresh_database(DATABASE_URL)
    env = production_env(DATABASE_URL, work, REDIS_URL)
    prepare_site(env)
    (work / "wagtail_cache_settings.py").write_text(WAGTAIL_CACHE_SETTINGS % REDIS_URL)
    designs = {
        "page cache": env,
        "wagtail-cache": {
            **env,
            "DJANGO_SETTINGS_MODULE": "wagtail_cache_settings",
            "PYTHONPATH": os.pathsep.join([str(work), env.get("PYTHONPATH", "")]),
        },
    }
    results, captured = {}, {}
    for design, design_env in designs.items():
        port = free_port()
        server = start_server(design_env, port, log=work / f"{design}.log")
        base = f"http://127.0.0.1:{port}"
        try:
            for path in PAGES.values():
                with urllib.request.urlopen(base + path) as response:
                    captured[path] = {
                        "content_type": response.headers["Content-Type"],
                        "body": response.read().decode(),
                    }
            say(f"  {design}")
            results[design] = measure(base, work)
        finally:
            stop(server)
    (work / "pages.json").write_text(json.dumps(captured))
    port = free_port()
    ceiling = start_ceiling(env, port, work / "pages.json")
    base = f"http://127.0.0.1:{port}"
    try:
        results["ceiling"] = {name: {"hit": wrk(base, path)} for name, path in PAGES.items()}
    finally:
        stop(ceiling)

    print(f"\n{machine()}; {WORKERS} workers, {CONNECTIONS} connections, {DURATION} s each\n")
    print("| page | design | hit req/s | hit / ceiling | p99 ms | ?x=N req/s | ?x=N / hit |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for name in PAGES:
        top = results["ceiling"][name]["hit"]["rps"]
        for design in designs:
            hit, new = results[design][name]["hit"], results[design][name]["new parameter"]
            print(
                f"| {name} | {design} | {hit['rps']:.0f} | {hit['rps'] / top:.2f} |"
                f" {hit['p99']:.1f} | {new['rps']:.0f} | {new['rps'] / hit['rps']:.2f} |"
            )
        print(f"| {name} | ceiling | {top:.0f} | 1.00 | | | |")
    errors = sum(r[kind]["errors"] for d in designs for r in results[d].values() for kind in r)
    if errors:
        print(f"{errors} answers other than 2xx/3xx", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
