"""The rows the migrations ship, made again after a flush (see ``shipped_rows_install``)."""

from __future__ import annotations

import importlib

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Model

from ovop.empowerment.models_cycle import Theme
from ovop.monitoring.defaults import indicators_install
from ovop.monitoring.models import Indicator
from tests import demo_snapshot

#: The shipped tables' rows as the migrations wrote them, read once per process from the
#: migrated database (table → columns and rows).
_AS_MIGRATED: dict[type[Model], tuple[tuple[str, ...], demo_snapshot.Rows]] = {}
SHIPPED: tuple[type[Model], ...] = (Indicator, Theme)


def shipped_rows_install() -> None:
    """The rows the migrations ship — the indicator catalogue (``monitoring`` 0002) and the
    experience themes (``empowerment`` 0003) — made again when a transactional test (a browser
    test, a test of reads on several connections) flushed the database before this one: xdist
    gives a process its modules in an order that changes with their running times.

    They come back exactly as the migrations wrote them (same ids, same times), read from the
    migrated database the first time this runs in the process: the demo's copy
    (``demo_snapshot``) is then used after a flush too, instead of a real load of the demo."""
    empty = [model for model in SHIPPED if not model._default_manager.exists()]
    for model in SHIPPED:
        if model not in empty and model not in _AS_MIGRATED:
            columns = demo_snapshot._columns(model)
            _AS_MIGRATED[model] = (columns, demo_snapshot._read(model._meta.db_table, columns))
    copied = [model for model in empty if model in _AS_MIGRATED]
    for model in copied:
        columns, rows = _AS_MIGRATED[model]
        demo_snapshot._write(demo_snapshot.Change(model._meta.db_table, columns, rows, []))
    if copied:
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), copied):
                cursor.execute(statement)
    if not Indicator.objects.filter(is_default=True).exists():
        indicators_install(Indicator)
    if not Theme.objects.exists():
        # as the migration writes them: no history rows (bulk_create sends no signal)
        themes = importlib.import_module("ovop.empowerment.migrations.0003_themes").THEMES
        Theme.objects.bulk_create(
            Theme(code=code, name_id=name_id, name_en=name_en) for code, name_id, name_en in themes
        )
