"""The translation view in a real browser: an out-of-date area of work translated from the
Portuguese admin, the changed words marked, the count and the keyboard, saved and
submitted, approved by an Editor, seen by a visitor; rich text in Draftail, on a phone."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, approve, axe_violations, log_in, open_footer_actions

pytestmark = pytest.mark.e2e
PILLAR_EN = "/en/areas-of-work/extension-of-coverage/"
SOURCE_BEFORE = "(incluindo a saúde)"
SOURCE_AFTER = "(incluindo a saúde e a maternidade)"
TARGET_BEFORE = "(including health)"
TARGET_AFTER = "(including health and maternity)"


def open_editor(page, site_url, query, title):
    page.goto(site_url + f"/admin/pages/search/?q={query}")
    page.get_by_role("link", name=re.compile(title)).first.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))


def test_translate_an_out_of_date_pillar_submit_approve(browser, site_url):
    # An Editor changes the Portuguese summary and publishes it: the English is out of date.
    editor, page, editor_errors = log_in(browser, site_url, "editor")
    try:
        open_editor(page, site_url, "cobertura", "Extensão da cobertura")
        summary = page.locator("textarea[name=summary_pt]")
        summary.fill(summary.input_value().replace(SOURCE_BEFORE, SOURCE_AFTER))
        open_footer_actions(page)
        page.locator("button[name=action-publish]").click()
        page.wait_for_load_state("networkidle")
    finally:
        editor.close()
    assert editor_errors == []

    translator, page, errors = log_in(browser, site_url, "tradutora")
    try:
        # From the translation status, to the view in the direction of the work.
        page.goto(site_url + "/admin/translation-status/")
        row = page.locator("table.listing tbody tr").filter(has_text="Extensão da cobertura")
        row.locator("a.translation-translate").click()
        page.wait_for_url(re.compile(r"/admin/translate/page/\d+/\?from=pt&to=en$"))
        assert page.locator("html").get_attribute("lang") == "pt"

        unit = page.locator("[data-tv-unit][data-state=outdated]")
        assert unit.count() == 1
        inserted = unit.locator(".tv-source [lang=pt] ins")
        assert inserted.text_content() == "[acrescentado:  e a maternidade]"  # as read aloud
        assert inserted.inner_text().split("\n")[1] == " e a maternidade"  # as seen
        assert unit.locator(".tv-source del").count() == 0
        count = page.locator("[data-tv-count]")
        assert count.inner_text() == "1 de 2 textos por traduzir"
        assert axe_violations(page) == []

        # The keyboard: Ctrl+Enter from the title goes to the one text still to translate.
        page.locator("#target-1").focus()
        page.keyboard.press("Control+Enter")
        target = page.locator("textarea[name='text:summary']")
        assert page.evaluate("document.activeElement.name") == "text:summary"
        assert target.get_attribute("lang") == "en"
        new_summary = target.input_value().replace(TARGET_BEFORE, TARGET_AFTER)
        page.keyboard.press("Control+End")
        target.fill(new_summary)
        expect(count).to_have_text("0 de 2 textos por traduzir")

        page.locator("button[name=save]").click()
        page.wait_for_load_state("networkidle")
        assert "foi guardada como rascunho" in page.locator(".messages").inner_text()
        assert page.locator("[data-tv-count]").inner_text() == "0 de 2 textos por traduzir"
        assert page.locator("textarea[name='text:summary']").input_value() == new_summary

        page.locator("button[name=submit]").click()
        page.wait_for_load_state("networkidle")
        assert "submetida para revisão" in page.locator(".messages").inner_text()
        assert page.locator("button[name=save]").count() == 0  # awaiting the Editors
    finally:
        translator.close()
    assert errors == []

    visitor = browser.new_context()
    public = visitor.new_page()
    public.goto(site_url + PILLAR_EN)
    assert TARGET_BEFORE in public.locator(".lead").inner_text()

    editor, page, editor_errors = log_in(browser, site_url, "editor")
    try:
        open_editor(page, site_url, "cobertura", "Extensão da cobertura|Extension of")
        approve(page)
    finally:
        editor.close()
    assert editor_errors == []

    public.goto(site_url + PILLAR_EN)
    assert public.locator(".lead").inner_text() == new_summary
    visitor.close()


def test_rich_text_in_draftail_from_the_editors_menu_and_on_a_phone(browser, site_url):
    translator, page, errors = log_in(browser, site_url, "tradutora")
    try:
        open_editor(page, site_url, "arranque", "Arranque do ACTION")
        open_footer_actions(page)
        page.locator("footer").get_by_role("link", name="Traduzir lado a lado").click()
        page.wait_for_url(re.compile(r"/admin/translate/page/\d+/$"))

        editors = page.locator(".tv-target .Draftail-Editor [contenteditable=true]")
        editors.first.wait_for(timeout=15000)
        assert editors.count() == 2
        unit = page.locator("[data-tv-unit][data-kind=richtext]").first
        editable = unit.locator("[contenteditable=true]")
        assert editable.evaluate("node => node.closest('[lang]').lang") == "en"
        label = unit.locator("label").get_attribute("id")
        assert editable.get_attribute("aria-labelledby") == label
        assert axe_violations(page) == []

        editable.click()
        page.keyboard.press("Control+End")
        page.keyboard.type(" Revised.")
        page.locator("button[name=save]").click()
        page.wait_for_load_state("networkidle")
        assert "foi guardada como rascunho" in page.locator(".messages").inner_text()
        unit = page.locator("[data-tv-unit][data-kind=richtext]").first
        editable = unit.locator("[contenteditable=true]")
        editable.wait_for(timeout=15000)
        assert editable.inner_text().rstrip().endswith("Revised.")

        # On a phone the columns stack: the source above its translation.
        page.set_viewport_size(PHONE)
        # Both boxes read in one go, once the editors have followed the new width.
        page.wait_for_function(
            """unit => {
                const [source, target] = [".tv-source", ".tv-target"].map(
                    (cell) => unit.querySelector(cell).getBoundingClientRect());
                return source.bottom <= target.top;
            }""",
            arg=unit.element_handle(),
            timeout=5000,
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert axe_violations(page) == []
    finally:
        translator.close()
    assert errors == []
