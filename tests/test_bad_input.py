"""Whatever a visitor types into an address (or a link mangles), the site answers with a
page or a 4xx, never a 500, and in bounded time. Property-based: Hypothesis makes the
addresses, the same ones on every run (derandomized), so a failure is reproducible."""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

# Answering in bounded time, not a speed measurement: a catastrophic regular expression
# or an unbounded loop takes far longer than this on any machine.
BOUND_SECONDS = 5
PATHS = [
    "/",
    "/pt/",
    "/en/",
    "/fr/",
    "/pt/areas-de-trabalho/",
    "/en/areas-of-work/actuarial-studies/",
    "/pt/testemunhos/",
    "/en/team/",
    "/pt/cronologia/",
    "/en/timeline/",
    "/pt/pesquisa/",
    "/en/search/",
    "/pt/feed.xml",
    "/sitemap.xml",
    "/robots.txt",
    "/language/en/",
    "/health/",
]
PARAMETERS = ["q", "page", "country", "area", "next", "utm_source"]

# Text of every kind: NUL and other control characters, accents, emoji, percent signs.
any_text = st.text(st.characters(codec="utf-8"), max_size=60)
broken_escapes = st.from_regex(r"\A(%[0-9A-Fa-f]?[G-Zg-z%]?|%[0-9A-Fa-f]{2}|[a-z/.]){0,12}\Z")
page_numbers = st.one_of(
    st.sampled_from(["-1", "0", "abc", "1e9", str(10**12), "", "½", "2.5"]),
    st.integers(min_value=-(10**13), max_value=10**13).map(str),
)
values = st.one_of(any_text, broken_escapes, page_numbers, st.just("x" * 10_000))


def answered(client, address):
    start = time.monotonic()
    response = client.get(address)  # a 500 raises here, with the error
    elapsed = time.monotonic() - start
    assert response.status_code < 500, address
    assert elapsed < BOUND_SECONDS, (address, elapsed)
    return response


@settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    path=st.sampled_from(PATHS),
    tail=st.one_of(st.just(""), any_text, broken_escapes, st.just("a" * 3000)),
    query=st.lists(st.tuples(st.sampled_from(PARAMETERS), values), max_size=4),
    raw_query=st.one_of(st.just(""), broken_escapes),
)
def test_no_address_gives_a_server_error(client, path, tail, query, raw_query):
    from urllib.parse import quote

    address = path + quote(tail, safe="/%")
    encoded = "&".join(f"{name}={quote(value, safe='%')}" for name, value in query)
    answered(client, f"{address}?{encoded}&{raw_query}" if encoded or raw_query else address)


@pytest.mark.parametrize(
    "address",
    [
        "/pt/%00/",
        "/en/timeline/?page=%00",
        "/en/search/?q=%00",
        "/pt/pesquisa/?q=" + "prote%C3%A7%C3%A3o " * 1000,
        "/en/timeline/?country=%ff%fe&area=%c0%af",
        "/en/timeline/?page=-1&country=mz&area=99999999999999999999",
        "/xx/",
        "/pt/" + "a" * 5000 + "/",
        "/language/xx/?next=//evil.example.org/",
        "/pt/%E0%A4%A/",
    ],
)
def test_known_hostile_addresses(client, address):
    answered(client, address)
