from wagtail.models import PagePermissionTester


class PublishersMovePermissionTester(PagePermissionTester):
    """Deleting or moving a page takes the right to publish. Wagtail lets whoever may edit
    a page delete or move it while it is a draft; Translators edit and submit, no more."""

    def can_delete(self, ignore_bulk=False):
        allowed = super().can_delete(ignore_bulk=ignore_bulk)
        return allowed and (self.user.is_superuser or "publish" in self.permissions)


class PublishersMoveMixin:
    def permissions_for_user(self, user):
        return PublishersMovePermissionTester(user, self)
