"""Every IKM's village from an index alone on PostgreSQL: ``(id) INCLUDE (village_id)``.

An estimate over the whole country (``ovop.evaluation.panel_arrays``) reads the village of each
of a million IKM; from this index that is ~30 MB instead of the table's ~300 MB (an index-only
scan, the ids in order). SQLite has no such index (no INCLUDE), nor the need: one regency's
estimate joins its few thousand IKM directly.
"""

from django.db import migrations

NAME = "enterprises_village_read"
# The statements at the time of this migration, copied so that a later change elsewhere
# cannot change what this migration did.
POSTGRESQL_SETUP = [
    f"CREATE INDEX IF NOT EXISTS {NAME} ON enterprises_enterprise (id) INCLUDE (village_id)"
]
POSTGRESQL_TEARDOWN = [f"DROP INDEX IF EXISTS {NAME}"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0009_product_category_indexes")]

    operations = [
        migrations.RunPython(
            _run(POSTGRESQL_SETUP), _run(POSTGRESQL_TEARDOWN), elidable=False
        )
    ]
