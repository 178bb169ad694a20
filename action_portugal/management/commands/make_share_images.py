from django.core.management.base import BaseCommand

from action_portugal.seo.share_cards import make_missing, sweep


class Command(BaseCommand):
    help = (
        "Ask for the share images live pages lack (drawn by the worker, or at once without "
        "one) and delete those of pages no longer public. scripts/worker runs it as the "
        "worker starts."
    )

    def handle(self, *args, **options):
        removed = sweep()
        queued = make_missing()
        self.stdout.write(f"{queued} page(s) asked for share images; {removed} image(s) removed.")
