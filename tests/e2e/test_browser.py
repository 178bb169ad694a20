"""What a visitor gets in a real browser: on a phone, with a keyboard, with a screen
reader's needs (axe-core), with and without JavaScript."""

import re
from urllib.parse import urlsplit

import pytest

from scripts import harness

from .conftest import DESKTOP, PHONE, axe_violations
from .pages import ALL_PAGES, PAGE_TYPES, live_pages_by_model, missing_page_types

PAGE_WEIGHT_LIMIT = 250_000
pytestmark = pytest.mark.e2e


def test_every_page_model_has_a_page_type(site):
    """The list the axe test and the screenshots go through shows a page of every page
    model Wagtail knows: a new page type is added to tests/e2e/pages.py or this fails."""
    env, _base = site
    missing = missing_page_types(live_pages_by_model(harness.manage, env))
    assert missing == {}, (
        "page types missing from PAGE_TYPES in tests/e2e/pages.py (model: a live page of it, "
        f"or None when the loaded content has none): {missing}"
    )


@pytest.mark.parametrize("screen", ["phone", "desktop"])
@pytest.mark.parametrize(("name", "path"), ALL_PAGES, ids=[name for name, _ in ALL_PAGES])
def test_every_page_type_passes_axe(browser, site_url, name, path, screen):
    """The two widths every page type is checked at: 390x844 (a phone, touch) and 1440x900."""
    if screen == "phone":
        context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    else:
        context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(site_url + path)
        assert axe_violations(page) == [], f"{name} on a {screen}"
    finally:
        context.close()


# With the content grown, the long lists paginate: their middle pages, with links both
# ways, and the home page with a photograph on every card.
LONG_LISTS = [
    ("/pt/", None),
    ("/en/", None),
    ("/pt/equipa/?page=2", "Página 2 de"),
    ("/en/team/?page=2", "Page 2 of"),
    ("/pt/testemunhos/?page=2", "Página 2 de"),
    ("/en/testimonials/?page=2", "Page 2 of"),
    ("/pt/cronologia/?page=2", "Página 2 de"),
    ("/en/timeline/?page=2", "Page 2 of"),
]


@pytest.mark.parametrize(("path", "label"), LONG_LISTS, ids=[path for path, _ in LONG_LISTS])
def test_long_lists_pass_axe_and_fit_a_phone(phone, scaled_site_url, path, label):
    phone.goto(scaled_site_url + path)
    assert axe_violations(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if label:
        pagination = phone.locator("nav.pagination")
        assert label in pagination.inner_text()
        assert pagination.locator('a[rel="prev"]').count() == 1
        assert pagination.locator('a[rel="next"]').count() == 1


@pytest.mark.parametrize(("name", "path"), ALL_PAGES, ids=[name for name, _ in ALL_PAGES])
def test_phone_layout_and_skip_link(phone, site_url, name, path):
    phone.goto(site_url + path)
    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"{name}: {scroll_width}px wide"
    phone.set_viewport_size({"width": 320, "height": 640})  # the smallest phones
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320, name
    phone.reload()
    # The first Tab stop is the skip link, and it works.
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.classList.contains('skip-link')"), name
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.activeElement.id") == "main", name


def test_the_language_switcher_keeps_the_visitor_on_the_same_page(desktop, site_url):
    pt_story, en_story = PAGE_TYPES["story"]
    desktop.goto(site_url + pt_story)
    desktop.get_by_role("link", name="English").click()
    assert urlsplit(desktop.url).path == en_story
    assert desktop.locator("html").get_attribute("lang") == "en"
    desktop.get_by_role("link", name="Português").click()
    assert urlsplit(desktop.url).path == pt_story
    # The choice is remembered: the bare address now opens in Portuguese even for a
    # browser that prefers English...
    desktop.context.set_extra_http_headers({"Accept-Language": "en-GB,en;q=0.9"})
    desktop.goto(site_url + "/")
    assert urlsplit(desktop.url).path == "/pt/"
    # ...and the filters of the timeline survive a change of language.
    desktop.goto(site_url + "/pt/cronologia/?country=mz")
    desktop.get_by_role("link", name="English").click()
    assert urlsplit(desktop.url).path == "/en/timeline/"
    assert urlsplit(desktop.url).query == "country=mz"


def test_keyboard_only_from_the_skip_link(desktop, site_url):
    desktop.goto(site_url + "/en/")
    desktop.keyboard.press("Tab")
    skip = desktop.locator(":focus")
    assert skip.inner_text() == "Skip to main content"
    assert skip.is_visible()
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] > 10  # on screen when focused
    desktop.keyboard.press("Enter")
    assert desktop.evaluate("document.activeElement.id") == "main"
    # From the main content, Tab reaches the first card's link, and it shows focus.
    desktop.keyboard.press("Tab")
    focused = desktop.locator(":focus")
    assert focused.evaluate("el => el.closest('main') !== null")
    outline = desktop.evaluate(
        """() => {
            const el = document.activeElement;
            const own = getComputedStyle(el).outlineStyle;
            const card = el.closest('.card');
            return own !== 'none' ? own : (card ? getComputedStyle(card).outlineStyle : 'none');
        }"""
    )
    assert outline != "none"
    # Every link and control in the header can be reached with Tab alone.
    desktop.goto(site_url + "/en/")
    reached = set()
    for _ in range(40):
        desktop.keyboard.press("Tab")
        reached.add(
            desktop.evaluate(
                "(document.activeElement.innerText ?? document.activeElement.textContent).trim()"
                " || document.activeElement.name"
            )
        )
    for label in ("Areas of work", "Testimonials", "Team", "Timeline", "Português", "q", "Search"):
        assert label in reached, label


