"""The search index of the catalogue on PostgreSQL read from a stored column (see
``ovop.catalogue.search``): ``catalogue_listing.search_vector``, a stored generated column
``to_tsvector('indonesian', search_document)`` with a GIN index, in place of the GIN index on
that expression. A row that matches is then checked against the query without computing its
vector again. SQLite keeps its FTS5 table (nothing to do here).
"""

from django.db import migrations

# The statements at the time of this migration, copied so that a later change elsewhere
# cannot change what this migration did.
POSTGRESQL_SETUP = [
    "ALTER TABLE catalogue_listing ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('indonesian'::regconfig, search_document)) STORED",
    "CREATE INDEX IF NOT EXISTS catalogue_listing_search_vector_gin ON catalogue_listing "
    "USING gin (search_vector)",
    "DROP INDEX IF EXISTS catalogue_listing_search_gin",
]
POSTGRESQL_TEARDOWN = [
    "CREATE INDEX IF NOT EXISTS catalogue_listing_search_gin ON catalogue_listing "
    "USING gin (to_tsvector('indonesian', search_document))",
    "DROP INDEX IF EXISTS catalogue_listing_search_vector_gin",
    "ALTER TABLE catalogue_listing DROP COLUMN IF EXISTS search_vector",
]


def _run(schema_editor, statements):
    if schema_editor.connection.vendor == "postgresql":
        for statement in statements:
            schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_SETUP)


def backwards(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_TEARDOWN)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_search")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
