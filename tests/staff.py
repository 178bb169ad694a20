"""People for the staff tests: one per role."""

from django.contrib.auth.models import Group, User
from wagtail.users.models import UserProfile


def prefer(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def member_of(group_name, username=None, language="en"):
    user = User.objects.create_user(
        username or group_name.lower(), f"{group_name.lower()}@example.org", "a-long-passphrase"
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    prefer(user, language)
    return user


def superuser(language="en"):
    user = User.objects.create_superuser("admin", "admin@example.org", "a-long-passphrase")
    prefer(user, language)
    return user
