from django import template

from action_portugal.caching.chrome import own_country_pages
from country_pages.map import country_map as drawn_map

register = template.Library()


@register.inclusion_tag("country_pages/map.html", takes_context=True)
def country_map(context, highlight=None):
    """``{% country_map %}``: the map, each country linked to its page while visitors may
    see it: the same pages every country name on the site links to, read once per request
    (``caching.chrome.own_country_pages``). ``{% country_map highlight=pages %}``: the
    countries of ``pages`` (country pages) stand out, the others are drawn as the rest of
    the land and left out of the key."""
    request = context.get("request")
    codes = None if highlight is None else {page.country for page in highlight}
    return {"map": drawn_map(own_country_pages(request), codes), "request": request}
