"""The tests' reinstall of the rows migrations ship (tests/shipped.py) gives back the very rows
the migrations wrote: the demo's copy (tests/demo_snapshot.py) is keyed by every row, so a
reinstall with new ids or times would make every later module load the demo for real."""

from __future__ import annotations

import pytest
from django.db import connection

from ovop.empowerment.models_cycle import Theme
from ovop.monitoring.models import Indicator
from tests import demo_snapshot
from tests.shipped import shipped_rows_install


@pytest.mark.django_db
def test_the_shipped_rows_come_back_as_migrated() -> None:
    before = demo_snapshot._state()
    assert Indicator.objects.count() >= 10 and Theme.objects.count() >= 5
    with connection.cursor() as cursor:  # as a flush empties them: no history rows
        for model in (Indicator, Theme):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608
    assert not Indicator.objects.exists()
    shipped_rows_install()
    assert demo_snapshot._key(demo_snapshot._state()) == demo_snapshot._key(before)
