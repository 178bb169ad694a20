"""An area of work and a team role at phone and desktop widths, in both languages: the
area leads with its large icon and shows what it has (the countries of its work on the
map), a role says its group and shows its colleagues; nothing wider than the screen, no
serious accessibility fault."""

import pytest

from .conftest import axe_violations
from .pages import PAGE_TYPES

pytestmark = pytest.mark.e2e

AREA = dict(zip(("pt", "en"), PAGE_TYPES["pillar with the C102 table"], strict=True))
ROLE = dict(zip(("pt", "en"), PAGE_TYPES["team member"], strict=True))
WIDER_THAN_THE_SCREEN = "() => document.documentElement.scrollWidth > window.innerWidth"


@pytest.mark.parametrize("device", ["phone", "desktop"])
@pytest.mark.parametrize(
    ("language", "stories"), [("pt", "Na cronologia"), ("en", "On the timeline")]
)
def test_an_area_of_work(request, site_url, device, language, stories):
    page = request.getfixturevalue(device)
    page.goto(site_url + AREA[language])
    icon = page.locator(".area-header__icon").bounding_box()
    assert icon["width"] >= 96 and icon["height"] >= 96
    heading = page.locator("h1").bounding_box()
    if device == "phone":
        assert icon["y"] < heading["y"]  # the icon leads, above the title
    else:
        assert icon["x"] < heading["x"]  # beside it
    assert page.locator("#related-stories").inner_text() == stories
    assert page.locator(".story-card").count() >= 1
    assert page.locator("#related-countries").count() == 1
    # The map shows where this work was done: those countries in the key, the others muted.
    listed = page.locator(".country-map__key:not(.country-map__key--partner)").count()
    muted = page.locator(".country-map__country--other").count()
    assert listed >= 1 and listed + muted == 6
    assert page.locator(".empty-state").count() == 0
    assert not page.evaluate(WIDER_THAN_THE_SCREEN)
    assert axe_violations(page) == []


@pytest.mark.parametrize("device", ["phone", "desktop"])
@pytest.mark.parametrize(
    ("language", "group"),
    [("pt", "Responsáveis nos países"), ("en", "Country officers")],
)
def test_a_team_role(request, site_url, device, language, group):
    page = request.getfixturevalue(device)
    page.goto(site_url + ROLE[language])
    facts = page.locator(".role-page__facts")
    assert group in facts.inner_text()
    assert "Cabo Verde" in facts.inner_text()
    assert page.locator("#colleagues-heading ~ ul .person").count() == 3
    link = facts.locator("a").first
    assert link.get_attribute("href").endswith("#group-country")
    assert not page.evaluate(WIDER_THAN_THE_SCREEN)
    assert axe_violations(page) == []
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith("#group-country")
    assert page.locator("#group-country").is_visible()
