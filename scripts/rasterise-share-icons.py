#!/usr/bin/env python
"""The icons that share images carry (action_portugal.seo.share_cards), as PNGs drawn white
on transparent: each area of work's symbol from static/icons/pillars.svg, and the
programme's mark from static/icons/favicon.svg. The site never rasterises SVG at run time;
run this once after changing an icon, and commit static/icons/share/."""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

ICONS = ROOT / "static" / "icons"
OUT = ICONS / "share"
SIZE = 240
BLUE = "#1e2dbe"


def symbols():
    """``{name: standalone svg}`` for every symbol of the sprite, its strokes white."""
    sprite = (ICONS / "pillars.svg").read_text()
    found = {}
    for name, attrs, body in re.findall(
        r'<symbol id="([^"]+)"([^>]*)>(.*?)</symbol>', sprite, re.S
    ):
        svg = f'<svg xmlns="http://www.w3.org/2000/svg"{attrs}>{body}</svg>'
        found[name] = svg.replace(BLUE, "#fff")
    found["mark"] = (ICONS / "favicon.svg").read_text()
    return found


def main():
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": SIZE, "height": SIZE})
        for name, svg in symbols().items():
            sized = svg.replace("<svg ", f'<svg width="{SIZE}" height="{SIZE}" ', 1)
            page.set_content(
                f"<html><body style='margin:0;background:transparent'>{sized}</body></html>"
            )
            page.screenshot(path=str(OUT / f"{name}.png"), omit_background=True)
            print(name)
        browser.close()


if __name__ == "__main__":
    main()
