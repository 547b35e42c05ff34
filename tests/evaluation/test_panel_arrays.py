"""The arrays read of one indicator over every programme (``panel_arrays``) holds the same
observations as the ORM's read of the programme (``panel.indicator_panel``): the same values,
years, sides and joining years, with unfinished and doubted entries left out alike."""

from __future__ import annotations

import pytest

from ovop.evaluation.panel import indicator_panel
from ovop.evaluation.panel_arrays import indicator_arrays
from ovop.monitoring.choices import FlagKind
from ovop.monitoring.models import Flag, Indicator, Respondent
from ovop.programme.models import Programme

pytestmark = pytest.mark.django_db


def _rows(found: dict) -> list[tuple[int, int, float, int, int, int]]:
    return sorted(
        zip(
            found["enterprise"].tolist(),
            found["year"].tolist(),
            found["value"].tolist(),
            found["joined"].tolist(),
            found["participant"].tolist(),
            found["programme"].tolist(),
            strict=True,
        )
    )


def _expected(
    world: Programme, indicator: Indicator
) -> list[tuple[int, int, float, int, int, int]]:
    panel = indicator_panel(programme=world, indicator=indicator)
    return sorted(
        (
            o.enterprise,
            o.year,
            o.value,
            panel.joined.get(o.village, 0),
            int(o.arm == "participant"),
            world.pk,
        )
        for o in panel.rows
    )


def test_the_arrays_hold_the_panels_observations(world: Programme) -> None:
    omzet = Indicator.objects.get(code="omzet")
    found = _rows(indicator_arrays(omzet.pk))
    assert found == _expected(world, omzet)
    assert len(found) == 20 and {row[1] for row in found} == {2022, 2025}
    assert {row[3] for row in found if row[4] == 1} == {2020}  # the participants' village


def test_a_doubted_entry_is_left_out_as_the_panel_leaves_it(world: Programme) -> None:
    omzet = Indicator.objects.get(code="omzet")
    doubted = Respondent.objects.filter(round__programme=world).order_by("pk").first()
    assert doubted is not None
    Flag.objects.create(respondent=doubted, indicator=omzet, kind=FlagKind.JUMP, detail="")
    found = _rows(indicator_arrays(omzet.pk))
    assert found == _expected(world, omzet) and len(found) == 19


def test_an_indicator_without_values_gives_empty_arrays(world: Programme) -> None:
    unused = Indicator.objects.exclude(values__isnull=False).first()
    assert unused is not None
    found = indicator_arrays(unused.pk)
    assert set(found) == {"enterprise", "year", "value", "joined", "participant", "programme"}
    assert all(column.size == 0 for column in found.values())


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_same_observations(world: Programme) -> None:
    """Outside a transaction PostgreSQL reads the values and the entries on two connections
    at once (``_reads``); the observations are the same as the panel's."""
    from django.db import connection

    assert not connection.in_atomic_block
    omzet = Indicator.objects.get(code="omzet")
    found = _rows(indicator_arrays(omzet.pk))
    assert found == _expected(world, omzet) and len(found) == 20


#: A key far past the others: the lookup searches instead of filling a table up to it.
FAR = 1 << 40


@pytest.mark.parametrize(
    "table_keys",
    [[3, 5, 9, 12], [9, 3, 12, 5], [3, 5, 9, 12, FAR], [FAR, 9, 3, 12, 5]],
    ids=["ids in order", "ids out of order", "sparse keys in order", "sparse keys out of order"],
)
def test_lookup_finds_each_key_whether_or_not_the_table_is_sorted(table_keys: list[int]) -> None:
    import numpy as np

    from ovop.evaluation import panel_arrays
    from ovop.evaluation.panel_arrays import _found

    keys = np.array(table_keys, dtype=np.int64)
    values = keys % 1000 * 10
    asked = np.array([12, 4, 3, 9, 13, 0, 5, FAR - 1, FAR + 1], dtype=np.int64)
    expected = [120, 0, 30, 90, 0, 0, 50, 0, 0]
    if FAR in table_keys:
        asked = np.append(asked, FAR)
        expected.append(FAR % 1000 * 10)
        # the table up to FAR would not fit in memory: the found values prove it was searched
        assert FAR > panel_arrays.DENSE_RATIO * keys.size + panel_arrays.DENSE_SLACK
    assert _found(asked, keys, values).tolist() == expected
    assert _found(asked, keys[:0], values[:0]).tolist() == [0] * asked.size


def test_the_villages_are_read_from_an_index_alone() -> None:
    """Every IKM's village, read whole for an estimate over the country, can come from the
    index ``enterprises_village_read`` without the table's rows (PostgreSQL chooses it on the
    national bench: an index-only scan of ~30 MB instead of the ~300 MB table)."""
    import importlib

    from django.db import connection

    from ovop.evaluation.panel_arrays import PLACES

    migration = importlib.import_module("ovop.enterprises.migrations.0010_village_read")
    (statement,) = migration.POSTGRESQL_SETUP
    assert statement.endswith("ON enterprises_enterprise (id) INCLUDE (village_id)")
    assert "array_agg(id::int8)" in PLACES and "array_agg(village_id::int8)" in PLACES
    if connection.vendor == "postgresql":  # the index as the database holds it
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'enterprises_village_read'"
            )
            (definition,) = cursor.fetchone()
        assert definition.endswith("USING btree (id) INCLUDE (village_id)")


@pytest.mark.parametrize(
    ("low", "high", "count"), [(1, 20, 8), (0, 0, 3), (5, 7, 8), (1, 3_000_000, 8)]
)
def test_parts_cover_the_range_once(low: int, high: int, count: int) -> None:
    """The values and the entries are read in parts at the same time: together the parts hold
    every key of the range once, in order, and there are at most ``count`` of them."""
    from ovop.evaluation.panel_arrays import _parts

    parts = _parts(low, high, count)
    assert 1 <= len(parts) <= count
    assert parts[0][0] == low and parts[-1][1] == high + 1
    assert all(end == start for (_, end), (start, _) in zip(parts, parts[1:], strict=False))
    assert all(start < end for start, end in parts)
