"""The rows the migrations ship, made again after a flush (see ``shipped_rows_install``)."""

from __future__ import annotations

import importlib

from ovop.empowerment.models_cycle import Theme
from ovop.monitoring.defaults import indicators_install
from ovop.monitoring.models import Indicator


def shipped_rows_install() -> None:
    """The rows the migrations ship — the indicator catalogue (``monitoring`` 0002) and the
    experience themes (``empowerment`` 0003) — made again when a transactional test (a browser
    test, a test of reads on several connections) flushed the database before this one: xdist
    gives a process its modules in an order that changes with their running times."""
    if not Indicator.objects.filter(is_default=True).exists():
        indicators_install(Indicator)
    if not Theme.objects.exists():
        # as the migration writes them: no history rows (bulk_create sends no signal)
        themes = importlib.import_module("ovop.empowerment.migrations.0003_themes").THEMES
        Theme.objects.bulk_create(
            Theme(code=code, name_id=name_id, name_en=name_en) for code, name_id, name_en in themes
        )
