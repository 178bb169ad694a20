"""Old addresses keep working. Wagtail creates redirects only for the default language's
slug, whatever language it was changed in; here every page's address in every language is remembered
(``PublicURL``) and, when it changes because a slug changed or a page moved, the old one
becomes a permanent redirect to the page itself, not to an address. A chain of changes
therefore never makes a chain or a loop of redirects: each old address leads straight
to wherever the page is now, and an address a page takes back simply serves it again."""

from django.db import transaction
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from action_portugal.base.i18n import LANGUAGE_CODES, page_url_in
from action_portugal.editing.models import PublicURL


def current_paths(pages):
    paths = {}
    for page in pages:
        for language in LANGUAGE_CODES:
            path = page_url_in(page, language)
            if path:
                paths[(page.pk, language)] = path
    return paths


@transaction.atomic
def sync_public_urls(page):
    """Record the live addresses of ``page`` and everything under it; turn every address
    that changed into a permanent redirect to its page. A constant number of queries,
    however many pages move with it."""
    pages = list(Page.objects.live().descendant_of(page, inclusive=True))
    if not pages:
        return
    site = page.get_site()
    now = current_paths(pages)
    known = {
        (record.page_id, record.language): record
        for record in PublicURL.objects.filter(page__in=[p.pk for p in pages])
    }
    new_records, changed_records, redirects = [], [], {}
    for (page_id, language), path in now.items():
        record = known.get((page_id, language))
        if record is None:
            new_records.append(PublicURL(page_id=page_id, language=language, path=path))
        elif record.path != path:
            redirects[Redirect.normalise_path(record.path)] = page_id
            record.path = path
            changed_records.append(record)
    current = {Redirect.normalise_path(path) for path in now.values()}
    # Replace what was there for the old addresses, and never redirect a page away from
    # an address it has (again).
    Redirect.objects.filter(site=site, old_path__in=set(redirects) | current).delete()
    Redirect.objects.bulk_create(
        Redirect(
            old_path=old_path,
            site=site,
            redirect_page_id=page_id,
            is_permanent=True,
            automatically_created=True,
        )
        for old_path, page_id in redirects.items()
        if old_path not in current
    )
    PublicURL.objects.bulk_create(new_records)
    PublicURL.objects.bulk_update(changed_records, ["path"])
