"""The map of the countries on a phone: reached and followed by keyboard, its links showing
their focus and big enough to tap, and no serious accessibility fault on the pages that
show it, in both languages."""

import pytest

from .conftest import PHONE, axe_violations
from .pages import PAGE_TYPES

pytestmark = pytest.mark.e2e

MAP_PAGES = [
    (f"{kind} [{language}]", path)
    for kind in ("country index", "home")
    for language, path in zip(("pt", "en"), PAGE_TYPES[kind], strict=True)
]
FOCUSED_IN_MAP = """() => {
    const link = document.activeElement;
    if (!link.closest("svg.country-map__map")) return null;
    // What one taps: a small country's ring or inset, a large country's shape.
    const shape = link.querySelector(".country-map__ring")
        || link.querySelector(".country-map__inset")
        || link.querySelector(".country-map__shape");
    const box = shape.getBoundingClientRect();
    return {
        name: link.getAttribute("aria-label"),
        href: link.getAttribute("href"),
        stroke: getComputedStyle(shape).stroke,
        width: box.width,
        height: box.height,
    };
}"""
ACCENT = "rgb(154, 71, 0)"  # --accent in static/css/site.css, the focus colour


def tab_through_the_map(page, limit=80):
    """What the keyboard reaches in the map, in order, tabbing from the top of the page."""
    reached = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_IN_MAP)
        if focused is None and reached:
            break
        if focused is not None:
            reached.append(focused)
    return reached


@pytest.mark.parametrize(
    ("language", "country", "heading"),
    [("pt", "Cabo Verde", "Cabo Verde"), ("en", "Mozambique", "Mozambique")],
)
def test_the_map_s_links_work_by_keyboard_on_a_phone(phone, site_url, language, country, heading):
    index = dict(zip(("pt", "en"), PAGE_TYPES["country index"], strict=True))[language]
    phone.goto(site_url + index)
    listed = phone.locator(".country-map__list a").evaluate_all(
        "links => links.map(link => [link.textContent, link.getAttribute('href')])"
    )
    assert len(listed) == 6
    reached = tab_through_the_map(phone)
    assert [[link["name"], link["href"]] for link in reached] == listed
    for link in reached:
        assert link["stroke"] == ACCENT, link["name"]  # its focus shows
        assert link["width"] >= 24 and link["height"] >= 24, link  # big enough to tap

    phone.goto(site_url + index)
    for _ in range(80):
        phone.keyboard.press("Tab")
        focused = phone.evaluate(FOCUSED_IN_MAP)
        if focused is not None and focused["name"] == country:
            break
    else:
        pytest.fail(f"{country} was not reached by keyboard")
    phone.keyboard.press("Enter")
    phone.wait_for_url(site_url + focused["href"])
    assert phone.locator("h1").inner_text() == heading


@pytest.mark.parametrize(("name", "path"), MAP_PAGES, ids=[name for name, _ in MAP_PAGES])
def test_the_pages_with_the_map_pass_axe_and_fit_a_phone(phone, site_url, name, path):
    phone.goto(site_url + path)
    assert phone.locator("svg.country-map__map a").count() == 6
    assert axe_violations(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
