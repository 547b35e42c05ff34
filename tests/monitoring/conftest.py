"""A programme with one survey round asking six indicators, two enterprises answering it:
Getas Alfa (village A, a participant, owned by ``owner``) and Rusip Beta (village B, the
comparison group)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.monitoring import tallies
from ovop.monitoring.choices import Arm, RoundKind
from ovop.monitoring.models import Indicator, Respondent, Round, RoundIndicator
from ovop.programme.models import Programme, ProgrammeVillage
from tests.conftest import db_checked

CODES = ("omzet", "laba", "tenaga_kerja", "pasar", "jual_daring", "kompetensi")


@pytest.fixture
def indicators(db: None) -> dict[str, Indicator]:
    return {i.code: i for i in Indicator.objects.filter(code__in=CODES)}


@pytest.fixture
def survey(
    programme: Programme, membership_a: ProgrammeVillage, indicators: dict[str, Indicator]
) -> Round:
    round_ = Round.objects.create(
        programme=programme,
        name="Baseline 2024",
        kind=RoundKind.BASELINE,
        year=2024,
        period_start=dt.date(2024, 2, 1),
        period_end=dt.date(2024, 3, 31),
    )
    for order, code in enumerate(CODES):
        RoundIndicator.objects.create(round=round_, indicator=indicators[code], order=order)
    return round_


@pytest.fixture
def answering_x(survey: Round, enterprise_x: Enterprise) -> Respondent:
    return Respondent.objects.create(round=survey, enterprise=enterprise_x, arm=Arm.PARTICIPANT)


@pytest.fixture
def answering_y(survey: Round, enterprise_y: Enterprise) -> Respondent:
    return Respondent.objects.create(round=survey, enterprise=enterprise_y, arm=Arm.COMPARISON)


#: A complete entry, typed the way an office types it.
FULL = {
    "omzet": "Rp 1.500.000",
    "laba": "-Rp 250.000",
    "tenaga_kerja__female": "3",
    "tenaga_kerja__male": "2",
    "tenaga_kerja__youth": "1",
    "pasar": "provinsi",
    "jual_daring": "Ya",
    "kompetensi": "72,5",
}


@pytest.fixture
def full() -> dict[str, str]:
    return dict(FULL)


def stored(respondent: Respondent) -> dict[str, object]:
    """The respondent's values as {name: number or option}."""
    out: dict[str, object] = {}
    for v in respondent.values.select_related("indicator"):
        name = f"{v.indicator.code}__{v.breakdown}" if v.breakdown else v.indicator.code
        out[name] = v.choice or v.number
    return out


__all__ = ["FULL", "User", "stored"]


@pytest.fixture(autouse=True)
def tallies_kept(request: pytest.FixtureRequest) -> Iterator[None]:
    """After every test that wrote through the services, the dashboard's running sums equal
    the values (``ovop.monitoring.tallies``): each write path of this directory is checked."""
    checked = db_checked(request, "values_written_directly")
    yield
    if checked:
        assert tallies.differences() == []
