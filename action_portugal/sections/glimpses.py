"""What a page shows of every section: the home page's glimpse of each, an area of work's
items of each section tagged with it."""

from functools import partial

from django.contrib.contenttypes.models import ContentType

from action_portugal.base.pictures import prefetch_renditions
from action_portugal.caching.chrome import section_pages
from action_portugal.caching.lists import remembered_pages
from action_portugal.sections.registry import registered

HOME = "home"


def section_index(request, section):
    """The section's index page, from the menu (no query), or ``None``."""
    content_type_id = ContentType.objects.get_for_model(section.index).pk
    return next((p for p in section_pages(request) if p.content_type_id == content_type_id), None)


def latest(section, glimpse, index, subject):
    """A section's items for a glimpse: those tagged with ``subject``, else those under its
    index; at most ``glimpse.limit``, in its listing's order."""
    items = section.item.objects.for_listing()
    if subject is not None:
        items = items.filter(**{glimpse.tagged_by: subject})
    else:
        items = items.child_of(index)
    return items[: glimpse.limit]


def gather(request, where=HOME, subject=None):
    """``[{"section", "template", "index", "items", "subject"}]``: what each section shows
    on the home page (``where`` is ``HOME``) or on ``subject``, a page of kind ``where`` its
    items are tagged with. Each list comes from the store until a page that changes it is
    published (``caching.lists``), else costs one query; the card pictures' renditions one
    query for all."""
    glimpses = []
    for section in registered():
        glimpse = section.home if where == HOME else section.tagged.get(where)
        if glimpse is None:
            continue
        index = section_index(request, section)
        if glimpse.items is not None:
            items = list(glimpse.items(request, index))
        else:
            shown_on = subject if subject is not None else index
            items = (
                remembered_pages(
                    f"{section.key}:{where}:{shown_on.pk}",
                    shown_on,
                    partial(latest, section, glimpse, index, subject),
                )
                if shown_on is not None
                else []
            )
        glimpses.append(
            {
                "section": section,
                "template": glimpse.template,
                "index": index,
                "items": items,
                "subject": subject,
            }
        )
    prefetch_renditions(
        (getattr(item, item.card_picture[0]), item.card_picture[1])
        for glimpse in glimpses
        for item in glimpse["items"]
        if item.card_picture is not None
    )
    return glimpses
