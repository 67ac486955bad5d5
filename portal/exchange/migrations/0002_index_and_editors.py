"""/cong-nghe/ under the home page, so the exchange's pages sit in the tree the moderation
workflow covers; and the Editors and Moderators may read, mark and delete enquiries."""

from django.db import migrations
from django.utils import timezone

GROUPS = ("Editors", "Moderators")
RIGHTS = ("view", "change", "delete")
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's, four characters a level
TITLE, SLUG = "Sàn giao dịch công nghệ", "cong-nghe"


def next_child_path(Page, parent) -> str:
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = int(last[-4:], 36) + 1 if last else 1
    step = ""
    for _ in range(4):
        number, digit = divmod(number, 36)
        step = ALPHABET[digit] + step
    return parent.path + step


def create_index(apps, schema_editor):
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("home.HomePage")
    Index = apps.get_model("exchange.TechnologyIndexPage")
    ContentType = apps.get_model("contenttypes.ContentType")
    home = HomePage.objects.order_by("path").first()
    if home is None or Index.objects.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(
        app_label="exchange", model="technologyindexpage"
    )
    now = timezone.now()
    Index.objects.create(
        title=TITLE,
        draft_title=TITLE,
        slug=SLUG,
        content_type=content_type,
        path=next_child_path(Page, home),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{SLUG}/",
        locale_id=home.locale_id,
        live=True,
        first_published_at=now,
        last_published_at=now,
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)


def remove_index(apps, schema_editor):
    Page = apps.get_model("wagtailcore.Page")
    for index in apps.get_model("exchange.TechnologyIndexPage").objects.all():
        parent = Page.objects.get(path=index.path[:-4])
        Page.objects.filter(path__startswith=index.path).delete()
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild - 1)


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    # Permissions are made after migrations on a fresh database: make these now.
    kind, _ = ContentType.objects.get_or_create(app_label="exchange", model="enquiry")
    permissions = [
        Permission.objects.get_or_create(
            content_type=kind,
            codename=f"{right}_enquiry",
            defaults={"name": f"Can {right} yêu cầu kết nối"},
        )[0]
        for right in RIGHTS
    ]
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{right}_enquiry" for right in RIGHTS]
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*Permission.objects.filter(codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0001_initial"),
        ("home", "0004_editors_translate"),
        ("wagtailcore", "0002_initial_data"),
    ]
    operations = [
        migrations.RunPython(create_index, remove_index),
        migrations.RunPython(grant, revoke),
    ]
