"""The impact index (term, weight, item), and on SQLite the postings stored in primary-key order.

On SQLite a table with a composite primary key keeps a hidden rowid and a separate key index, so every probe of
(term, item) costs two B-tree lookups; as a WITHOUT ROWID table the key *is* the table and a probe reads the weight
in the same lookup. PostgreSQL needs no such change. (Django rebuilds SQLite tables as plain tables if a later
migration alters this one: re-create it the same way there.)
"""

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

_WITHOUT_ROWID = (
    'CREATE TABLE "catalogue_posting__clustered" ('
    '"term_id" bigint NOT NULL, "item_id" bigint NOT NULL, "agency_id" bigint NOT NULL, '
    '"weight" smallint unsigned NOT NULL CHECK ("weight" >= 0), '
    'PRIMARY KEY ("term_id", "item_id")) WITHOUT ROWID'
)


def cluster_postings(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in (
        _WITHOUT_ROWID,
        'INSERT INTO "catalogue_posting__clustered" (term_id, item_id, agency_id, weight) '
        'SELECT term_id, item_id, agency_id, weight FROM "catalogue_posting" ORDER BY term_id, item_id',
        'DROP TABLE "catalogue_posting"',
        'ALTER TABLE "catalogue_posting__clustered" RENAME TO "catalogue_posting"',
    ):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(cluster_postings, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="posting",
            index=models.Index(fields=["term", "weight", "item"], name="posting_impact"),
        ),
    ]
