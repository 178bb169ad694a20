"""The contact page in a real browser: a message sent in Portuguese, a bad one refused with
its errors announced and everything typed kept, axe at phone and desktop widths; and the
legal notices reachable from the footer of every page type."""

from urllib.parse import urlsplit

import pytest

from .conftest import axe_violations
from .pages import ALL_PAGES, PAGE_TYPES

pytestmark = pytest.mark.e2e

CONTACT_PT, CONTACT_EN = PAGE_TYPES["contact"]
FOOTER_LINKS = {
    "pt": [
        ("Contacto", "/pt/contacto/"),
        ("Aviso de privacidade", "/pt/privacidade/"),
        ("Declaração de acessibilidade", "/pt/declaracao-de-acessibilidade/"),
        ("Aviso legal", "/pt/aviso-legal/"),
    ],
    "en": [
        ("Contact", "/en/contact/"),
        ("Privacy notice", "/en/privacy/"),
        ("Accessibility statement", "/en/accessibility-statement/"),
        ("Legal notice", "/en/legal-notice/"),
    ],
}
NAV_NAMES = {"pt": "Contacto e informação legal", "en": "Contact and legal information"}


def active(page):
    return page.evaluate("document.activeElement.id")


def test_a_message_is_sent_in_portuguese(phone, site_url):
    phone.goto(site_url + CONTACT_PT)
    phone.get_by_label("O seu nome").fill("Ana Silva")
    phone.get_by_label("O seu endereço de correio eletrónico").fill("ana@example.org")
    phone.get_by_label("Assunto", exact=True).fill("Boletins estatísticos")
    phone.get_by_label("Mensagem", exact=True).fill("Gostaria de receber os boletins.")
    phone.get_by_role("checkbox").check()
    phone.get_by_role("button", name="Enviar mensagem").click()
    phone.wait_for_url("**/pt/contacto/?sent=1")
    status = phone.get_by_role("status")
    assert "Obrigado: a sua mensagem foi enviada" in status.inner_text()
    assert active(phone) == "contact-thanks"
    assert phone.locator("form.contact-form").count() == 0
    assert axe_violations(phone) == []


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(
    ("path", "summary", "email_error"),
    [
        (CONTACT_PT, "A sua mensagem não foi enviada", "no formato nome@example.org"),
        (CONTACT_EN, "Your message was not sent", "in the form name@example.org"),
    ],
)
def test_a_bad_message_is_refused_with_its_errors_announced_and_kept(
    browser, site_url, width, path, summary, email_error
):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(site_url + path)
        form = page.locator("form.contact-form")
        form.locator("[name=name]").fill("Ana Silva")
        form.locator("[name=email]").fill("ana-at-example.org")
        form.locator("[name=subject]").fill("Boletins")
        form.locator("[name=message]").fill("Uma mensagem.")
        form.locator("button[type=submit]").click()
        page.wait_for_load_state("load")
        # The summary has the focus, so a screen reader reads it (by its heading) at once.
        assert active(page) == "error-summary"
        summary_box = page.locator("#error-summary")
        assert (
            page.evaluate(
                "document.getElementById(document.activeElement"
                ".getAttribute('aria-labelledby')).textContent"
            )
            == summary
        )
        assert email_error in summary_box.inner_text()
        assert summary_box.locator("a").count() == 2  # the e-mail and the consent
        # Each error is read with its field, and a link in the summary leads to it.
        email = form.locator("[name=email]")
        assert email.get_attribute("aria-invalid") == "true"
        described = email.get_attribute("aria-describedby").split()
        assert email_error in " ".join(page.locator(f"#{name}").inner_text() for name in described)
        summary_box.locator("a[href='#id_email']").click()
        assert active(page) == "id_email"
        # Nothing typed is lost.
        assert email.input_value() == "ana-at-example.org"
        assert form.locator("[name=name]").input_value() == "Ana Silva"
        assert form.locator("[name=message]").input_value() == "Uma mensagem."
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def test_the_trap_field_is_not_reached_by_keyboard(desktop, site_url):
    desktop.goto(site_url + CONTACT_EN)
    desktop.locator("[name=name]").focus()
    reached = []
    for _n in range(8):
        desktop.keyboard.press("Tab")
        reached.append(desktop.evaluate("document.activeElement.name || ''"))
    assert "website" not in reached
    assert reached[:4] == ["email", "subject", "message", "consent"]
    assert not desktop.locator("[name=website]").is_visible()


def test_the_notices_are_reachable_from_the_footer_of_every_page_type(desktop, site_url):
    for name, path in ALL_PAGES:
        desktop.goto(site_url + path)
        language = desktop.locator("html").get_attribute("lang")
        nav = desktop.get_by_role("navigation", name=NAV_NAMES[language])
        links = nav.get_by_role("link")
        found = [
            (links.nth(n).inner_text(), urlsplit(links.nth(n).get_attribute("href")).path)
            for n in range(links.count())
        ]
        assert found == FOOTER_LINKS[language], name
    # And they lead there.
    desktop.goto(site_url + "/pt/")
    desktop.get_by_role("navigation", name=NAV_NAMES["pt"]).get_by_role(
        "link", name="Declaração de acessibilidade"
    ).click()
    assert urlsplit(desktop.url).path == "/pt/declaracao-de-acessibilidade/"
    assert desktop.locator("h1").inner_text() == "Declaração de acessibilidade"
    assert axe_violations(desktop) == []
