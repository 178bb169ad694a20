from django import template

from country_pages.map import country_map as drawn_map

register = template.Library()


@register.inclusion_tag("country_pages/map.html", takes_context=True)
def country_map(context, pages):
    """``{% country_map pages %}``: the map, each country linked to its page among
    ``pages``."""
    return {"map": drawn_map(pages), "request": context.get("request")}
