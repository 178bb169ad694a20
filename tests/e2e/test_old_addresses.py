"""The old site's addresses in a real browser: an Editor imports a list, sees what will
change (and what does not fit) before anything is written, in screens axe finds nothing
serious on; a visitor whose browser asks for English follows an old Portuguese address to
the Portuguese page in one hop."""

import re

import pytest

from .conftest import axe_violations, log_in

pytestmark = pytest.mark.e2e

LIST = b"old;new\n/quem-somos/;/pt/equipa/\n/en/about-us/;/en/team/\n"
UNFIT = b"/quem-somos/;/pt/equipa/\n/admin/;/pt/equipa/\n"


def upload(page, name, content):
    page.set_input_files(
        "input[name=file]", {"name": name, "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name=re.compile("Preview")).click()
    page.wait_for_load_state("networkidle")


def hops(response):
    """How many redirects the browser followed to get ``response``."""
    count, request = 0, response.request.redirected_from
    while request is not None:
        count, request = count + 1, request.redirected_from
    return count


def test_an_editor_imports_old_addresses_and_a_visitor_follows_one(browser, site_url):
    context, page, errors = log_in(browser, site_url, "editor")
    try:
        page.goto(site_url + "/admin/redirects/")
        page.get_by_role("button", name="Actions").click()  # the header's "more" menu
        page.get_by_role("link", name="Import redirects").click()
        page.wait_for_url(re.compile(r"/admin/redirects/import/$"))
        assert axe_violations(page) == []

        upload(page, "unfit.csv", UNFIT)
        assert "Nothing has been imported" in page.locator("main").inner_text()
        assert page.get_by_role("button", name="Import these redirects").count() == 0
        assert axe_violations(page) == []

        upload(page, "enderecos.csv", LIST)
        changes = page.get_by_role("table", name="What will change")
        assert "/quem-somos" in changes.inner_text()
        assert axe_violations(page) == []
        page.get_by_role("button", name="Import these redirects").click()
        page.wait_for_url(re.compile(r"/admin/redirects/$"))
        assert "New redirects: 2" in page.locator("body").inner_text()
    finally:
        context.close()
    assert errors == []

    visitor = browser.new_context(locale="en-GB")
    public = visitor.new_page()
    try:
        response = public.goto(site_url + "/quem-somos/")
        assert response.url == site_url + "/pt/equipa/"
        assert hops(response) == 1
        assert public.locator("html").get_attribute("lang") == "pt"
        response = public.goto(site_url + "/?p=3919")
        assert response.url.endswith("/pt/cronologia/sao-tome-e-principe-ratifica-a-convencao-102/")
        assert hops(response) == 1
    finally:
        visitor.close()
