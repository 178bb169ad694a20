from django.core.management.base import BaseCommand
from wagtail.models import Page

from action_portugal.models import SearchEntry
from action_portugal.search.entries import index_page


class Command(BaseCommand):
    help = "Rebuild the site search's entries from the live pages, in every language."

    def handle(self, *args, **options):
        pages = Page.objects.filter(depth__gt=1).specific()
        count = 0
        for page in pages:
            index_page(page)
            count += 1
        SearchEntry.objects.exclude(page__live=True).delete()
        self.stdout.write(f"Search entries brought up to date for {count} pages.")
