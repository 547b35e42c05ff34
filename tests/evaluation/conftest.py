"""A small evaluation world: programme "OVOP Uji" with village A (joined 2020); five
participant enterprises in village A and five comparison enterprises in village B, each
answering omzet in a 2022 baseline and a 2025 follow-up; the numbers are chosen so that every
estimate is known by hand (participants +300,000 on average, comparison +200,000: a
difference-in-differences of exactly 100,000)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import pytest

from ovop.enterprises.models import Enterprise
from ovop.evaluation.models import EvaluationSettings
from ovop.monitoring import tallies
from ovop.monitoring.choices import Arm, EntryStatus, Origin, RoundKind
from ovop.monitoring.defaults import indicators_install
from ovop.monitoring.models import Indicator, Respondent, Round, RoundIndicator, Value
from ovop.programme.models import Programme, ProgrammeVillage
from ovop.regions.models import Region
from tests.factories import ProgrammeFactory, ProgrammeVillageFactory, village

BEFORE = [1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000]
GAIN_PARTICIPANTS = [300_000, 310_000, 290_000, 305_000, 295_000]
GAIN_COMPARISON = [200_000, 210_000, 190_000, 205_000, 195_000]

Answer = Callable[..., list[Respondent]]


@pytest.fixture(autouse=True)
def shipped_indicators(db: None) -> None:
    indicators_install(Indicator)


def make_round(programme: Programme, year: int, codes: Sequence[str] = ("omzet",)) -> Round:
    round_ = Round.objects.create(
        programme=programme,
        name=f"Survei {year}",
        kind=RoundKind.BASELINE if year == 2022 else RoundKind.FOLLOW_UP,
        year=year,
        period_start=dt.date(year + 1, 1, 1),
        period_end=dt.date(year + 1, 3, 31),
    )
    for order, code in enumerate(codes):
        RoundIndicator.objects.create(
            round=round_, indicator=Indicator.objects.get(code=code), order=order
        )
    return round_


@pytest.fixture
def firms(village_a: Region, village_b: Region) -> dict[str, list[Enterprise]]:
    return {
        Arm.PARTICIPANT: [
            Enterprise.objects.create(name=f"Peserta {n}", village=village_a) for n in range(5)
        ],
        Arm.COMPARISON: [
            Enterprise.objects.create(name=f"Pembanding {n}", village=village_b) for n in range(5)
        ],
    }


def respond(
    round_: Round,
    enterprises: list[Enterprise],
    arm: str,
    numbers: Sequence[float | None],
    *,
    code: str = "omzet",
    status: str = EntryStatus.APPROVED,
) -> list[Respondent]:
    """Respondents of ``round_`` on ``arm``, each with its number (None: no value)."""
    indicator = Indicator.objects.get(code=code)
    people = []
    for enterprise, number in zip(enterprises, numbers, strict=True):
        person = Respondent.objects.create(
            round=round_, enterprise=enterprise, arm=arm, status=status
        )
        if number is not None:
            Value.objects.create(
                respondent=person, indicator=indicator, number=number, origin=Origin.WEB
            )
        people.append(person)
    tallies.refresh(round_.pk)  # written past the services, as stored data
    return people


@pytest.fixture
def answer() -> Answer:
    """``respond``, for the tests that ask for it by name."""
    return respond


def hand_made_world(programme: Programme, firms: dict[str, list[Enterprise]]) -> Programme:
    """The two rounds of the module docstring, answered by ``firms``."""
    baseline, follow_up = make_round(programme, 2022), make_round(programme, 2025)
    for arm, gains in ((Arm.PARTICIPANT, GAIN_PARTICIPANTS), (Arm.COMPARISON, GAIN_COMPARISON)):
        respond(baseline, firms[arm], arm, BEFORE)
        respond(follow_up, firms[arm], arm, [b + g for b, g in zip(BEFORE, gains, strict=True)])
    return programme


@pytest.fixture
def world(
    programme: Programme, membership_a: ProgrammeVillage, firms: dict[str, list[Enterprise]]
) -> Programme:
    return hand_made_world(programme, firms)


#: The second programme's participants gain 500,000 each, its comparison 100,000 on average.
GAIN_JOINED_2023 = [500_000] * 5
GAIN_OTHER = [100_000, 110_000, 90_000, 105_000, 95_000]


def second_programme() -> Programme:
    """Beside a world like ``world`` (village A joined 2020: treated before its 2022
    baseline), a programme in regency 99.02 whose village C joined in 2023 with a lag of one
    year (treated from 2024), with village D as its comparison, both measured in 2022 and 2025;
    one more enterprise measured in 2025 only, and one participant of a village outside the
    programme. Over both programmes the effect is 500,000 - (200,000 + 100,000) / 2."""
    gama, delta = village("99.02.01.2001", "Desa Gama"), village("99.02.02.2001", "Desa Delta")
    regency = gama.parent.parent  # type: ignore[union-attr]
    second = ProgrammeFactory(name="OVOP Kedua", regency=regency, start_year=2023)
    ProgrammeVillageFactory(programme=second, village=gama, joined_year=2023)
    EvaluationSettings.objects.create(programme=second, effect_lag_years=1)
    joined = [Enterprise.objects.create(name=f"Gama {n}", village=gama) for n in range(5)]
    others = [Enterprise.objects.create(name=f"Delta {n}", village=delta) for n in range(5)]
    late = Enterprise.objects.create(name="Delta baru", village=delta)
    stray = Enterprise.objects.create(name="Delta peserta", village=delta)
    baseline, follow_up = make_round(second, 2022), make_round(second, 2025)
    for firms, arm, gains in (
        (joined, Arm.PARTICIPANT, GAIN_JOINED_2023),
        (others, Arm.COMPARISON, GAIN_OTHER),
    ):
        respond(baseline, firms, arm, BEFORE)
        respond(follow_up, firms, arm, [b + g for b, g in zip(BEFORE, gains, strict=True)])
    respond(follow_up, [late], Arm.COMPARISON, [1_000_000])
    respond(baseline, [stray], Arm.PARTICIPANT, [1_000_000])
    respond(follow_up, [stray], Arm.PARTICIPANT, [1_500_000])
    return second  # type: ignore[return-value]
