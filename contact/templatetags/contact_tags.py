from django import template
from wagtail.models import Page, Site

from action_portugal.base.pages import PAGE_LINK_FIELDS, page_from_values
from action_portugal.base.privacy import visible
from contact.models import ContactPage, LegalPage, Notice

register = template.Library()


def notice_pages(site):
    """The site's contact page, then its notices in ``Notice`` order: those visitors may
    see, carrying what a link needs."""
    home = site.root_page
    pages = [
        *visible(ContactPage.objects.child_of(home)).order_by("path").values(*PAGE_LINK_FIELDS),
    ]
    notices = visible(LegalPage.objects.child_of(home)).values(*PAGE_LINK_FIELDS, "role")
    order = list(Notice.values)
    pages += sorted(notices, key=lambda row: (order.index(row["role"]), row["path"]))
    return [page_from_values(Page, row) for row in pages]


@register.inclusion_tag("contact/notice_links.html", takes_context=True)
def notice_links(context):
    """The footer's links to the contact page and the notices (rendered with the footer,
    and kept with it until a page near the root changes)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return {"links": notice_pages(site) if site else [], "request": request}
