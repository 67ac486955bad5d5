"""The moderation workflow and its task, which Wagtail's migration names after the group
("Moderators approval", wagtailcore 0048), named in Vietnamese: editors read the name on the
button that submits a page ("Gửi duyệt: Ban kiểm duyệt") and in the page's status. A name an
editor has changed since is left as it is."""

from django.db import migrations

ENGLISH = "Moderators approval"
NAME = "Ban kiểm duyệt"


def renamed(old: str, new: str):
    def rename(apps, schema_editor):
        for model in ("Task", "Workflow"):
            apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)

    return rename


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_editors_translate"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]
    operations = [migrations.RunPython(renamed(ENGLISH, NAME), renamed(NAME, ENGLISH))]
