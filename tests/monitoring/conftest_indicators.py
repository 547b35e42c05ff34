"""Records of the indicator and target tests: indicators, rounds, respondents and values in
"Kabupaten Uji" (regency 99.01): kecamatan 99.01.01 holds villages A ("Desa Alfa") and C ("Desa
Gamma"), kecamatan 99.01.02 village B ("Desa Beta").

Import the fixtures into a test module (``from tests.monitoring.conftest_indicators import
…``) as tests/planning does with its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest

from ovop.enterprises.models import Enterprise
from ovop.monitoring import tallies
from ovop.monitoring.choices import Arm, Domain, EntryStatus, Origin, RoundKind, Unit, ValueType
from ovop.monitoring.models import Indicator, Respondent, Round, RoundIndicator, Value
from ovop.programme.models import Programme
from ovop.regions.models import Region
from tests.factories import EnterpriseFactory, village


def enterprise_make(**fields: Any) -> Enterprise:
    """An enterprise from ``EnterpriseFactory`` (typed for the tests' checks)."""
    factory: Any = EnterpriseFactory
    made: Enterprise = factory(**fields)
    return made


def indicator_make(code: str, **fields: Any) -> Indicator:
    values: dict[str, Any] = {
        "name_id": f"Uji {code}",
        "name_en": f"Test {code}",
        "domain": Domain.ECONOMIC,
        "unit": Unit.COUNT,
        "value_type": ValueType.DECIMAL,
        **fields,
    }
    return Indicator.objects.create(code=code, **values)


def round_make(
    programme: Programme,
    name: str,
    *,
    year: int,
    end: dt.date,
    indicators: list[Indicator],
) -> Round:
    round_ = Round.objects.create(
        programme=programme,
        name=name,
        kind=RoundKind.FOLLOW_UP,
        year=year,
        period_start=end - dt.timedelta(days=30),
        period_end=end,
    )
    for order, indicator in enumerate(indicators):
        RoundIndicator.objects.create(round=round_, indicator=indicator, order=order)
    return round_


def answer(
    round_: Round,
    enterprise: Enterprise,
    numbers: Mapping[Indicator, Decimal | int | None],
    *,
    arm: str = Arm.PARTICIPANT,
    status: str = EntryStatus.APPROVED,
    choice: str = "",
) -> Respondent:
    """``enterprise`` answering ``round_``: one total value per indicator."""
    respondent = Respondent.objects.create(
        round=round_, enterprise=enterprise, arm=arm, status=status
    )
    for indicator, number in numbers.items():
        Value.objects.create(
            respondent=respondent,
            indicator=indicator,
            number=None if number is None else Decimal(number),
            choice=choice,
            origin=Origin.WEB,
        )
    tallies.refresh(round_.pk)  # written past the services, as a test's stored data
    return respondent


@pytest.fixture
def village_c(village_a: Region) -> Region:
    return village("99.01.01.2002", "Desa Gamma")


@pytest.fixture
def enterprises(
    regency: Region, village_a: Region, village_b: Region, village_c: Region
) -> dict[str, Enterprise]:
    """Five enterprises in village A (a1…a5), two in C, two in B."""
    where = {"a": village_a, "b": village_b, "c": village_c}
    counts = {"a": 5, "b": 2, "c": 2}
    return {
        f"{key}{n}": enterprise_make(name=f"IKM {key.upper()}{n}", village=where[key])
        for key, count in counts.items()
        for n in range(1, count + 1)
    }


@pytest.fixture
def produksi(db: None) -> Indicator:
    """Higher is better, aggregated by the mean."""
    return indicator_make("produksi_uji", aggregation="mean", min_value=Decimal(0))
