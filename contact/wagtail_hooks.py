"""Messages sent through the contact page are read by the Editors (and administrators),
as the privacy notice says: Wagtail would otherwise show them to whoever may edit the
page, Translators included."""

from wagtail import hooks

from action_portugal.base.permissions import EDITORS


@hooks.register("filter_form_submissions_for_user")
def editors_read_messages(user, editable_forms):
    if user.is_superuser or user.groups.filter(name=EDITORS).exists():
        return editable_forms
    return editable_forms.none()
