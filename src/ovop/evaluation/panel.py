"""The data an impact estimate reads: one indicator's values in a programme's survey rounds,
per enterprise and year, with each enterprise's side (participant or comparison) and village.

What is used, and what is left out and counted (so that a page can say why a number is
smaller than the round): only entries the respondent finished — submitted or approved (a
draft, an entry returned for correction or not started is "unfinished"); only the total of a
value split by gender or age; only values no open quality flag doubts ("flagged": a value
found far from its baseline or its range, or an entry copied from another, stays out until an
officer confirms or corrects it; ``monitoring.selectors_indicators.doubted``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ovop.monitoring.choices import EntryStatus
from ovop.monitoring.models import Indicator, Respondent, Round, Value
from ovop.monitoring.selectors_indicators import doubted
from ovop.programme.models import Programme, ProgrammeVillage

#: The entries an estimate uses: those the respondent finished.
USED = (EntryStatus.SUBMITTED, EntryStatus.APPROVED)


@dataclass(frozen=True, slots=True)
class Observation:
    enterprise: int
    village: int
    kecamatan: int | None
    arm: str
    year: int
    value: float


@dataclass(frozen=True)
class Panel:
    """The indicator's observations in the years the programme's rounds measured it."""

    years: tuple[int, ...]
    rows: tuple[Observation, ...]
    #: The year each programme village joined, by village.
    joined: dict[int, int]
    #: Entries or values left out, by reason ("unfinished", "flagged").
    left_out: dict[str, int] = field(default_factory=dict)
    #: Respondents of the rounds, by year and side: what the observations could have been.
    asked: dict[tuple[int, str], int] = field(default_factory=dict)


def indicator_panel(
    *, programme: Programme, indicator: Indicator, until_year: int | None = None
) -> Panel:
    """Five queries, whatever the number of rounds and values; ``until_year`` keeps to the
    rounds of that year and before (the evaluation as it stood then)."""
    rounds = Round.objects.filter(programme=programme, questions__indicator=indicator)
    if until_year is not None:
        rounds = rounds.filter(year__lte=until_year)
    years = tuple(sorted(set(rounds.values_list("year", flat=True))))
    respondents = Respondent.objects.filter(round__in=rounds)
    asked = Counter(
        (year, arm) for year, arm in respondents.values_list("round__year", "arm").iterator()
    )
    values = Value.objects.filter(
        respondent__round__in=rounds, indicator=indicator, breakdown="", number__isnull=False
    )
    flagged = set(doubted(indicator).filter(respondent__round__in=rounds))
    rows, left_out = _observations(values, flagged)
    joined = dict(
        ProgrammeVillage.objects.filter(programme=programme).values_list(
            "village_id", "joined_year"
        )
    )
    return Panel(years, tuple(rows), joined, dict(left_out), dict(asked))


def _observations(values: object, flagged: set[int]) -> tuple[list[Observation], Counter[str]]:
    left_out: Counter[str] = Counter()
    rows = []
    fields = (
        *("respondent_id", "respondent__status", "respondent__enterprise_id"),
        *("respondent__enterprise__village_id", "respondent__enterprise__village__parent_id"),
        *("respondent__arm", "respondent__round__year", "number"),
    )
    for respondent, status, enterprise, village, kecamatan, arm, year, number in (
        values.values_list(*fields).iterator()  # type: ignore[attr-defined]
    ):
        if status not in USED:
            left_out["unfinished"] += 1
        elif respondent in flagged:
            left_out["flagged"] += 1
        else:
            rows.append(Observation(enterprise, village, kecamatan, arm, year, float(number)))
    return rows, left_out
