"""The two roles' groups get names that read right to Portuguese and English staff alike:
the admin shows a group's name as it is stored, whatever a person's admin language
(action_portugal.base.permissions holds the names the code looks them up by). A group
staff have renamed keeps their name, and so does one whose new name is already taken. The
review workflow and its task have had names in both languages since 0004."""

from django.db import migrations

# Written out, not imported: a migration keeps the names it was written with.
RENAMES = [("Editors", "Editores · Editors"), ("Translators", "Tradutores · Translators")]


def rename(apps, renames):
    Group = apps.get_model("auth", "Group")
    for old, new in renames:
        if not Group.objects.filter(name=new).exists():
            Group.objects.filter(name=old).update(name=new)


def bilingual_names(apps, schema_editor):
    rename(apps, RENAMES)


def english_names(apps, schema_editor):
    rename(apps, [(new, old) for old, new in RENAMES])


class Migration(migrations.Migration):
    dependencies = [("action_portugal", "0010_translation_in_line")]

    operations = [migrations.RunPython(bilingual_names, english_names)]
