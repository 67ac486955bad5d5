"""The shared cache's table (settings.CACHES), made by the migrate step every install, upgrade,
test database and benchmark already runs, rather than by a second command each of them must
remember (`createcachetable` does the same and may be run again: it skips a table that exists)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies: list[tuple[str, str]] = []
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
