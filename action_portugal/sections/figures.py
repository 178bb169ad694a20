"""Figures the site counts by itself, for the home page's counters that staff set to count
rather than to say a fixed number: how many pages a section has published, or what one of
its measures counts of them (``Section.measures``: the timeline's activities and their
participants)."""

from action_portugal.base.privacy import visible
from action_portugal.caching.lists import remembered_value
from action_portugal.sections.glimpses import section_index
from action_portugal.sections.registry import measure_named, section_named


def section_link(request, key):
    """The section's index page, from the menu (no query), or ``None``."""
    section = section_named(key) if key else None
    return section_index(request, section) if section is not None else None


def published_count(section_key, index, measure=""):
    """How many of the section's pages under ``index`` visitors may see (live, public), or
    what ``measure`` (a ``<section>:<measure>`` key) counts of them: one query, then none
    until a page under the index or the privacy of any changes. ``None`` when the measure
    counts nothing known (a sum of no numbers)."""
    section = section_named(section_key)
    named = measure_named(measure) if measure else None
    if named is not None and named[0] is section:
        count = named[1].count
    else:
        measure, count = "", lambda items: items.count()
    return remembered_value(
        f"count:{section_key}:{measure}:{index.pk}",
        index,
        lambda: count(visible(section.item.objects.child_of(index))),
    )
