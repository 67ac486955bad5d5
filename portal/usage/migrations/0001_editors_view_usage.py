"""Editors and Moderators may see the usage report (portal.usage.report): the counts they file
in the provincial centres' monthly reports."""

from django.db import migrations

GROUPS = ("Editors", "Moderators")


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    # Permissions are made after migrations on a fresh database: make this one now.
    kind, _ = ContentType.objects.get_or_create(app_label="library", model="documentusage")
    permission, _ = Permission.objects.get_or_create(
        content_type=kind,
        codename="view_documentusage",
        defaults={"name": "Can view lượt dùng tài liệu"},
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*Permission.objects.filter(codename="view_documentusage"))


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0007_document_usage"),
        ("wagtailcore", "0002_initial_data"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
