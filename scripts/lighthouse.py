#!/usr/bin/env python
"""Lighthouse's four category scores (mobile preset, its default) for the home page, an
area of work, the timeline and a story in both languages, against the production server
(`scripts/start`: gunicorn, production settings, compressed static files) with the
programme's content and two partner logos. `make lighthouse` prints the table, writes it
into its marked place in README.md with the date and the commit, names every audit that
keeps a page below 100, and exits non-zero when one is. Each page is measured
LIGHTHOUSE_RUNS times (3) and its median run kept, as Lighthouse's documentation advises
against the variance of one run (a busy machine adds main-thread time that the mobile
preset's 4x CPU slowdown multiplies).

Nothing is fetched from the internet: Lighthouse is the npm package of package.json
(`npm ci`), Chromium is Debian's, error reporting is off, and Chromium resolves no host
but the server's."""

import datetime
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import harness  # noqa: E402
from tests.e2e.pages import PAGE_TYPES, SAMPLE_CONTENT  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PAGES = ("home", "pillar", "timeline", "story")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    # Any host but the server's fails to resolve: nothing leaves the machine. Quoted:
    # Lighthouse splits --chrome-flags on spaces outside quotes (yargs-parser).
    '--host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"',
]
README = ROOT / "README.md"
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))


def lighthouse(url, report, attempts=2):
    """Lighthouse's JSON report of ``url`` (written to ``report``); a run that fails (on a
    busy machine Lighthouse sometimes loses the page's trace and says to run it again) is
    run again once."""
    for attempt in range(attempts):
        try:
            return _lighthouse(url, report)
        except subprocess.CalledProcessError:
            if attempt + 1 == attempts:
                raise
            harness.say(f"{url}: Lighthouse failed, running it again")
    return None


def _lighthouse(url, report):
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--no-enable-error-reporting",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={' '.join(CHROME_FLAGS)}",
            "--max-wait-for-load=60000",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=True,
        cwd=ROOT,
    )
    return json.loads(Path(report).read_text())


def failing_audits(result, category):
    """The audits of ``category`` that cost it points: ``[(id, score, value shown)]``."""
    audits = result["audits"]
    return [
        (ref["id"], audits[ref["id"]]["score"], audits[ref["id"]].get("displayValue", ""))
        for ref in result["categories"][category]["auditRefs"]
        if ref["weight"] > 0 and (audits[ref["id"]]["score"] or 0) < 1
    ]


def scores_of(result):
    return {c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES}


def median_run(results):
    """The run whose scores, summed, are the median of the runs'."""
    ranked = sorted(results, key=lambda result: sum(scores_of(result).values()))
    return ranked[len(ranked) // 2]


def commit():
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return done.stdout.strip() or "unknown"


def table(rows):
    lines = [
        "| page | " + " | ".join(CATEGORIES) + " |",
        "| --- |" + " ---: |" * len(CATEGORIES),
    ]
    for name, scores in rows:
        lines.append(f"| {name} | " + " | ".join(str(scores[c]) for c in CATEGORIES) + " |")
    return "\n".join(lines)


def measure(base, work):
    rows, failures = [], []
    for kind in PAGES:
        for language, path in zip(("pt", "en"), PAGE_TYPES[kind], strict=True):
            runs = [
                lighthouse(base + path, work / f"{kind}-{language}-{n}.json") for n in range(RUNS)
            ]
            result = median_run(runs)
            scores = scores_of(result)
            rows.append((f"{kind} `{path}`", scores))
            harness.say(f"{path}: {scores} (runs: {[scores_of(run) for run in runs]})")
            for category in CATEGORIES:
                if scores[category] < 100:
                    for audit in failing_audits(result, category):
                        failures.append((path, category, *audit))
    return rows, failures


def main():
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: run `make browser` (npm ci)")
    harness.check_figures_places(README, ["lighthouse"])
    database = harness.sibling_database(os.environ.get("DATABASE_URL", ""), "lighthouse")
    harness.fresh_database(database)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = harness.production_env(database, work)
        harness.say("Loading the programme's content into a database of its own...")
        harness.prepare_site(env)
        harness.manage(env, "shell", "-c", SAMPLE_CONTENT)
        port = harness.free_port()
        server = harness.start_server(env, port, work / "server.log", errors_only=True)
        try:
            rows, failures = measure(f"http://127.0.0.1:{port}", work)
        finally:
            harness.stop(server)
            harness.drop_database(database)
    figures = table(rows)
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    harness.write_figures(
        README,
        {
            "lighthouse": f"Measured on {today} at commit {commit()}, the median of {RUNS} "
            f"runs of each page:\n\n{figures}"
        },
    )
    harness.say(figures)
    for path, category, audit, score, shown in failures:
        harness.say(f"below 100: {path} {category}: {audit} (score {score}, {shown})")
    if failures or any(min(scores.values()) < 100 for _name, scores in rows):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
