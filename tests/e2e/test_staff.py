"""The translation round trip in a real browser: a translator's Portuguese reaches
visitors only after an editor approves it."""

import re

import pytest

from .conftest import approve, log_in, open_footer_actions

pytestmark = pytest.mark.e2e
PILLAR_PT = "/pt/areas-de-trabalho/estudos-atuariais/"
NEW_SUMMARY = "Resumo revisto pela tradutora: modelos atuariais da OIT, usados com autonomia."


def open_editor(page, site_url):
    """From the admin's search, as staff do, to the pillar's editor."""
    page.goto(site_url + "/admin/pages/search/?q=atuariais")
    page.get_by_role("link", name=re.compile("Estudos atuariais|Actuarial studies")).first.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))


def test_translate_preview_submit_approve_publish(browser, site_url):
    translator, page, translator_errors = log_in(browser, site_url, "tradutora")
    try:
        open_editor(page, site_url)
        page.locator("textarea[name=summary_pt]").fill(NEW_SUMMARY)

        # Preview in Portuguese from the editor (the admin itself is in Portuguese here).
        page.locator("[data-side-panel-toggle='preview']").click()
        page.locator(
            "select[name=preview-mode], #id_preview_mode, [data-w-preview-target='mode']"
        ).first.select_option("pt")
        frame = page.frame_locator(
            "iframe[data-w-preview-target='iframe'], #w-preview-iframe"
        ).first
        frame.locator(".lead").filter(has_text=NEW_SUMMARY).wait_for(timeout=15000)
        assert frame.locator("html").get_attribute("lang") == "pt"

        # Submit for review: the live page does not change yet.
        open_footer_actions(page)
        page.locator("button[name=action-submit]").click()
        page.wait_for_load_state("networkidle")
    finally:
        translator.close()
    assert translator_errors == []

    visitor = browser.new_context()
    public = visitor.new_page()
    public.goto(site_url + PILLAR_PT)
    assert NEW_SUMMARY not in public.locator("main").inner_text()

    editor, page, editor_errors = log_in(browser, site_url, "editor")
    try:
        open_editor(page, site_url)
        approve(page)
    finally:
        editor.close()
    assert editor_errors == []

    public.goto(site_url + PILLAR_PT)
    assert public.locator(".lead").inner_text() == NEW_SUMMARY
    visitor.close()