def follow(page, control):
    """Click what leads to another page, and wait for that page to load: with scripts off
    the form is sent by the browser, and a busy machine may be slower than the next line."""
    with page.expect_navigation():
        control.click()


@pytest.mark.parametrize("javascript", [True, False], ids=["with JS", "without JS"])
def test_timeline_filters(browser, site_url, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    try:
        page.goto(site_url + "/en/timeline/")
        all_stories = page.locator(".story-card").count()
        page.get_by_label("Country").select_option(label="Mozambique")
        follow(page, page.get_by_role("button", name="Show stories"))
        assert "country=mz" in page.url
        cards = page.locator(".story-card")
        assert 0 < cards.count() < all_stories
        for text in cards.all_inner_texts():
            assert "Mozambique" in text
        page.get_by_label("Area of work").select_option(label="Social protection statistics")
        follow(page, page.get_by_role("button", name="Show stories"))
        assert page.locator(".story-card").count() == 2  # the 3rd and 4th bulletins
        page.get_by_label("Country").select_option(label="Timor-Leste")
        follow(page, page.get_by_role("button", name="Show stories"))
        assert page.locator(".story-card").count() == 0
        assert "No story matches these filters yet." in page.locator("main").inner_text()
        follow(page, page.locator("main").get_by_role("link", name="Show all stories").first)
        assert page.locator(".story-card").count() == all_stories
    finally:
        context.close()


@pytest.mark.parametrize(
    ("home", "query", "expected"),
    [
        ("/pt/", "estudo", "Estudos atuariais"),
        ("/en/", "study", "Actuarial studies"),
        ("/pt/", "boletim", "Moçambique lança o 4.º boletim estatístico"),
    ],
)
def test_search_from_the_header_finds_other_forms_of_the_word(
    desktop, site_url, home, query, expected
):
    desktop.goto(site_url + home)
    desktop.get_by_role("search").get_by_role("searchbox").fill(query)
    desktop.get_by_role("search").get_by_role("button").click()
    titles = desktop.locator(".search-result__title").all_inner_texts()
    assert expected in titles
    assert desktop.locator("html").get_attribute("lang") == home.strip("/")


def test_a_very_long_search_answers(desktop, site_url):
    response = desktop.goto(site_url + "/en/search/?q=" + "protection " * 1000)
    assert response.status == 200
    assert "we used its first 200 characters" in desktop.locator("main").inner_text()


@pytest.mark.parametrize("language", ["pt", "en"])
@pytest.mark.parametrize("content", ["site_url", "scaled_site_url"])
def test_home_page_weight_on_a_first_visit(browser, request, content, language, record_property):
    """Every byte the browser transfers for the home page on a first visit, images
    included, and no request leaves the site: with the programme's content, and with it
    grown to 1,000 stories, 100 testimonials and 100 team members with pictures."""
    site_url = request.getfixturevalue(content)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    transferred, foreign = [], []

    def account(response):
        if not response.url.startswith(site_url):
            foreign.append(response.url)
        sizes = response.request.sizes()
        transferred.append(sizes["responseBodySize"] + sizes["responseHeadersSize"])

    page.on("response", account)
    page.goto(site_url + f"/{language}/", wait_until="networkidle")
    context.close()
    total = sum(transferred)
    record_property("home_page_bytes", total)
    print(f"home page /{language}/ ({content}): {len(transferred)} requests, {total} bytes")
    assert foreign == []
    assert total < PAGE_WEIGHT_LIMIT


def test_pages_need_no_javascript(phone, site_url):
    for _name, path in ALL_PAGES:
        phone.goto(site_url + path)
        scripts = phone.locator("script").evaluate_all(
            "els => els.map(el => el.type || 'text/javascript')"
        )
        assert set(scripts) <= {"application/ld+json"}, path
        inline_styles = phone.locator("[style]").count() + phone.locator("style").count()
        assert inline_styles == 0, path


def test_not_found_pages_speak_the_visitors_language(desktop, site_url):
    for path, language, heading in (
        (PAGE_TYPES["not found"][0], "pt", "Página não encontrada"),
        (PAGE_TYPES["not found"][1], "en", "Page not found"),
    ):
        response = desktop.goto(site_url + path)
        assert response.status == 404
        assert desktop.locator("html").get_attribute("lang") == language
        assert desktop.locator("h1").inner_text() == heading
        assert desktop.locator("main").get_by_role("searchbox").count() == 1
        assert re.search(r"/(pt|en)/$", desktop.locator("main a.button").get_attribute("href"))
