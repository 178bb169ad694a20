"""People for the staff tests: one per role."""

from django.contrib.auth.models import Group, User
from django.utils.text import slugify
from wagtail.users.models import UserProfile


def prefer(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def member_of(group_name, username=None, language="en"):
    """A member of the group named ``group_name`` (action_portugal.base.permissions names
    the roles' groups), named ``username`` or after the group."""
    username = username or slugify(group_name or "staff")
    user = User.objects.create_user(username, f"{username}@example.org", "a-long-passphrase")
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    prefer(user, language)
    return user


def superuser(language="en"):
    user = User.objects.create_superuser("admin", "admin@example.org", "a-long-passphrase")
    prefer(user, language)
    return user
