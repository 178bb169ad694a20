from django.conf import settings
from django.core.management.base import BaseCommand

from contact.retention import delete_old_messages


class Command(BaseCommand):
    help = "Delete the contact page's messages older than CONTACT_RETENTION_DAYS."

    def handle(self, *args, **options):
        deleted = delete_old_messages()
        self.stdout.write(
            f"{deleted} contact messages older than {settings.CONTACT_RETENTION_DAYS} days deleted."
        )
