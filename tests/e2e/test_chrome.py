"""The site's chrome in a real browser: the header's menu on a phone and a desktop, by
keyboard and without JavaScript, the footer at the bottom of short pages, grids without
holes at four widths, the icon at /favicon.ico, and a story on paper."""

import pytest

from .conftest import PHONE, axe_violations
from .pages import ALL_PAGES, PAGE_TYPES

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1440, "height": 900}
HEADER_LIMIT = 120  # px of a 390x844 phone's screen


def visible_nav_links(page):
    return page.locator("header .main-nav a").evaluate_all(
        "links => links.filter(a => a.checkVisibility()).length"
    )


def test_the_header_fits_a_phone_on_every_page_type(phone, site_url):
    for name, path in ALL_PAGES:
        phone.goto(site_url + path)
        height = phone.locator(".site-header").bounding_box()["height"]
        assert height <= HEADER_LIMIT, f"{name}: {height}px"
        assert visible_nav_links(phone) == 0, name  # the menu waits for its button


@pytest.mark.parametrize(
    ("language", "query", "results"),
    [("pt", "proteção", "Pesquisar"), ("en", "protection", "Search")],
)
def test_the_menu_by_keyboard_alone(phone, site_url, language, query, results):
    phone.goto(site_url + f"/{language}/")
    menu = phone.locator("summary")
    assert menu.get_attribute("aria-expanded") is None  # a native disclosure, not ARIA
    for _ in range(6):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    assert phone.evaluate("document.activeElement.textContent.trim()") == "Menu"
    outline = phone.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    phone.keyboard.press("Enter")
    assert phone.locator("details.site-menu").get_attribute("open") is not None
    assert visible_nav_links(phone) == phone.locator("header .main-nav a").count() > 0
    phone.keyboard.press("Enter")  # closes again
    assert visible_nav_links(phone) == 0
    phone.keyboard.press(" ")  # and Space opens it
    assert visible_nav_links(phone) > 0
    # Every link of the menu, then the search box, in order, by Tab alone.
    phone.keyboard.press("Tab")
    first = phone.locator(":focus")
    assert first.evaluate("el => el.closest('.main-nav') !== null")
    box = first.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]  # not obscured
    for _ in range(12):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.type") == "search":
            break
    phone.keyboard.type(query)
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert phone.locator("h1").inner_text() == results
    assert phone.locator(".search-result").count() > 0


def test_the_menu_opens_without_javascript(browser, site_url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + "/en/")
        assert visible_nav_links(page) == 0
        page.get_by_text("Menu", exact=True).click()
        assert visible_nav_links(page) > 0
        with page.expect_navigation():
            page.locator("header .main-nav a").first.click()
        assert page.locator("header .main-nav a[aria-current]").count() == 1
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with JS", "without JS"])
def test_a_desktop_shows_the_whole_menu_and_the_search_box(browser, site_url, javascript):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=javascript)
    page = context.new_page()
    try:
        page.goto(site_url + "/en/")
        assert not page.locator("summary").is_visible()
        assert visible_nav_links(page) == page.locator("header .main-nav a").count() > 0
        header_search = page.locator("header").get_by_role("searchbox")
        assert header_search.is_visible()
        assert page.locator("header").get_by_text("Search the site").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("path", [PAGE_TYPES["search"][1], "/pt/pesquisa/", "/en/nowhere/"])
def test_pages_with_their_own_search_box_show_only_it(browser, site_url, path):
    for viewport in (PHONE, DESKTOP):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(site_url + path)
        if page.locator("summary").is_visible():
            page.locator("summary").click()
        assert page.get_by_role("searchbox").count() == 1, viewport
        assert page.locator("main").get_by_role("searchbox").is_visible()
        context.close()


SHORT_PAGES = ["/en/search/", "/pt/nao-existe/", PAGE_TYPES["team member"][0]]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", SHORT_PAGES)
def test_the_footer_sits_at_the_bottom_of_short_pages(browser, site_url, viewport, path):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        page.goto(site_url + path)
        below, bottom = page.evaluate(
            """() => {
                const footer = document.querySelector('.site-footer').getBoundingClientRect();
                const bottom = footer.bottom + window.scrollY;
                return [document.documentElement.scrollHeight - bottom, bottom];
            }"""
        )
        assert abs(below) <= 1  # nothing under the footer...
        assert bottom >= viewport["height"] - 1  # ...which reaches the window's bottom
    finally:
        context.close()


