"""What a page shows of every section: the home page's glimpse of each, an area of work's
items of each section tagged with it.

Each glimpse's HTML is kept, per language, with the versions of the tags its list depends
on (``caching.lists``): while none moves on, a page shows it without rendering its cards
again, or loading their pictures' renditions."""

import datetime
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from action_portugal.base.pictures import prefetch_renditions
from action_portugal.caching.chrome import chrome_version, section_pages
from action_portugal.caching.lists import remember_html, remembered_html, remembered_pages
from action_portugal.caching.pages import keep_until
from action_portugal.sections.registry import registered

HOME = "home"


def section_index(request, section):
    """The section's index page, from the menu (no query), or ``None``."""
    content_type_id = ContentType.objects.get_for_model(section.index).pk
    return next((p for p in section_pages(request) if p.content_type_id == content_type_id), None)


def latest(section, glimpse, index, subject):
    """A section's items for a glimpse: those tagged with ``subject`` (or that the glimpse
    selects for it), else those under its index; at most ``glimpse.limit``, in its
    listing's order."""
    items = section.item.objects.for_listing()
    if subject is not None and glimpse.select is not None:
        items = glimpse.select(subject, items)
    elif subject is not None:
        items = items.filter(**{glimpse.tagged_by: subject})
    else:
        items = items.child_of(index)
    return items[: glimpse.limit]


def gather(request, where=HOME, subject=None):
    """``[{"section", "template", "index", "items", "subject", "html", "kept_as"}]``: what
    each section shows on the home page (``where`` is ``HOME``) or on ``subject``, a page of
    kind ``where`` its items are tagged with. Each list comes from the store until a page
    that changes it is published (``caching.lists``), else costs one query; ``html`` is
    its HTML in the active language when that is kept too (``show`` renders and keeps it
    otherwise, as ``kept_as``); the card pictures' renditions of the others, one query for
    all."""
    language = translation.get_language()
    glimpses = []
    if where == HOME:
        for section in registered():
            coming = upcoming(request, section, section_index(request, section))
            if coming is not None:
                glimpses.append(coming)
    for section in registered():
        glimpse = section.home if where == HOME else section.tagged.get(where)
        if glimpse is None:
            continue
        index = section_index(request, section)
        kept_as = None
        if glimpse.items is not None:
            # Made of the chrome (Glimpse.items): kept under the chrome's version.
            items = list(glimpse.items(request, index))
            kept_as = (f"{section.key}:{where}:chrome-{chrome_version()}:{language}", {})
        else:
            shown_on = subject if subject is not None else index
            items = []
            if shown_on is not None:
                name = f"{section.key}:{where}:{shown_on.pk}"
                items, versions = remembered_pages(
                    name, shown_on, partial(latest, section, glimpse, index, subject)
                )
                kept_as = (f"{name}:{language}", versions)
        glimpses.append(glimpse_of(section, glimpse.template, index, items, subject, kept_as))
    prefetch_pictures(glimpses)
    return glimpses


def upcoming(request, section, index, subject=None, condition=None):
    """What ``section`` has still to come (``Section.upcoming``) under ``index``, or, on
    ``subject``, among its items that match ``condition`` (a country's); ``None`` when
    nothing is. The list is kept for the day, like its HTML, until a page that changes it
    is published; the page that shows it is kept no later than midnight, when the list
    may change with no publish at all."""
    plan = section.upcoming
    if plan is None or index is None:
        return None
    today = timezone.localdate()
    shown_on = subject if subject is not None else index

    def build():
        items = section.item.objects.for_listing()
        items = items.filter(condition) if condition is not None else items.child_of(index)
        return plan.select(items, today)[: plan.limit]

    name = f"{section.key}:upcoming:{shown_on.pk}:{today.isoformat()}"
    items, versions = remembered_pages(name, shown_on, build)
    if not items:
        return None
    tomorrow = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time())
    keep_until(request, timezone.make_aware(tomorrow))
    language = translation.get_language()
    return glimpse_of(
        section, plan.template, index, items, subject, (f"{name}:{language}", versions)
    )


def glimpse_of(section, template, index, items, subject=None, kept_as=None):
    """A glimpse as ``show`` renders it: ``section``'s ``items`` by ``template``; its HTML
    from the store when it was kept as ``kept_as`` (``(name, versions)``)."""
    return {
        "section": section,
        "template": template,
        "index": index,
        "items": items,
        "subject": subject,
        "html": remembered_html(kept_as[0]) if kept_as else None,
        "kept_as": kept_as,
    }


def prefetch_pictures(glimpses):
    """The renditions of the card pictures of every glimpse still to render, in one
    query."""
    prefetch_renditions(
        (getattr(item, item.card_picture[0]), item.card_picture[1])
        for glimpse in glimpses
        if glimpse["html"] is None
        for item in glimpse["items"]
        if item.card_picture is not None
    )


def show(context, glimpse):
    """A glimpse's HTML: kept, or rendered by its template with ``glimpse`` added to
    ``context`` (as ``{% include %}`` would) and kept."""
    html = glimpse["html"]
    if html is None:
        template = context.template.engine.get_template(glimpse["template"])
        with context.push(glimpse=glimpse):
            html = template.render(context)
        if glimpse["kept_as"] is not None:
            remember_html(*glimpse["kept_as"], html)
    return mark_safe(html)  # noqa: S308 - our templates' output, escaped as they render
