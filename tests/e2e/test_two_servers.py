"""Nothing lives in one process: two app servers on one database and one Redis share the
page cache and the sessions, and a publish through one is what the other serves at once."""

import re
import urllib.request

import pytest

from ..services import fresh_redis
from .conftest import log_in, open_footer_actions, prepare_site, start_server

pytestmark = pytest.mark.e2e
PILLAR = "/pt/areas-de-trabalho/estudos-atuariais/"


def fetch(base, path):
    """As a load balancer passes it on: the public host name, whichever server answers."""
    request = urllib.request.Request(base + path, headers={"Host": "localhost"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get("X-Cache"), response.read().decode()


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    redis_url = fresh_redis("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
    tmp_dir = tmp_path_factory.mktemp("two-servers")
    env = prepare_site(tmp_dir, suffix="two", REDIS_URL=redis_url)
    servers = [start_server(env, tmp_dir / f"server-{name}.log") for name in "ab"]
    yield [base for _process, base in servers]
    for process, _base in servers:
        process.terminate()
        process.wait(timeout=10)


def test_the_cache_is_shared(two_servers):
    a, b = two_servers
    assert fetch(a, "/en/team/")[0] == "miss"
    assert fetch(b, "/en/team/")[0] == "hit"  # rendered by A, served by B


def test_a_publish_through_one_server_is_what_the_other_serves_at_once(two_servers, browser):
    a, b = two_servers
    fetch(a, PILLAR)
    assert fetch(a, PILLAR)[0] == "hit"
    new_summary = "Publicado através do servidor B, visto no servidor A."

    context, page, _errors = log_in(browser, b, "editor")
    # The session made on B is good on A too: they share the database.
    page.goto(a + "/admin/")
    page.goto(b + "/admin/pages/search/?q=atuariais")
    page.get_by_role("link", name=re.compile("Estudos atuariais|Actuarial studies")).first.click()
    page.locator("textarea[name=summary_pt]").fill(new_summary)
    open_footer_actions(page)
    page.locator("button[name=action-publish]").click()
    page.wait_for_load_state("networkidle")
    cookies = {cookie["name"]: cookie["value"] for cookie in context.cookies(b)}
    context.close()

    state, html = fetch(a, PILLAR)
    assert state == "miss"
    assert new_summary in html
    assert fetch(b, PILLAR)[0] == "hit"

    request = urllib.request.Request(
        a + "/admin/", headers={"Cookie": f"sessionid={cookies['sessionid']}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert "/admin/login/" not in response.url  # logged in on A with B's session
