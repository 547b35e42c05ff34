"""One full-text index per product category on PostgreSQL, for a search by word and category
over the whole country (see ``ovop.catalogue.search``).

A search page counts its matches up to 241 (``paging.COUNT_CAP``). For a word that one listing
in a hundred holds, the count built from the one index of every listing's words had to take
all of the word's listings (12,665 on the national bench, 2.8 ms) and visit their rows one by
one to keep those of the category and price asked for (531 table pages, 5 ms at the median).
From the index of the category's listings alone the word's entries are those of the category
already (5,714), and the rows visited are almost only matches (244 pages): 2.3 ms. A search
without a category keeps using the index of every listing (``0005_search_vector``).

The categories are those of ``enterprises.Category`` when this migration was written; a test
(tests/catalogue/test_search_scale.py) fails when a category is added without its index.
Together the eight indexes are about as large as the one for every listing (~100 MB on a
million listings); each write of a listing updates its category's index beside that one.
SQLite's search goes through its FTS5 table and needs none of this.
"""

from django.db import migrations

CATEGORIES = (
    "food_beverage",
    "woven_cloth",
    "batik",
    "plaited_craft",
    "pottery",
    "wood_craft",
    "herbal",
    "other",
)


def index_name(category: str) -> str:
    return f"catalogue_listing_words_{category}"


# The statements at the time of this migration, copied so that a later change elsewhere
# cannot change what this migration did.
POSTGRESQL_SETUP = [
    f"CREATE INDEX IF NOT EXISTS {index_name(c)} ON catalogue_listing USING gin (search_vector) "
    f"WHERE public AND category = '{c}'"
    for c in CATEGORIES
]
POSTGRESQL_TEARDOWN = [f"DROP INDEX IF EXISTS {index_name(c)}" for c in CATEGORIES]


def _run(schema_editor, statements):
    if schema_editor.connection.vendor == "postgresql":
        for statement in statements:
            schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_SETUP)


def backwards(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_TEARDOWN)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0011_proposal_photo_place")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
