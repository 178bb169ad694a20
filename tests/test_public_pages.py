"""Every public page of the programme's content, in both languages, as a visitor gets it."""

from collections import deque
from urllib.parse import urlsplit

import pytest

from .conftest import alternates, soup
from .pages import LANGUAGES, public_pages, url_in

pytestmark = pytest.mark.django_db


def crawl(client, start):
    """Follow every internal link under the start page's language prefix."""
    prefix = start[:4]
    seen, queue, pages = {start}, deque([start]), {}
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue  # the feed
        pages[url] = response
        if response.status_code != 200:
            continue
        for link in soup(response).find_all("a", href=True):
            path = urlsplit(link["href"]).path
            if path.startswith(prefix) and path not in seen:
                seen.add(path)
                queue.append(path)
    return pages


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_is_reachable_and_well_formed(client, language):
    pages = crawl(client, f"/{language}/")
    expected = {url_in(page, language) for page in public_pages()}
    assert expected <= set(pages), f"not linked from anywhere: {expected - set(pages)}"
    for url, response in pages.items():
        assert response.status_code == 200, url
        document = soup(response)
        assert document.html["lang"] == language, url
        assert len(document.find_all("h1")) == 1, url
        links = alternates(document)
        assert set(links) == {"pt", "en", "x-default"}, url
        assert urlsplit(links[language]).path == url, url
        assert urlsplit(links["x-default"]).path == urlsplit(links["pt"]).path, url


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_heading_is_the_page_title_in_the_visitors_language(client, language):
    from action_portugal.models import HomePage

    tagline = {
        "pt": "Proteção social nos PALOP e em Timor-Leste",
        "en": "Social protection in the PALOP and Timor-Leste",
    }
    for page in public_pages():
        response = client.get(url_in(page, language))
        heading = soup(response).h1
        expected = getattr(page, f"title_{language}")
        if page.specific_class is HomePage:
            # The home page's title is the programme's name, shown above its heading; the
            # heading says what the programme is about (its headline, else the tagline).
            expected = getattr(page.specific, f"headline_{language}") or tagline[language]
        assert heading.get_text(strip=True) == expected, page
        assert heading.get("lang") is None, page


def test_alternates_lead_to_the_same_page_in_the_other_language(client):
    for page in public_pages():
        pt_url, en_url = url_in(page, "pt"), url_in(page, "en")
        assert pt_url.startswith("/pt/") and en_url.startswith("/en/")
        assert pt_url != en_url
        for here, there, other in (("pt", pt_url, en_url), ("en", en_url, pt_url)):
            links = alternates(soup(client.get(there)))
            other_language = "en" if here == "pt" else "pt"
            target = urlsplit(links[other_language]).path
            assert target == other
            back = soup(client.get(target))
            assert back.html["lang"] == other_language
            assert urlsplit(alternates(back)[here]).path == there


def test_translated_slugs(client):
    assert client.get("/pt/equipa/").status_code == 200
    assert client.get("/en/team/").status_code == 200
    assert client.get("/en/equipa/").status_code == 404
    assert client.get("/pt/team/").status_code == 404


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_switcher_links_to_the_same_page(client, language):
    page = next(p for p in public_pages() if p.specific_class.__name__ == "StoryPage")
    other = "en" if language == "pt" else "pt"
    document = soup(client.get(url_in(page, language)))
    switch = document.select_one(f'.language-switcher a[hreflang="{other}"]')
    response = client.get(switch["href"])
    assert response.status_code == 302
    assert response["Location"] == url_in(page, other)


def test_the_content_is_all_there_in_both_languages(client):
    for language, words in {
        "pt": ["atividades", "participantes", "publicações", "Estudos atuariais"],
        "en": ["activities", "participants", "publications", "Actuarial studies"],
    }.items():
        document = soup(client.get(f"/{language}/"))
        text = document.get_text(" ")
        for word in words:
            assert word in text
        counters = [li.get_text(" ", strip=True) for li in document.select(".counters li")]
        assert [c.split()[0] for c in counters] == ["18", "1200", "98"]
        assert len(document.select(".pillar-card")) == 10
    for url, cards in (
        ("/pt/testemunhos/", ".testimonial"),
        ("/en/team/", ".person"),
        ("/pt/cronologia/", ".story-card"),
    ):
        count = len(soup(client.get(url)).select(cards))
        assert count == {".testimonial": 5, ".person": 10, ".story-card": 12}[cards], url
