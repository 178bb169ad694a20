"""The library in a real browser: an Editor uploads a publication's files in the page
editor, waits for the site to read them, and publishes; a visitor finds a phrase from the
seventh page in the library's search and in the site search, in Portuguese and in English,
and the result links to that page of the file. The publication page, the filtered library
and the results pass axe-core.

The site is one of its own (its library starts empty, as another test expects of the
shared one); it reads documents at once, as in development, where the worker is not
needed."""

import re
from urllib.parse import urljoin

import pytest

from action_portugal.files.samples import pdf_with_text

from . import conftest
from .conftest import axe_violations, log_in, open_footer_actions
from .test_browser import follow

pytestmark = pytest.mark.e2e
TITLE = re.compile(
    "^(Moçambique: 4.º boletim estatístico|Mozambique: 4th social-protection statistical bulletin)"
)
SEVENTH_PAGE = {
    "pt": "Este boletim reúne os indicadores estatísticos da proteção social de 2022.",
    "en": "This bulletin gathers the statistical indicators of social protection for 2022.",
}
FILLER = {
    "pt": "Página {n}: cobertura e financiamento da segurança social em Moçambique.",
    "en": "Page {n}: coverage and financing of social security in Mozambique.",
}
SEARCHED = {"pt": "indicadores estatísticos", "en": "statistical indicators"}
LIBRARY = {"pt": "/pt/publicacoes/", "en": "/en/publications/"}
SEARCH = {"pt": "/pt/pesquisa/", "en": "/en/search/"}


@pytest.fixture(scope="module")
def library_site(tmp_path_factory):
    tmp_dir = tmp_path_factory.mktemp("e2e-library")
    server, base = conftest.start_server(
        conftest.prepare_site(tmp_dir, suffix="library"), tmp_dir / "server.log"
    )
    yield base
    conftest.harness.stop(server)


def bulletin(language, folder):
    """An eight-page PDF in ``language`` whose seventh page alone holds the phrase."""
    pages = [[FILLER[language].format(n=n)] for n in range(1, 9)]
    pages[6] = [SEVENTH_PAGE[language]]
    path = folder / f"boletim-{language}.pdf"
    path.write_bytes(pdf_with_text(pages))
    return path


def upload_in_chooser(page, field, title, path):
    """The editor's way: the field's chooser, its Upload tab, the file; it is chosen."""
    page.locator(f"#{field}-chooser [data-chooser-action-choose]").first.click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("tab", name=re.compile("Upload")).click()
    modal.locator("#id_document-chooser-upload-title").fill(title)
    modal.locator("#id_document-chooser-upload-file").set_input_files(str(path))
    modal.locator("form[data-chooser-modal-creation-form] button[type=submit]").click()
    modal.wait_for(state="hidden", timeout=20000)
    page.locator(f"#{field}-chooser [data-chooser-title]").filter(has_text=title).wait_for()


def test_an_editor_publishes_a_bulletin_a_visitor_finds_its_seventh_page(
    browser, library_site, tmp_path
):
    base = library_site
    context, page, _errors = log_in(browser, base, "editor")
    try:
        # The bulletin waits as a draft for its files (the programme's known publications).
        page.goto(base + "/admin/pages/search/?q=boletim")
        page.get_by_role("link", name=TITLE).first.click()
        page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
        edit_url = page.url
        upload_in_chooser(page, "id_file_pt", "Boletim n.º 4", bulletin("pt", tmp_path))
        upload_in_chooser(page, "id_file_en", "Bulletin No. 4", bulletin("en", tmp_path))
        with page.expect_navigation():
            page.locator("footer button.action-save").first.click()  # Save draft

        # Processing: the editor reloads until both files are read.
        state = page.locator("[data-reading-state]")
        for _attempt in range(30):
            if state.locator("[data-reading=ready]").count() == 2:
                break
            assert state.locator("[data-reading=failed]").count() == 0, state.inner_text()
            page.wait_for_timeout(1000)
            page.goto(edit_url)
        assert state.locator("[data-reading=ready]").count() == 2, state.inner_text()
        assert "read: 8 pages" in state.inner_text()

        with page.expect_navigation():
            open_footer_actions(page)
            page.locator("footer button[name=action-publish]").click()
        page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    finally:
        context.close()

    visitor = browser.new_context(viewport=conftest.PHONE, is_mobile=True)
    public = visitor.new_page()
    try:
        for language in ("pt", "en"):
            # The library's search, as a visitor types it.
            public.goto(base + LIBRARY[language])
            public.locator("main input[name=q]").fill(SEARCHED[language])
            follow(public, public.locator("main form:has(input[name=q]) [type=submit]").first)
            hit = public.locator(".library-results__hits a[href*='#page=7']").first
            assert hit.count() == 1, public.locator("main").inner_text()
            assert axe_violations(public) == []
            opened = open_hit(public, hit)
            # The site search, from its page's form.
            public.goto(base + SEARCH[language])
            public.locator("main input[name=q]").fill(SEARCHED[language])
            follow(public, public.locator("main form:has(input[name=q]) [type=submit]").first)
            site_hit = public.locator(".document-hits a[href*='#page=7']").first
            assert site_hit.count() == 1, public.locator("main").inner_text()
            assert site_hit.get_attribute("href") == opened
            assert axe_violations(public) == []

        # The publication page and the filtered library, both languages.
        for address in (
            "/pt/publicacoes/4-boletim-estatistico-mocambique/",
            "/en/publications/4th-statistical-bulletin-mozambique/",
            "/pt/publicacoes/?type=bulletin&country=mz&language=en",
            "/en/publications/?type=video",  # filters that give nothing
        ):
            response = public.goto(base + address)
            assert response.status == 200, address
            assert axe_violations(public) == [], address
        public.goto(base + "/en/publications/4th-statistical-bulletin-mozambique/")
        versions = public.locator(".publication__versions").inner_text()
        assert "Available in Portuguese and English" in versions
        assert "8 pages" in versions
    finally:
        visitor.close()


def open_hit(page, link):
    """The result's address: a file of this site, opened at page 7 (the fragment browsers'
    PDF viewers read). The file itself is fetched as the browser would: a PDF, shown in the
    browser, not downloaded."""
    href = link.get_attribute("href")
    path, fragment = href.split("#", 1)
    assert fragment == "page=7"
    assert path.startswith("/documents/")
    response = page.request.get(urljoin(page.url, path))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    assert response.body().startswith(b"%PDF-")
    return href
