"""Figures the site counts by itself: how many pages a section has published, for the home
page's counters that staff set to count rather than to say a fixed number."""

from action_portugal.base.privacy import visible
from action_portugal.caching.lists import remembered_value
from action_portugal.sections.glimpses import section_index
from action_portugal.sections.registry import section_named


def section_link(request, key):
    """The section's index page, from the menu (no query), or ``None``."""
    section = section_named(key) if key else None
    return section_index(request, section) if section is not None else None


def published_count(section_key, index):
    """How many of the section's pages under ``index`` visitors may see (live, public): one
    query, then none until a page under the index or the privacy of any changes."""
    section = section_named(section_key)
    return remembered_value(
        f"count:{section_key}:{index.pk}",
        index,
        lambda: visible(section.item.objects.child_of(index)).count(),
    )
