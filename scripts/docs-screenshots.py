#!/usr/bin/env python
"""The editors' guide's screenshots (docs/images/), taken from a copy of the site with the
programme's content: an area of work whose Portuguese summary changed, seen by a Translator
with the Portuguese admin in the translation view, and the preview of an XLIFF file brought
back from a translation tool. `make docs-screenshots` after changing those screens."""

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from scripts import harness  # noqa: E402
from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    log_in,
    prepare_site,
    start_server,
)

IMAGES = ROOT / "docs" / "images"
OUT_OF_DATE = """
from pillars.models import PillarPage
page = PillarPage.objects.get(slug_pt="extensao-da-cobertura").get_latest_revision_as_object()
page.summary_pt = page.summary_pt.replace("a saúde)", "a saúde e a maternidade)")
page.save_revision().publish()
"""
NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


def translation_view(page, base):
    page.goto(base + "/admin/translation-status/")
    row = page.locator("table.listing tbody tr").filter(has_text="Extensão da cobertura")
    row.locator("a.translation-translate").click()
    page.wait_for_url(re.compile(r"/admin/translate/page/\d+/"))
    page.locator("[data-tv-unit][data-state=outdated]").first.scroll_into_view_if_needed()
    page.screenshot(path=IMAGES / "translation-view.png")
    return re.search(r"/translate/page/(\d+)/", page.url)[1]


def xliff_preview(page, base, pillar):
    exported = page.request.get(
        base + "/admin/translation-status/export/",
        params={"direction": "pt-en", "scope": "chosen", "object": f"page/{pillar}"},
    )
    root = etree.fromstring(exported.body())
    unit = next(u for u in root.iterfind(".//x:trans-unit", NS) if u.get("id") == "summary")
    target = unit.find("x:target", NS)
    target.text = target.text.replace("(including health)", "(including health and maternity)")
    page.goto(base + "/admin/translation-status/")
    page.set_input_files(
        "input[name=file]",
        {
            "name": "traducao.xlf",
            "mimeType": "application/xml",
            "buffer": etree.tostring(root, xml_declaration=True, encoding="UTF-8"),
        },
    )
    page.locator("main form[enctype='multipart/form-data'] button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/translation-status/import/$"))
    page.screenshot(path=IMAGES / "xliff-import-preview.png")


def main():
    IMAGES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        env = prepare_site(tmp_dir, suffix="screenshots")
        harness.manage(env, "shell", "-c", OUT_OF_DATE)
        server, base = start_server(env, tmp_dir / "server.log")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                context, page, _errors = log_in(browser, base, "tradutora")
                pillar = translation_view(page, base)
                xliff_preview(page, base, pillar)
                context.close()
                browser.close()
        finally:
            harness.stop(server)
    harness.say(f"Screenshots written to {IMAGES.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