GRID_PAGES = ["/pt/", "/en/", "/pt/areas-de-trabalho/", "/pt/equipa/", "/pt/cronologia/"]
GRID_PAGES += ["/pt/publicacoes/", "/pt/paises/", "/pt/testemunhos/", "/pt/paises/cabo-verde/"]
ROWS = """() => [...document.querySelectorAll(
    '.card-grid, .testimonial-grid, .counters, .country__figures')].map(grid => {
    const box = grid.getBoundingClientRect();
    const rows = new Map();
    for (const item of grid.children) {
        const r = item.getBoundingClientRect();
        const row = rows.get(Math.round(r.top)) || {count: 0, left: Infinity, right: -Infinity};
        row.count += 1;
        row.left = Math.min(row.left, r.left);
        row.right = Math.max(row.right, r.right);
        rows.set(Math.round(r.top), row);
    }
    return {
        grid: grid.className,
        rows: [...rows.values()].map(
            row => ({count: row.count, left: row.left - box.left, right: box.right - row.right})),
    };
})"""


def holes(grid):
    """What is wrong with a grid's rows: every row but the last is as full as the first, and
    the last either is too, or is centred and has more than one card."""
    rows = grid["rows"]
    if sum(row["count"] for row in rows) < 2:
        return None  # nothing to line up
    wrong = []
    for row in rows:
        if abs(row["left"] - row["right"]) > 2:
            wrong.append(f"row of {row['count']} not centred")
    if any(row["count"] != rows[0]["count"] for row in rows[:-1]):
        wrong.append("a row in the middle is not full")
    if len(rows) > 1 and rows[-1]["count"] == 1 < rows[0]["count"]:
        wrong.append("one card alone under a full row")
    return "; ".join(wrong) or None


@pytest.mark.parametrize("width", [360, 768, 1024, 1440])
def test_grids_have_no_holes(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    checked = 0
    try:
        for path in GRID_PAGES:
            page.goto(site_url + path)
            for grid in page.evaluate(ROWS):
                checked += 1
                shape = "-".join(str(row["count"]) for row in grid["rows"])
                assert holes(grid) is None, f"{path} {grid['grid']} at {width}px: {shape}"
    finally:
        context.close()
    assert checked >= 15


def test_the_home_counters_line_up_on_a_phone_with_their_source(phone, site_url):
    phone.goto(site_url + "/pt/")
    counters = phone.locator(".counters > li")
    assert counters.count() == 3
    lefts = {round(box["x"]) for box in (c.bounding_box() for c in counters.all())}
    assert len(lefts) == 1  # one a line, one above the other
    numbers = phone.locator(".counter__number").evaluate_all(
        "els => els.map(el => Math.round(el.getBoundingClientRect().right))"
    )
    assert len(set(numbers)) == 1  # the figures aligned on their right
    for note in phone.locator(".counter__note").all_inner_texts():
        assert note == "Fonte: página inicial do sítio do programa"


def test_favicon_ico(phone, site_url):
    response = phone.request.get(site_url + "/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert response.body()[:4] == b"\x00\x00\x01\x00"  # an ICO file's header


def test_a_story_prints_without_the_chrome(desktop, site_url):
    desktop.goto(site_url + PAGE_TYPES["story"][1])
    desktop.emulate_media(media="print")
    for selector in (".skip-link", ".site-menu", ".language-switcher", ".site-footer__list"):
        for element in desktop.locator(selector).all():
            assert not element.is_visible(), selector
    assert desktop.locator("h1").is_visible()
    colours = desktop.evaluate(
        """() => [getComputedStyle(document.querySelector('h1')).color,
                  getComputedStyle(document.body).backgroundColor,
                  getComputedStyle(document.querySelector('.site-header')).backgroundColor]"""
    )
    assert colours[0] == "rgb(0, 0, 0)"
    assert all(c in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)") for c in colours[1:])
    # A link that leaves the site is followed by its address; one inside it is not.
    after = desktop.evaluate(
        """() => {
            const paragraph = document.querySelector('main p');
            paragraph.insertAdjacentHTML(
                'beforeend', ' <a href="https://www.ilo.org/">ILO</a> <a href="/en/">home</a>');
            return [...paragraph.querySelectorAll('a')].slice(-2).map(
                a => getComputedStyle(a, '::after').content);
        }"""
    )
    assert after == ['" (" attr(href) ")"', "none"] or after == [
        '" (https://www.ilo.org/)"',
        "none",
    ]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", ["pt", "en"])
def test_the_header_passes_axe_open_and_closed(browser, site_url, viewport, language):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        page.goto(site_url + f"/{language}/")
        assert axe_violations(page) == []
        if viewport == PHONE:
            page.locator("summary").click()
            assert visible_nav_links(page) > 0
            assert axe_violations(page) == []
    finally:
        context.close()
