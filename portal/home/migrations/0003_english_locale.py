"""The English locale beside the default Vietnamese one, so editors can translate pages."""

from django.db import migrations


def add_english(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.get_or_create(language_code="en")


def remove_english(apps, schema_editor):
    apps.get_model("wagtailcore", "Locale").objects.filter(language_code="en").delete()


class Migration(migrations.Migration):
    dependencies = [("home", "0002_create_homepage"), ("wagtailcore", "0094_alter_page_locale")]
    operations = [migrations.RunPython(add_english, remove_english)]
