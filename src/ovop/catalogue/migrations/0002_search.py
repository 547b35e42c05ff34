"""The search index of the catalogue, built for the database in use (see
``ovop.catalogue.search``): a GIN index of the ``indonesian`` text-search configuration on
PostgreSQL, an FTS5 table kept by triggers on SQLite."""

from django.db import migrations

# The statements of ovop.catalogue.search at the time of this migration, copied so that a
# later change there cannot change what this migration did.
FTS_TABLE = "catalogue_listing_fts"
SQLITE_SETUP = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "body, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS catalogue_listing_fts_insert AFTER INSERT ON catalogue_listing "
    f"BEGIN INSERT INTO {FTS_TABLE}(rowid, body) VALUES (new.id, new.search_document); END",
    "CREATE TRIGGER IF NOT EXISTS catalogue_listing_fts_update AFTER UPDATE OF search_document "
    f"ON catalogue_listing BEGIN DELETE FROM {FTS_TABLE} WHERE rowid = old.id; "
    f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (new.id, new.search_document); END",
    "CREATE TRIGGER IF NOT EXISTS catalogue_listing_fts_delete AFTER DELETE ON catalogue_listing "
    f"BEGIN DELETE FROM {FTS_TABLE} WHERE rowid = old.id; END",
    f"INSERT INTO {FTS_TABLE}(rowid, body) SELECT id, search_document FROM catalogue_listing",
]
SQLITE_TEARDOWN = [
    "DROP TRIGGER IF EXISTS catalogue_listing_fts_insert",
    "DROP TRIGGER IF EXISTS catalogue_listing_fts_update",
    "DROP TRIGGER IF EXISTS catalogue_listing_fts_delete",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
POSTGRESQL_SETUP = [
    "CREATE INDEX IF NOT EXISTS catalogue_listing_search_gin ON catalogue_listing "
    "USING gin (to_tsvector('indonesian', search_document))",
]
POSTGRESQL_TEARDOWN = ["DROP INDEX IF EXISTS catalogue_listing_search_gin"]

STATEMENTS = {
    "postgresql": (POSTGRESQL_SETUP, POSTGRESQL_TEARDOWN),
    "sqlite": (SQLITE_SETUP, SQLITE_TEARDOWN),
}


def _run(schema_editor, index):
    setup = STATEMENTS.get(schema_editor.connection.vendor)
    if setup is None:
        return
    for statement in setup[index]:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(schema_editor, 0)


def backwards(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
