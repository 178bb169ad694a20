"""The two roles every installation has, and the review their work goes through.

Editors create, edit, publish, unpublish and move every content page, manage images,
documents and redirects, and edit the site settings. Translators edit page text and
submit it for moderation; they cannot publish, delete or move pages, nor manage users,
groups or settings. A workflow on the root page sends every submission to the Editors:
what is live changes only when one of them approves.

Wagtail's own migrations made an "Editors" group (add and edit, no publish) and a
"Moderators" group with a "Moderators approval" workflow; both are brought into this shape.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Names are data, shown as they are in both admin languages.
TASK_NAME = "Editores · Editors"
WORKFLOW_NAME = "Revisão pelos Editores · Review by the Editors"

EDITOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "change_image"),
    ("wagtailimages", "image", "delete_image"),
    ("wagtailimages", "image", "choose_image"),
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "change_document"),
    ("wagtaildocs", "document", "delete_document"),
    ("wagtaildocs", "document", "choose_document"),
    ("wagtailredirects", "redirect", "add_redirect"),
    ("wagtailredirects", "redirect", "change_redirect"),
    ("wagtailredirects", "redirect", "delete_redirect"),
    ("action_portugal", "sitesettings", "change_sitesettings"),
]
TRANSLATOR_MODEL_PERMISSIONS = [("wagtailadmin", "admin", "access_admin")]
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
TRANSLATOR_PAGE_PERMISSIONS = ["change_page"]
# Wagtail checks image permissions against wagtailimages.Image even for a custom model.
IMAGE_COLLECTION_PERMISSIONS = ["add_image", "change_image", "delete_image", "choose_image"]
DOCUMENT_COLLECTION_PERMISSIONS = ["add_document", "change_document", "delete_document", "choose_document"]


def make_permissions_exist(apps):
    # Permissions are normally created after all migrations; this one needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def set_up_roles(apps, schema_editor):
    make_permissions_exist(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Task = apps.get_model("wagtailcore", "Task")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    def permission(app_label, model, codename):
        return Permission.objects.get(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        )

    def page_permission(codename):
        return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)

    root = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)
    roles = {
        "Editors": (EDITOR_MODEL_PERMISSIONS, EDITOR_PAGE_PERMISSIONS, True),
        "Translators": (TRANSLATOR_MODEL_PERMISSIONS, TRANSLATOR_PAGE_PERMISSIONS, False),
    }
    groups = {}
    for name, (model_permissions, page_permissions, manages_media) in roles.items():
        group, _created = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.set([permission(*spec) for spec in model_permissions])
        GroupPagePermission.objects.filter(group=group).delete()
        for codename in page_permissions:
            GroupPagePermission.objects.create(
                group=group, page=root, permission=page_permission(codename)
            )
        GroupCollectionPermission.objects.filter(group=group).delete()
        if manages_media:
            for app_label, model, codenames in (
                ("wagtailimages", "image", IMAGE_COLLECTION_PERMISSIONS),
                ("wagtaildocs", "document", DOCUMENT_COLLECTION_PERMISSIONS),
            ):
                for codename in codenames:
                    GroupCollectionPermission.objects.create(
                        group=group,
                        collection=root_collection,
                        permission=permission(app_label, model, codename),
                    )
        else:
            # Translators see the pictures already chosen on a page, and may choose one.
            GroupCollectionPermission.objects.create(
                group=group,
                collection=root_collection,
                permission=permission("wagtailimages", "image", "choose_image"),
            )

    # One review, by the Editors, on the whole site.
    task_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name__in=["Moderators approval", TASK_NAME]).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type)
    task.name = TASK_NAME
    task.active = True
    task.save()
    task.groups.set([groups["Editors"]])
    workflow = Workflow.objects.filter(name__in=["Moderators approval", WORKFLOW_NAME]).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME)
    workflow.name = WORKFLOW_NAME
    workflow.active = True
    workflow.save()
    if not WorkflowTask.objects.filter(workflow=workflow, task_id=task.pk).exists():
        WorkflowTask.objects.create(workflow=workflow, task_id=task.pk, sort_order=0)
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})

    # Wagtail's "Moderators" group has no place in these roles once its review is the
    # Editors'; it goes if nobody was put in it.
    Group.objects.filter(name="Moderators", user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("action_portugal", "0003_settings_redirects_and_translation_records"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailimages", "0027_image_description"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(set_up_roles, migrations.RunPython.noop)]
