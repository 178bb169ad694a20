"""The content security policies in a real browser: nothing on the public pages or in the
admin's editor is refused by them, and what the public policy forbids is refused."""

import re

import pytest

from .conftest import PHONE
from .pages import ALL_PAGES
from .test_staff import log_in

pytestmark = pytest.mark.e2e

# Every refusal the browser reports, whatever the console says about it.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def watched(context):
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    return page, console


def refusals(page, console):
    reported = [text for text in console if "Content Security Policy" in text]
    frames = [page, *(frame for frame in page.frames if frame != page.main_frame)]
    for frame in frames:
        try:
            reported += frame.evaluate("window.__cspViolations || []")
        except Exception:  # noqa: BLE001 - a frame gone while navigating reports nothing
            continue
    return reported


def test_public_pages_break_no_rule_of_their_policy(browser, site_url):
    context = browser.new_context(viewport=PHONE)
    page, console = watched(context)
    try:
        for name, path in ALL_PAGES:
            page.goto(site_url + path)
            assert refusals(page, console) == [], name
            # The stylesheet applied: the skip link is moved out of sight.
            left = page.evaluate(
                "parseFloat(getComputedStyle(document.querySelector('.skip-link')).left)"
            )
            assert left < 0 or page.locator(".skip-link").bounding_box()["y"] < 0, name
    finally:
        context.close()


def test_the_public_policy_refuses_an_injected_script(browser, site_url):
    context = browser.new_context()
    page, console = watched(context)
    try:
        page.goto(site_url + "/pt/")
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.__injected = true";
                document.body.append(script);
            }"""
        )
        assert page.evaluate("window.__injected === undefined")
        assert any("script-src" in refusal for refusal in refusals(page, console))
    finally:
        context.close()


def test_editing_previewing_and_scheduling_break_no_rule_of_the_admins(browser, site_url):
    context, page, _errors = log_in(browser, site_url, "editor")
    context.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text))
    try:
        # A page of its own: the translation round trip (test_staff) edits another.
        page.goto(site_url + "/admin/pages/search/?q=convenções")
        page.get_by_role(
            "link", name=re.compile("Convenções internacionais|International conventions")
        ).first.click()
        page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
        page.locator("textarea[name=summary_pt]").fill("Convenções internacionais, revistas.")

        page.locator("[data-side-panel-toggle='preview']").click()
        mode = page.locator(
            "select[name=preview-mode], #id_preview_mode, [data-w-preview-target='mode']"
        ).first
        for language in ("pt", "en"):  # the first as the panel opens, then the other
            mode.select_option(language)
            page.wait_for_function(
                """(language) => [...document.querySelectorAll("iframe")].some(
                    (frame) => frame.contentDocument?.documentElement?.lang === language
                        && frame.contentDocument.querySelector("h1"))""",
                arg=language,
                polling=250,
                timeout=30000,
            )

        # The scheduling dialog (its date pickers run Wagtail's inline scripts).
        page.locator("[data-side-panel-toggle='status']").click()
        page.get_by_role("button", name=re.compile("Set schedule|Definir agendamento")).click()
        page.locator("input[name=go_live_at]").wait_for(state="visible")
        page.keyboard.press("Escape")
        page.locator("input[name=go_live_at]").wait_for(state="hidden")

        page.get_by_role("button", name=re.compile(r"^(Save draft|Guardar rascunho)$")).click()
        page.wait_for_load_state("networkidle")
        assert page.locator(".messages .success, .messages li.success").count() >= 1
        assert refusals(page, console) == []
    finally:
        context.close()
