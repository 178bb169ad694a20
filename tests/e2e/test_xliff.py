"""XLIFF in a real browser: a Translator with the Portuguese admin takes a story out as a
file, brings it back translated, sees a refused file and then what will change, in screens
axe finds nothing serious on, and confirms: the story goes for review."""

import re

import pytest
from lxml import etree

from .conftest import axe_violations, log_in

pytestmark = pytest.mark.e2e
NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
REVISED = "Angola and the informal economy: a revised paragraph, with <script>."


def upload(page, content):
    page.set_input_files(
        "input[name=file]",
        {"name": "traducao.xlf", "mimeType": "application/xml", "buffer": content},
    )
    page.locator("main form[enctype='multipart/form-data'] button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/translation-status/import/$"))


def test_a_translator_takes_a_story_out_and_back(browser, site_url):
    context, page, errors = log_in(browser, site_url, "tradutora")
    try:
        page.goto(site_url + "/admin/pages/search/?q=economia+informal")
        page.get_by_role("link", name=re.compile("Angola prepara")).first.click()
        page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
        story = re.search(r"/admin/pages/(\d+)/edit/", page.url)[1]

        page.goto(site_url + "/admin/translation-status/")
        assert "Ficheiros para ferramentas de tradução (XLIFF)" in page.locator("main").inner_text()
        assert axe_violations(page) == []
        exported = page.request.get(
            site_url + "/admin/translation-status/export/",
            params={"direction": "pt-en", "scope": "chosen", "object": f"page/{story}"},
        )
        assert exported.ok
        disposition = exported.headers["content-disposition"]
        assert re.fullmatch(
            r'attachment; filename="[a-z-]+-pt-en-\d{4}-\d{2}-\d{2}\.xlf"', disposition
        )
        root = etree.fromstring(exported.body())
        paragraph = next(
            unit
            for unit in root.iterfind(".//x:trans-unit", NS)
            if unit.get("id").startswith("body#") and unit.get("id").endswith("/1")
        )
        paragraph.find("x:target", NS).text = REVISED

        upload(page, exported.body()[:200])
        assert "Nada foi escrito." in page.locator("main").inner_text()
        assert axe_violations(page) == []

        page.goto(site_url + "/admin/translation-status/")
        upload(page, etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
        changes = page.get_by_role("table", name="O que vai mudar")
        assert REVISED in changes.inner_text()
        assert axe_violations(page) == []
        page.get_by_role(
            "button", name="Escrever estas traduções e submetê-las para revisão"
        ).click()
        page.wait_for_url(re.compile(r"/admin/translation-status/$"))
        assert "1 página submetida para revisão." in page.locator("body").inner_text()
    finally:
        context.close()
    assert errors == []
