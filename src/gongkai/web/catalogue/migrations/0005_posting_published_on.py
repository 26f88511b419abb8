"""The postings carry their item's publication date, and the impact indexes read a term's postings of one weight
newest first — (term, weight, published_on, item) and (agency, term, weight, published_on, item) — so that ties in
the ranking go to the later publication without reading every tied posting.

The column is filled from the items. On SQLite the table is re-created WITHOUT ROWID in primary-key order, as
0002 made it (Django's own AddField would rebuild it as a plain table); on PostgreSQL the column is added in place
and the covering primary key of 0004 is kept. The index terms themselves changed with this release (characters and
character pairs of titles, 索引号): run `manage rebuild_catalogue_index` once after migrating.
"""

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

_SQLITE = (
    'CREATE TABLE "catalogue_posting__dated" ('
    '"term_id" bigint NOT NULL, "item_id" bigint NOT NULL, "agency_id" bigint NOT NULL, '
    '"weight" smallint unsigned NOT NULL CHECK ("weight" >= 0), "published_on" date NOT NULL, '
    'PRIMARY KEY ("term_id", "item_id")) WITHOUT ROWID',
    'INSERT INTO "catalogue_posting__dated" (term_id, item_id, agency_id, weight, published_on) '
    "SELECT p.term_id, p.item_id, p.agency_id, p.weight, COALESCE(i.published_on, i.formed_on) "
    'FROM "catalogue_posting" p JOIN "disclosure_registeritem" i ON i.id = p.item_id ORDER BY p.term_id, p.item_id',
    'DROP TABLE "catalogue_posting"',
    'ALTER TABLE "catalogue_posting__dated" RENAME TO "catalogue_posting"',
)
_POSTGRESQL = (
    'ALTER TABLE "catalogue_posting" ADD COLUMN "published_on" date NULL',
    'UPDATE "catalogue_posting" p SET "published_on" = COALESCE(i.published_on, i.formed_on) '
    'FROM "disclosure_registeritem" i WHERE i.id = p.item_id',
    'DELETE FROM "catalogue_posting" WHERE "published_on" IS NULL',  # postings of items that no longer exist
    'ALTER TABLE "catalogue_posting" ALTER COLUMN "published_on" SET NOT NULL',
    'DROP INDEX IF EXISTS "posting_impact"',
    'DROP INDEX IF EXISTS "posting_agency"',
)
_INDEXES = (
    'CREATE INDEX "posting_impact" ON "catalogue_posting" ("term_id", "weight", "published_on", "item_id")',
    'CREATE INDEX "posting_agency" ON "catalogue_posting" '
    '("agency_id", "term_id", "weight", "published_on", "item_id")',
)


_SQLITE_BACK = (
    'CREATE TABLE "catalogue_posting__undated" ('
    '"term_id" bigint NOT NULL, "item_id" bigint NOT NULL, "agency_id" bigint NOT NULL, '
    '"weight" smallint unsigned NOT NULL CHECK ("weight" >= 0), '
    'PRIMARY KEY ("term_id", "item_id")) WITHOUT ROWID',
    'INSERT INTO "catalogue_posting__undated" (term_id, item_id, agency_id, weight) '
    'SELECT term_id, item_id, agency_id, weight FROM "catalogue_posting" ORDER BY term_id, item_id',
    'DROP TABLE "catalogue_posting"',
    'ALTER TABLE "catalogue_posting__undated" RENAME TO "catalogue_posting"',
)
_POSTGRESQL_BACK = ('ALTER TABLE "catalogue_posting" DROP COLUMN "published_on"',)  # its indexes go with it
_INDEXES_BACK = (
    'CREATE INDEX "posting_impact" ON "catalogue_posting" ("term_id", "weight", "item_id")',
    'CREATE INDEX "posting_agency" ON "catalogue_posting" ("agency_id", "term_id", "weight", "item_id")',
)


def date_postings(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    statements = _SQLITE if schema_editor.connection.vendor == "sqlite" else _POSTGRESQL
    for statement in (*statements, *_INDEXES):
        schema_editor.execute(statement)


def undate_postings(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    statements = _SQLITE_BACK if schema_editor.connection.vendor == "sqlite" else _POSTGRESQL_BACK
    for statement in (*statements, *_INDEXES_BACK):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0004_covering_primary_key"),
        ("disclosure", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(date_postings, undate_postings, elidable=False)],
            state_operations=[
                migrations.RemoveIndex(model_name="posting", name="posting_impact"),
                migrations.RemoveIndex(model_name="posting", name="posting_agency"),
                migrations.AddField(model_name="posting", name="published_on", field=models.DateField()),
                migrations.AddIndex(
                    model_name="posting",
                    index=models.Index(
                        fields=["term", "weight", "published_on", "item"], name="posting_impact"
                    ),
                ),
                migrations.AddIndex(
                    model_name="posting",
                    index=models.Index(
                        fields=["agency_id", "term", "weight", "published_on", "item"], name="posting_agency"
                    ),
                ),
            ],
        ),
    ]
