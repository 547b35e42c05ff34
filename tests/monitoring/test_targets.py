# ruff: noqa: F811  (fixtures imported from conftest_indicators are parameters here)
"""The actual value of each target and its achievement: which values count (participants of
the region, the year's last round, entries submitted or approved, totals only), each
aggregation and both directions; and a fixed number of queries for any number of targets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pytest_django import DjangoAssertNumQueries

from ovop.enterprises.models import Enterprise
from ovop.monitoring.choices import Arm, Breakdown, Direction, EntryStatus, Origin, ValueType
from ovop.monitoring.models import Indicator, Target, Value
from ovop.monitoring.selectors_indicators import TargetRow, target_rows
from ovop.programme.models import Programme
from ovop.regions.models import Region
from tests.factories import village
from tests.monitoring.conftest_indicators import (  # noqa: F401 - fixtures
    answer,
    enterprise_make,
    enterprises,
    indicator_make,
    produksi,
    round_make,
    village_c,
)

pytestmark = pytest.mark.django_db

JAN, MAR, NOV = dt.date(2025, 1, 31), dt.date(2025, 3, 31), dt.date(2025, 11, 30)


def _target(indicator: Indicator, region: Region, value: int, year: int = 2025) -> Target:
    return Target.objects.create(
        indicator=indicator, region=region, year=year, target_value=Decimal(value)
    )


def _by_region(rows: list[TargetRow]) -> dict[str, tuple[float | None, int, float | None]]:
    return {
        f"{r.target.region.code}/{r.target.year}": (r.actual, r.respondents, r.achievement_pct)
        for r in rows
    }


@pytest.fixture
def follow_up_2025(
    programme: Programme, produksi: Indicator, enterprises: dict[str, Enterprise]
) -> None:
    """The early 2025 round says 50 everywhere; the last one of 2025 holds the values."""
    early = round_make(programme, "Awal 2025", year=2025, end=MAR, indicators=[produksi])
    for key in ("a1", "a2", "c1", "b1"):
        answer(early, enterprises[key], {produksi: 50})
    last = round_make(programme, "Akhir 2025", year=2025, end=NOV, indicators=[produksi])
    answer(last, enterprises["a1"], {produksi: 120})
    answer(last, enterprises["a2"], {produksi: 100}, status=EntryStatus.SUBMITTED)
    answer(last, enterprises["a3"], {produksi: 1000}, status=EntryStatus.DRAFT)
    answer(last, enterprises["a4"], {produksi: 900}, status=EntryStatus.RETURNED)
    answer(last, enterprises["a5"], {produksi: 5000}, arm=Arm.COMPARISON)
    answer(last, enterprises["c1"], {produksi: 80})
    answer(last, enterprises["c2"], {produksi: None})  # left blank: not an answer
    answer(last, enterprises["b1"], {produksi: 200})


def test_actual_counts_the_participants_of_the_region_in_the_years_last_round(
    follow_up_2025: None,
    produksi: Indicator,
    regency: Region,
    village_a: Region,
    village_b: Region,
) -> None:
    kecamatan = village_a.parent
    assert kecamatan is not None
    _target(produksi, village_a, 100)
    _target(produksi, kecamatan, 80)
    _target(produksi, regency, 100)
    _target(produksi, village_b, 250)
    rows = _by_region(target_rows(indicator=produksi))
    assert rows == {
        "99.01.01.2001/2025": (110.0, 2, 110.0),  # mean of 120 and 100
        "99.01.01/2025": (100.0, 3, 125.0),  # 120, 100 and village C's 80
        "99.01/2025": (125.0, 4, 125.0),  # and village B's 200
        "99.01.02.2001/2025": (200.0, 1, 80.0),
    }


def test_a_womens_part_is_not_the_total(
    follow_up_2025: None, produksi: Indicator, village_b: Region
) -> None:
    value = Value.objects.get(indicator=produksi, respondent__enterprise__name="IKM B1", number=200)
    Value.objects.create(
        respondent=value.respondent,
        indicator=produksi,
        breakdown=Breakdown.FEMALE,
        number=Decimal(7),
        origin=Origin.WEB,
    )
    _target(produksi, village_b, 100)
    (row,) = target_rows(indicator=produksi)
    assert (row.actual, row.respondents) == (200.0, 1)


def test_a_year_without_a_round_asking_the_indicator_has_no_actual(
    follow_up_2025: None, programme: Programme, produksi: Indicator, regency: Region
) -> None:
    other = indicator_make("lain_uji")
    round_make(programme, "2026", year=2026, end=dt.date(2026, 6, 30), indicators=[other])
    _target(produksi, regency, 100, year=2026)
    (row,) = target_rows(indicator=produksi)
    assert (row.round, row.actual, row.respondents, row.achievement_pct) == (None, None, 0, None)
    assert (row.actual_text, row.achievement_text) == ("—", "—")


def test_a_round_with_no_counted_value_has_no_actual(
    programme: Programme, produksi: Indicator, regency: Region, enterprises: dict[str, Enterprise]
) -> None:
    round_ = round_make(programme, "Kosong", year=2025, end=NOV, indicators=[produksi])
    answer(round_, enterprises["a1"], {produksi: 10}, status=EntryStatus.DRAFT)
    _target(produksi, regency, 100)
    (row,) = target_rows(indicator=produksi)
    assert (row.round, row.actual, row.achievement_pct) == (round_, None, None)


def test_lower_is_better_inverts_around_the_target(
    programme: Programme,
    village_a: Region,
    village_b: Region,
    enterprises: dict[str, Enterprise],
) -> None:
    cost = indicator_make("biaya_uji", direction=Direction.LOWER, aggregation="mean")
    round_ = round_make(programme, "Akhir", year=2025, end=NOV, indicators=[cost])
    answer(round_, enterprises["a1"], {cost: 6})
    answer(round_, enterprises["a2"], {cost: 10})
    answer(round_, enterprises["b1"], {cost: 12})
    _target(cost, village_a, 10)
    _target(cost, village_b, 10)
    rows = _by_region(target_rows(indicator=cost))
    assert rows == {
        "99.01.01.2001/2025": (8.0, 2, 120.0),
        "99.01.02.2001/2025": (12.0, 1, 80.0),
    }


def test_sum_median_and_share_of_yes(
    programme: Programme, regency: Region, enterprises: dict[str, Enterprise]
) -> None:
    workers = indicator_make("pekerja_uji", aggregation="sum", value_type=ValueType.INTEGER)
    price = indicator_make("harga_uji", aggregation="median")
    woman = indicator_make("perempuan_uji", aggregation="share", value_type=ValueType.BOOLEAN)
    round_ = round_make(programme, "Akhir", year=2025, end=NOV, indicators=[workers, price, woman])
    for key, n, p, yes in (("a1", 3, 10, 1), ("a2", 4, 20, 0), ("b1", 1, 90, 1), ("c1", 2, 30, 1)):
        answer(round_, enterprises[key], {workers: n, price: p, woman: yes})
    _target(workers, regency, 8)
    _target(price, regency, 20)
    _target(woman, regency, 60)
    assert _by_region(target_rows(indicator=workers)) == {"99.01/2025": (10.0, 4, 125.0)}
    assert _by_region(target_rows(indicator=price)) == {"99.01/2025": (25.0, 4, 125.0)}
    assert _by_region(target_rows(indicator=woman)) == {"99.01/2025": (75.0, 4, 125.0)}


def test_a_target_of_zero_has_no_achievement(
    follow_up_2025: None, produksi: Indicator, regency: Region
) -> None:
    _target(produksi, regency, 0)
    (row,) = target_rows(indicator=produksi)
    assert (row.actual, row.achievement_pct, row.achievement_text) == (125.0, None, "—")


def test_rows_come_newest_year_first_then_by_region(
    produksi: Indicator, regency: Region, village_a: Region, village_b: Region
) -> None:
    _target(produksi, village_b, 1, year=2025)
    _target(produksi, village_a, 1, year=2025)
    _target(produksi, regency, 1, year=2026)
    assert list(_by_region(target_rows(indicator=produksi))) == [
        "99.01/2026",
        "99.01.01.2001/2025",
        "99.01.02.2001/2025",
    ]


@pytest.mark.parametrize("villages", [2, 12])
def test_targets_are_read_in_three_queries(
    django_assert_num_queries: DjangoAssertNumQueries,
    programme: Programme,
    produksi: Indicator,
    regency: Region,
    villages: int,
) -> None:
    rounds = {
        year: round_make(
            programme, str(year), year=year, end=dt.date(year, 11, 30), indicators=[produksi]
        )
        for year in (2024, 2025)
    }
    for i in range(villages):
        place = village(f"99.01.03.{3001 + i}", f"Desa {i}")
        for year, round_ in rounds.items():
            answer(round_, enterprise_make(village=place), {produksi: 10 * (i + 1)})
            _target(produksi, place, 10 * (i + 1), year=year)
    _target(produksi, regency, 10, year=2025)
    with django_assert_num_queries(3):
        rows = target_rows(indicator=produksi)
    assert len(rows) == 2 * villages + 1
    assert all(row.achievement_pct == 100.0 for row in rows if row.target.region != regency)
    lonely = indicator_make("tanpa_target")
    with django_assert_num_queries(1):  # no target: one query
        assert target_rows(indicator=lonely) == []


def test_numbers_are_shown_in_the_active_language(
    follow_up_2025: None, produksi: Indicator, regency: Region
) -> None:
    from django.utils import translation

    Target.objects.create(
        indicator=produksi,
        region=regency,
        year=2025,
        baseline_value=Decimal("1500000.5000"),
        target_value=Decimal("112.0000"),
    )
    (row,) = target_rows(indicator=produksi)
    with translation.override("id"):
        texts = (row.baseline_text, row.target_text, row.actual_text, row.achievement_text)
        assert texts == ("1.500.000,5", "112", "125", "111,6 %")
    with translation.override("en"):
        texts = (row.baseline_text, row.target_text, row.actual_text, row.achievement_text)
        assert texts == ("1,500,000.5", "112", "125", "111.6 %")
