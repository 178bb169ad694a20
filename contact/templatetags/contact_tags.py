from django import template
from wagtail.models import Page, Site

from action_portugal.base.pages import PAGE_LINK_FIELDS, page_from_values
from action_portugal.base.privacy import visible
from contact.models import ContactPage, LegalPage, Notice

register = template.Library()


def contact_pages(site):
    """The site's contact page (a list of one, or none) if visitors may see it, carrying
    what a link needs."""
    home = site.root_page
    rows = visible(ContactPage.objects.child_of(home)).order_by("path").values(*PAGE_LINK_FIELDS)
    return [page_from_values(Page, row) for row in rows[:1]]


def notice_pages(site):
    """The site's contact page, then its notices in ``Notice`` order: those visitors may
    see, carrying what a link needs."""
    home = site.root_page
    pages = []
    notices = visible(LegalPage.objects.child_of(home)).values(*PAGE_LINK_FIELDS, "role")
    order = list(Notice.values)
    pages += sorted(notices, key=lambda row: (order.index(row["role"]), row["path"]))
    return contact_pages(site) + [page_from_values(Page, row) for row in pages]


def request_site(context):
    request = context.get("request")
    return Site.find_for_request(request) if request is not None else None


@register.inclusion_tag("contact/notice_links.html", takes_context=True)
def notice_links(context):
    """The footer's links to the contact page and the notices (rendered with the footer,
    and kept with it until a page near the root changes)."""
    site = request_site(context)
    return {"links": notice_pages(site) if site else [], "request": context.get("request")}


@register.simple_tag(takes_context=True)
def contact_page(context):
    """``{% contact_page as page %}``: the site's contact page, if visitors may see it (for
    ``components/reach_the_programme.html``, kept with the chrome like the footer)."""
    site = request_site(context)
    return next(iter(contact_pages(site)), None) if site else None
