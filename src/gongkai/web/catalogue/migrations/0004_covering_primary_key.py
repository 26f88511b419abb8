"""On PostgreSQL, the postings' primary key carries the weight (INCLUDE), so probing a term for an item is an
index-only scan instead of an index scan plus a heap fetch. SQLite's WITHOUT ROWID table (0002) already is."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def cover_weight(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'catalogue_posting'::regclass AND contype = 'p'"
        )
        name, definition = cursor.fetchone()
        if "INCLUDE" in definition:
            return
        cursor.execute(
            f'ALTER TABLE catalogue_posting DROP CONSTRAINT "{name}", '
            f'ADD CONSTRAINT "{name}" PRIMARY KEY (term_id, item_id) INCLUDE (weight)'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0003_agency_index"),
    ]

    operations = [
        migrations.RunPython(cover_weight, migrations.RunPython.noop, elidable=False),
    ]
