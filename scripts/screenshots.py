#!/usr/bin/env python
"""Full-page screenshots of every page type, in both languages, on a phone (390x844) and a
desktop (1440x900), for review: `make screenshots` writes them and an index.html listing
them into screenshots/ (not kept in git). The page types are the browser tests' list
(tests/e2e/pages.py); a page model of Wagtail's that the list lacks is shown all the same,
by its first live page, and named on the way out."""

import html
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from scripts import harness  # noqa: E402
from tests.e2e import conftest, pages  # noqa: E402

OUTPUT = ROOT / "screenshots"
LANGUAGES = ("pt", "en")
SCREENS = {
    "phone": {"viewport": conftest.PHONE, "device_scale_factor": 2, "is_mobile": True},
    "desktop": {"viewport": conftest.DESKTOP},
}


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def page_types(env):
    """``PAGE_TYPES``, and the first live page of each page model it does not show."""
    found = dict(pages.PAGE_TYPES)
    missing = pages.missing_page_types(pages.live_pages_by_model(harness.manage, env))
    for label, urls in missing.items():
        if urls:
            found[f"{label} (not in tests/e2e/pages.py)"] = tuple(urls)
    return found, missing


def shoot(browser, base, kinds):
    """Every page type in each language on each screen: ``[(kind, language, screen, file,
    address, status)]``."""
    shots = []
    for screen, options in SCREENS.items():
        context = browser.new_context(**options)
        page = context.new_page()
        for kind, urls in kinds.items():
            for language, url in zip(LANGUAGES, urls, strict=True):
                response = page.goto(base + url, wait_until="networkidle")
                name = f"{slug(kind)}-{language}-{screen}.png"
                page.screenshot(path=OUTPUT / name, full_page=True)
                shots.append((kind, language, screen, name, url, response.status))
        context.close()
    return shots


def write_index(shots):
    rows = []
    for kind, language, screen, name, url, status in shots:
        rows.append(
            f"<tr><td>{html.escape(kind)}</td><td>{language}</td><td>{screen}</td>"
            f"<td><code>{html.escape(url)}</code> ({status})</td>"
            f'<td><a href="{name}"><img src="{name}" alt="" loading="lazy" width="195"></a></td>'
            "</tr>"
        )
    (OUTPUT / "index.html").write_text(
        '<!doctype html><html lang="en"><meta charset="utf-8">'
        "<title>Screenshots of every page type</title>"
        "<style>td{vertical-align:top;padding:4px 8px}img{border:1px solid #ccc}</style>"
        f"<h1>Screenshots of every page type ({len(shots)})</h1>"
        "<table><thead><tr><th>page type<th>language<th>screen<th>address (status)<th>"
        f"screenshot</thead><tbody>{''.join(rows)}</tbody></table></html>\n"
    )


def main():
    shutil.rmtree(OUTPUT, ignore_errors=True)
    OUTPUT.mkdir()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        env = conftest.prepare_site(tmp_dir, suffix="screenshots")
        harness.manage(env, "shell", "-c", pages.SAMPLE_CONTENT)
        kinds, missing = page_types(env)
        server, base = conftest.start_server(env, tmp_dir / "server.log")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=conftest.CHROMIUM, args=conftest.CHROMIUM_ARGS
                )
                shots = shoot(browser, base, kinds)
                browser.close()
        finally:
            harness.stop(server)
    write_index(shots)
    harness.say(f"{len(shots)} screenshots in {OUTPUT.relative_to(ROOT)}/ (index.html)")
    if missing:
        harness.say(f"Page models missing from tests/e2e/pages.py: {', '.join(missing)}")


if __name__ == "__main__":
    main()
