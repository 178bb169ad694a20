"""Finding a page by its address (action_portugal.base.routing): two queries at any depth,
and a page that routes sub-paths of its own (a RoutablePageMixin page) still answers them."""

import pytest

from action_portugal.models import HomePage

from .routing_example.models import ArchivePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    home = HomePage.objects.get()
    page = home.add_child(
        instance=ArchivePage(
            title="Arquivo",
            title_pt="Arquivo",
            title_en="Archive",
            slug_pt="arquivo",
            slug_en="archive",
            slug="arquivo",
        )
    )
    page.save_revision().publish()
    return page


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/pt/arquivo/", "archive of Arquivo"),
        ("/pt/arquivo/2024/", "archive of Arquivo for 2024"),
        ("/en/archive/2019/", "archive of Archive for 2019"),
    ],
)
def test_a_page_that_routes_its_own_sub_paths_answers_them(client, archive, url, text):
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode() == text


@pytest.mark.parametrize(
    "url",
    [
        "/pt/arquivo/not-a-year/",
        "/pt/archive/2024/",  # the English slug under the Portuguese prefix
        "/pt/areas-de-trabalho/no-such-area/",
        "/pt/no-such-section/2024/",
    ],
)
def test_an_address_nobody_answers_is_a_404(client, archive, url):
    assert client.get(url).status_code == 404


def test_a_sub_path_costs_one_query_more_than_a_page(client, archive, django_assert_num_queries):
    client.get("/pt/")  # the site and the chrome, cached from here
    with django_assert_num_queries(3):  # no page at the address, the routable one above, its row
        assert client.get("/pt/arquivo/2024/").status_code == 200
    with django_assert_num_queries(3):  # no page, no routable page above, no redirect
        assert client.get("/pt/areas-de-trabalho/no-such-area/").status_code == 404


def test_an_unpublished_routable_page_answers_nothing(client, archive):
    archive.unpublish()
    assert client.get("/pt/arquivo/2024/").status_code == 404
    assert client.get("/pt/arquivo/").status_code == 404
