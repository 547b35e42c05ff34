"""The size class rule of Permenperin 64/2016, as a function and as a database expression."""

from __future__ import annotations

import pytest

from ovop.enterprises.models import Enterprise, SizeClass
from ovop.enterprises.sizing import size_class, size_class_expression
from ovop.regions.models import Region
from tests.factories import EnterpriseFactory

BILLION = 1_000_000_000
CASES = [
    # (workers, investment, expected)
    (0, 0, SizeClass.SMALL),
    (19, 999_999_999, SizeClass.SMALL),
    (19, BILLION, SizeClass.MEDIUM),
    (19, 15 * BILLION, SizeClass.MEDIUM),
    (19, 15 * BILLION + 1, SizeClass.MEDIUM),
    (20, 999_999_999, SizeClass.MEDIUM),
    (20, BILLION, SizeClass.MEDIUM),
    (20, 15 * BILLION, SizeClass.MEDIUM),
    (20, 15 * BILLION + 1, SizeClass.LARGE),
    (500, 40 * BILLION, SizeClass.LARGE),
]


@pytest.mark.parametrize(("workers", "investment", "expected"), CASES)
def test_size_class_function(workers: int, investment: int, expected: SizeClass) -> None:
    assert size_class(workers=workers, investment_idr=investment) == expected


def test_database_expression_agrees_with_function(village_a: Region) -> None:
    made = {}
    for workers, investment, _expected in CASES:
        # Split the workforce unevenly between the two columns the expression adds up.
        enterprise = EnterpriseFactory(
            village=village_a,
            workers_male=workers // 3,
            workers_female=workers - workers // 3,
            investment_idr=investment,
        )
        made[enterprise.pk] = (workers, investment)
    rows = Enterprise.objects.annotate(size=size_class_expression()).values_list("pk", "size")
    assert len(rows) == len(CASES)
    for pk, size in rows:
        workers, investment = made[pk]
        assert size == size_class(workers=workers, investment_idr=investment)
    assert sorted(size for _pk, size in rows) == sorted(expected.value for *_x, expected in CASES)
