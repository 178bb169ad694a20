"""Messages sent through the contact page are read by the Editors (and administrators),
as the privacy notice says: Wagtail would otherwise show them to whoever may edit the
page, Translators included."""

from django.contrib.auth.models import Group
from django.db.models import Exists
from wagtail import hooks

from action_portugal.base.permissions import EDITORS


@hooks.register("filter_form_submissions_for_user")
def editors_read_messages(user, editable_forms):
    if user.is_superuser:
        return editable_forms
    # In the same query as the forms (the admin menu asks on every page).
    return editable_forms.filter(Exists(Group.objects.filter(name=EDITORS, user=user.pk)))
