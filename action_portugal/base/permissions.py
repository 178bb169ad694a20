from wagtail.models import PagePermissionTester

# The groups of the two roles (migrations 0004 and 0010), by the names staff see: Wagtail
# shows a group's name as stored, so each reads right in both admin languages. Code and
# tests find a group by these, never by a name written out.
EDITORS = "Editores · Editors"
TRANSLATORS = "Tradutores · Translators"


class PublishersMovePermissionTester(PagePermissionTester):
    """Deleting or moving a page takes the right to publish. Wagtail lets whoever may edit
    a page delete or move it while it is a draft; Translators edit and submit, no more."""

    def can_delete(self, ignore_bulk=False):
        allowed = super().can_delete(ignore_bulk=ignore_bulk)
        return allowed and (self.user.is_superuser or "publish" in self.permissions)


class PublishersMoveMixin:
    def permissions_for_user(self, user):
        return PublishersMovePermissionTester(user, self)
