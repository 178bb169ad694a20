from django.core.management.base import BaseCommand

from action_portugal.files.processing import read_abandoned


class Command(BaseCommand):
    help = (
        "Ask again for the documents a stopped worker was reading (still being read well "
        "past DOCUMENT_READ_SECONDS). scripts/worker runs it as the worker starts."
    )

    def handle(self, *args, **options):
        asked = read_abandoned()
        self.stdout.write(f"{asked} abandoned reading(s) asked again.")
