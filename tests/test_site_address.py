"""Every absolute address the site emits (canonical, alternates, og:url, og:image, JSON-LD,
the sitemap, robots.txt, the feeds, e-mails) is on the site's configured address, never
on the request's host, port or a path that starts with ``//``. And the feeds send plain
text as text."""

import re
from xml.etree import ElementTree

import pytest
from django.core import mail
from django.test import Client

from timeline.models import StoryPage

from .pages import publish, url_in

pytestmark = pytest.mark.django_db
BASE = "https://www.example.org"
ATOM = "{http://www.w3.org/2005/Atom}"
ABSOLUTE = re.compile(r"""https?://[^\s"'<>]+""")
# Addresses of other sites the pages name on purpose.
ELSEWHERE = (
    "https://www.ilo.org",
    "https://schema.org",
    "http://www.w3.org",
    "http://www.sitemaps.org",
)


@pytest.fixture(autouse=True)
def configured_address(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver", "localhost"]


def own_addresses(text):
    """The absolute addresses of a feed, sitemap or robots.txt, or of a page's head (its
    body links partners' sites on purpose)."""
    if "</head>" in text:
        text = text.split("</head>")[0]
    return [url for url in ABSOLUTE.findall(text) if not url.startswith(ELSEWHERE)]


def assert_on_the_configured_address(text):
    addresses = own_addresses(text)
    assert addresses, "no absolute address at all"
    assert all(url.startswith(BASE + "/") for url in addresses), addresses


@pytest.mark.parametrize(
    "address",
    [
        "/pt/",
        "/en/timeline/",
        "/sitemap.xml",
        "/robots.txt",
        "/pt/feed.xml",
        "/en/feed.xml",
        "/pt/nada-aqui/",
        "//evil.example/",
        "//evil.example/pt/",
    ],
)
@pytest.mark.parametrize("host", ["testserver", "127.0.0.1:6666", "localhost:8443"])
def test_absolute_addresses_ignore_the_requests_host_and_path(address, host, settings):
    settings.PAGE_CACHE_ENABLED = True  # and what is cached for everyone holds it too
    for _ in range(2):
        response = Client().get(address, headers={"host": host})
        if response.status_code in (301, 302):  # to the visitor's language: on the same site
            assert response["Location"] == "/pt/"
            continue
        assert response.status_code in (200, 404), address
        text = response.content.decode()
        assert "evil.example" not in text and "6666" not in text and "8443" not in text
        assert_on_the_configured_address(text)


def test_a_story_page_names_itself_on_the_configured_address(client):
    story = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
    text = client.get(url_in(story, "pt"), headers={"host": "127.0.0.1:6666"}).content.decode()
    assert f'<link rel="canonical" href="{BASE}{url_in(story, "pt")}">' in text
    assert f'<meta property="og:url" content="{BASE}{url_in(story, "pt")}">' in text
    assert f'"mainEntityOfPage": "{BASE}{url_in(story, "pt")}"' in text
    assert f'hreflang="en" href="{BASE}{url_in(story, "en")}"' in text


def test_the_password_reset_email_links_to_the_configured_address(client):
    from django.contrib.auth.models import User

    User.objects.create_user("ana", "ana@example.org", "a-long-passphrase")
    client.post(
        "/admin/password_reset/", {"email": "ana@example.org"}, headers={"host": "127.0.0.1:6666"}
    )
    assert len(mail.outbox) == 1
    assert_on_the_configured_address(mail.outbox[0].body)


class TestFeeds:
    def entries(self, client, language):
        response = client.get(f"/{language}/feed.xml")
        root = ElementTree.fromstring(response.content)
        return {entry.find(f"{ATOM}title").text: entry for entry in root.iter(f"{ATOM}entry")}

    @pytest.mark.parametrize("language", ["pt", "en"])
    def test_a_summary_is_text_whatever_it_holds(self, client, language):
        hostile = '"><img src=x onerror=alert(1)> & <b>bold</b>'
        story = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
        story = publish(story, **{f"summary_{language}": hostile})
        entry = self.entries(client, language)[getattr(story, f"title_{language}")]
        summary = entry.find(f"{ATOM}summary")
        assert summary.get("type") == "text"
        assert summary.text == hostile  # the very characters, as text
        for element in entry.iter():
            assert element.get("type") in (None, "text"), element.tag
