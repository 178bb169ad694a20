"""`make load` (scripts/load.py) in a short run: the production server (gunicorn,
production settings) on PostgreSQL and Redis, under 8 connections for 3 seconds. The
script must report no errors and stable memory, and the figures it writes into a copy of
docs/load.md must read back agreeing with each other, the prose around them untouched."""

import os
import re
import shutil
import subprocess
import sys

import pytest

from scripts import harness

ROOT = harness.ROOT
SECONDS, CONNECTIONS = 3, 8
FIGURES = re.compile(r"^<!-- figures: (.+?) -->\n(.*?)^<!-- /figures: \1 -->$", re.M | re.S)


def require_wrk():
    if not shutil.which("wrk"):
        subprocess.run([str(ROOT / "scripts" / "install-debian-package"), "wrk"], check=True)
    assert shutil.which("wrk"), "wrk is missing: apt-get install wrk"


def prose(report):
    """The report without its figures: what people write."""
    return FIGURES.sub(lambda m: f"<!-- figures: {m.group(1)} -->", report)


def figures(report):
    """The report's table of figures: name -> value, as written."""
    rows = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|$", report, re.MULTILINE)
    return {name: value for name, value in rows if name not in ("figure", "---")}


def number(text):
    return float(re.fullmatch(r"-?[\d.]+", text.strip()).group())


@pytest.fixture(scope="module")
def short_run(tmp_path_factory):
    database_url = harness.sibling_database(os.environ.get("DATABASE_URL", ""), "load_test")
    harness.postgresql_version(database_url)  # it answers, or the message says where it did not
    require_wrk()
    report = tmp_path_factory.mktemp("load") / "load.md"
    shutil.copy(ROOT / "docs" / "load.md", report)
    env = {
        **os.environ,
        "PYTHON_BIN": sys.executable,
        "LOAD_DATABASE_URL": database_url,
        "LOAD_REDIS_URL": os.environ.get("TEST_REDIS_URL_LOAD", "redis://127.0.0.1:6379/10"),
        "LOAD_SECONDS": str(SECONDS),
        "LOAD_CONNECTIONS": str(CONNECTIONS),
        "LOAD_WARMUP_SECONDS": "2",
        "LOAD_SAMPLE_SECONDS": "0.25",
        "LOAD_SCALE": "false",
        "LOAD_REPORT": str(report),
    }
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "load.py")],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    return output, report.read_text()


def test_writes_figures_only(short_run):
    """Into each marked place, what it printed; the words around them as they were."""
    output, report = short_run
    written = FIGURES.findall(report)
    assert [name for name, _figures in written] == [
        "load run",
        "load figures",
        "load verdict",
        "load by address",
    ]
    for _name, block in written:
        assert block.strip() in output
    assert prose(report) == prose((ROOT / "docs" / "load.md").read_text())
    assert FIGURES.findall((ROOT / "docs" / "load.md").read_text()) != written


def test_reports_no_errors_and_stable_memory(short_run):
    output, report = short_run
    table = figures(report)
    assert table["errors"] == "0"
    assert table["socket errors"] == "connect 0, read 0, write 0, timeout 0"
    assert table["answers other than 200"] == "0"
    assert table["workers replaced"] == "0"
    assert table["errors in the server's log"] == "0"
    assert "- met: zero errors (0)" in report
    assert "- met: stable memory" in report
    assert "load: PASSED" in output


def test_report_figures_agree(short_run):
    _output, report = short_run
    table = figures(report)
    assert int(table["connections"]) == CONNECTIONS
    assert int(table["duration s"]) == SECONDS
    requests = int(table["requests"])
    assert requests > 0
    assert number(table["req/s"]) == pytest.approx(requests / SECONDS, rel=0.2)
    assert 0 < number(table["latency p50 ms"]) <= number(table["latency p99 ms"])
    # Every answer the load counted was a 200, some from the page cache, some rendered by
    # Django: the signed-in editor's (no X-Cache header), search and the stylesheet.
    assert table["answers by status"] == f"200: {requests}"
    cache = {k: int(v) for k, v in re.findall(r'"(\w+)": (\d+)', table["answers by X-Cache"])}
    assert sum(cache.values()) == requests
    assert set(cache) <= {"hit", "miss", "none"}
    assert cache["hit"] > 0
    by_django = int(table["answered by Django (not from the page cache)"])
    assert by_django == requests - cache["hit"]
    sent = {k: int(v) for k, v in re.findall(r'"([\w ]+)": (\d+)', table["requests sent, by kind"])}
    assert set(sent) == {"page", "signed in", "cached", "search", "static"}
    # No answer to the editor came from the cache: hits are to anonymous requests only, and
    # the answers without X-Cache are the editor's, search's and the stylesheet's, but for
    # those still unanswered when the run ended (one a connection at most).
    assert sent["signed in"] > CONNECTIONS
    assert cache["hit"] <= sent["page"] + sent["cached"]
    rendered = sent["signed in"] + sent["search"] + sent["static"]
    assert rendered - CONNECTIONS <= cache["none"] <= rendered
    assert "- met: the signed-in editor's pages rendered by Django" in report

    start, peak, end = (number(table[f"memory {which} MiB"]) for which in ("start", "peak", "end"))
    assert 0 < start <= peak and end <= peak
    first = number(table["memory first half mean MiB"])
    second = number(table["memory second half mean MiB"])
    assert number(table["memory growth %"]) == pytest.approx((second / first - 1) * 100, abs=0.1)
    assert int(table["memory samples"].split()[0]) >= 4
    assert int(table["server processes"]) >= 2  # gunicorn's master and its workers
    low, high = map(int, table["PostgreSQL connections min / max"].split(" / "))
    assert 0 < low <= high

    # The access log's answers by address: the whole mix, in both languages, only 200s.
    rows = re.findall(r"^\| ([^|]+?) \| (\d+) \| ([^|]+?) \|$", report, re.MULTILINE)
    addresses = {name for name, _count, _statuses in rows}
    for expected in ("home (pt)", "home (en)", "home (pt), signed in", "search (pt)", "sitemap"):
        assert expected in addresses
    assert all(statuses == f"200: {count}" for _name, count, statuses in rows)
