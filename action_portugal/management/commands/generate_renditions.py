from django.core.management.base import BaseCommand
from wagtail.models import Page

from action_portugal.base.pages import SitePageMixin
from action_portugal.base.pictures import generate, images_of
from action_portugal.models import Partner


class Command(BaseCommand):
    help = "Make every rendition the templates use, for every picture on a live page."

    def handle(self, *args, **options):
        count = 0
        for page in Page.objects.live().specific():
            if not isinstance(page, SitePageMixin):
                continue  # Wagtail's root
            for image, kind in images_of(page):
                count += generate(image, kind)
        for partner in Partner.objects.exclude(logo=None).select_related("logo"):
            count += generate(partner.logo, "partner")
        self.stdout.write(f"{count} renditions checked or made.")
