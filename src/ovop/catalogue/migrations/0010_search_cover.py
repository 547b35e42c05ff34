"""A covering index for the catalogue's search by category on PostgreSQL (see
``ovop.catalogue.search`` and ``paging.Keyed``).

A search by word and category over the whole country pages through the category's public
listings in name order until it has found a page of matches: for a word that one listing in a
hundred holds, some 2,500 listings for the first page. Read through
``listing_public_category`` each of them is a visit to its row, scattered over the table (18
ms on the national bench). This index holds, beside the category and the order, the two
columns such a search checks — the price and the search vector — so the search's first step
(the page's keys) is answered from the index alone (an index-only scan); only the page's 24
rows are then read. It costs about 640 MB on a million listings, and is PostgreSQL's only:
SQLite's search goes through its FTS5 table.
"""

from django.db import migrations

NAME = "catalogue_listing_category_cover"
# The statements at the time of this migration, copied so that a later change elsewhere
# cannot change what this migration did.
POSTGRESQL_SETUP = [
    f"CREATE INDEX IF NOT EXISTS {NAME} ON catalogue_listing "
    "(category, public_name, id) INCLUDE (price_idr, search_vector) WHERE public",
]
POSTGRESQL_TEARDOWN = [f"DROP INDEX IF EXISTS {NAME}"]


def _run(schema_editor, statements):
    if schema_editor.connection.vendor == "postgresql":
        for statement in statements:
            schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_SETUP)


def backwards(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_TEARDOWN)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0009_proposal_photo_changes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
