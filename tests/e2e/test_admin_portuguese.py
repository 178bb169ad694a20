"""The admin in Portuguese in Chromium: what Wagtail's scripts build in the browser (the
sidebar and its menus, the page editor's side panels, the preview, the minimap, comments,
the choice of the languages it shows, the review's dialogs) has no English string
for a Translator and an Editor whose admin language is Portuguese. The screens as served
are checked in tests/test_admin_portuguese.py, with the same checker."""

import re

import pytest
from playwright.sync_api import expect

from tests.untranslated import Checker

from .conftest import log_in, open_footer_actions

pytestmark = pytest.mark.e2e
PILLAR = "Coordenação entre sistemas"  # a page no other browser test changes


def english(checker, page, site_url):
    """The English in the live document (hidden parts included) and in the preview."""
    documents = [page.content()]
    documents += [frame.content() for frame in page.frames[1:] if frame.url.startswith(site_url)]
    return sorted({found for html in documents for found in checker.english_in_html(html)})


def open_editor(page, site_url):
    page.goto(site_url + "/admin/pages/search/?q=" + PILLAR)
    page.get_by_role("link", name=PILLAR).first.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    # The languages shown (action_portugal.editing.editor_languages), put in place by a script
    expect(page.get_by_role("group", name="Ver / alterar os campos em")).to_be_visible()


def side_panels(page, checker, site_url, seen):
    for panel in ("status", "preview", "checks", "comments"):
        page.locator(f"[data-side-panel-toggle='{panel}']").click()
        page.locator(f"[data-side-panel='{panel}']").wait_for()
        if panel == "preview":
            page.frame_locator("iframe[data-w-preview-target='iframe']").last.locator(
                "h1"
            ).wait_for()
        page.wait_for_load_state("networkidle")
        seen[f"side panel: {panel}"] = english(checker, page, site_url)


def test_a_translator_and_an_editor_meet_no_english(browser, site_url):
    """The Translator edits, comments and submits; the Editor reviews, with a comment."""
    checker = Checker()
    seen = {}
    context, page, translator_errors = log_in(browser, site_url, "tradutora")
    try:
        page.get_by_role("button", name="Ajuda").click()  # the sidebar's menu, drawn by React
        help_menu = page.get_by_role("list", name="Ajuda")
        expect(help_menu.get_by_role("link", name=re.compile("^Guia do editor"))).to_be_visible()
        seen["dashboard, the sidebar's help menu"] = english(checker, page, site_url)
        open_editor(page, site_url)
        seen["page editor"] = english(checker, page, site_url)
        side_panels(page, checker, site_url, seen)
        # A comment on the title (its button sits under the sticky header: clicked directly)
        page.locator("[data-component='add-comment-button']").first.dispatch_event("click")
        comment = page.locator("li.comment").first
        placeholder = "Escreva o seu comentário..."
        expect(comment.locator("textarea.comment__input")).to_have_attribute(
            "placeholder", placeholder
        )
        seen["a new comment"] = english(checker, page, site_url)
        comment.locator(".comment__button:not(.comment__button--primary)").click()  # cancel
        page.locator("#w-minimap-toggle").click()
        expect(page.locator(".w-minimap__collapse-all")).to_have_text("Recolher tudo")
        seen["the minimap"] = english(checker, page, site_url)
        open_footer_actions(page)
        seen["the editor's actions"] = english(checker, page, site_url)
        page.locator("button[name=action-submit]").click()
        page.wait_for_load_state("networkidle")
        seen["submitted for review"] = english(checker, page, site_url)
    finally:
        context.close()

    context, page, editor_errors = log_in(browser, site_url, "editora")
    try:
        expect(page.get_by_role("link", name=PILLAR).first).to_be_visible()  # awaiting review
        seen["dashboard, awaiting review"] = english(checker, page, site_url)
        open_editor(page, site_url)
        seen["page editor, under review"] = english(checker, page, site_url)
        for action in ("reject", "approve"):
            open_footer_actions(page)
            page.locator(
                f"button[data-workflow-action-name='{action}'][data-workflow-action-modal-url]"
            ).first.click()
            page.locator("#id_comment").wait_for()
            seen[f"review: {action}"] = english(checker, page, site_url)
            # Closed by its own button (Escape is not heard when the focus is outside it), and
            # gone, not fading out over the next button.
            page.locator(".modal.in [data-dismiss=modal]").click()
            expect(page.locator(".modal.in")).to_have_count(0)
    finally:
        context.close()
    assert {where: found for where, found in seen.items() if found} == {}
    assert translator_errors == editor_errors == []
