"""The map of the programme's countries and of Portugal, its partner: shapes drawn from
Natural Earth when the site is built (``scripts/build-map.mjs`` writes ``map.json``, which is
committed), so that no page fetches or computes geography. Each country links to its page
while that page is live and public; without one its shape stays, unlinked."""

import json
from functools import cache
from pathlib import Path

from action_portugal.base.countries import Country

from .models import PROGRAMME_COUNTRIES

DRAWING = Path(__file__).with_name("map.json")


@cache
def drawing():
    """The shapes, read once per process."""
    return json.loads(DRAWING.read_text(encoding="utf-8"))


def country_map(pages, highlight=None):
    """What ``country_pages/map.html`` draws: the other land, Portugal, and each of the
    programme's countries with its name in the active language and its page, from
    ``pages`` (``{code: page}`` of the country pages visitors may see), or ``None``; with
    ``highlight`` (codes), whether each is one of them (all are without it)."""
    drawn = drawing()
    return {
        "width": drawn["width"],
        "height": drawn["height"],
        "land": drawn["land"],
        "partner": {**drawn["countries"][Country.PORTUGAL], "name": Country.PORTUGAL.label},
        "countries": [
            {
                **drawn["countries"][code],
                "name": code.label,
                "page": pages.get(code),
                "highlighted": highlight is None or code in highlight,
            }
            for code in PROGRAMME_COUNTRIES
        ],
    }
