"""Reads of the indicator library and of the targets, with each target's actual value.

The actual value of a target is what the programme's participants reported: the indicator's
values (the total, not the women's or men's part; a yes/no answer as 1 or 0) of respondents of
the arm "participant" whose enterprise lies in the target's region (the region itself, or
under it: a village's code starts with its kecamatan's, which starts with its regency's), in
the round of the target's year that asks the indicator (the one ending last when there are
several), whose entry is submitted or approved; made one figure by the indicator's
aggregation (``ovop.analysis.targets.aggregate``). The targets of a page are read in three
queries, however many targets and values there are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy

from ovop.analysis.targets import achievement, aggregate
from ovop.core.history import HistoryEntry, history_entries, record_history, versions_of
from ovop.monitoring.choices import Arm, Breakdown, Direction, Domain, EntryStatus, FlagStatus
from ovop.monitoring.models import Flag, Indicator, Round, Target, Value
from ovop.programme.models import Programme
from ovop.regions.models import Level, Region

ACTIVE, ARCHIVED, ALL = "active", "archived", "all"
#: Entries whose values count towards a target's actual value.
COUNTED = (EntryStatus.SUBMITTED, EntryStatus.APPROVED)
#: Decimals shown of an actual value.
ACTUAL_PLACES = 2
_REASONS = {"removed": gettext_lazy("removed")}


def number_text(value: Decimal | float | None, places: int | None = None) -> str:
    """``value`` as the active language writes it (1.500.000,5 or 1,500,000.5), without
    trailing zeros; rounded to ``places`` decimals when given; "—" for None."""
    if value is None:
        return "—"
    number = Decimal(str(round(value, places) if places is not None else value))
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    return number_format(number, force_grouping=True)


def range_text(indicator: Indicator) -> str:
    """The plausible range: "0 – 5.000.000.000", "≥ 0", "≤ 100" or "—"."""
    low, high = indicator.min_value, indicator.max_value
    if low is not None and high is not None:
        return f"{number_text(low)} – {number_text(high)}"
    if low is not None:
        return f"≥ {number_text(low)}"
    if high is not None:
        return f"≤ {number_text(high)}"
    return "—"


# --- the library ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    range: str


@dataclass(frozen=True)
class DomainGroup:
    domain: str
    label: str
    rows: list[IndicatorRow]


def indicator_list(*, domain: str = "", status: str = ACTIVE) -> QuerySet[Indicator]:
    rows = Indicator.objects.all()
    if domain:
        rows = rows.filter(domain=domain)
    if status == ACTIVE:
        rows = rows.filter(archived_at__isnull=True)
    elif status == ARCHIVED:
        rows = rows.filter(archived_at__isnull=False)
    return rows.order_by("code")


def indicator_groups(*, domain: str = "", status: str = ACTIVE) -> list[DomainGroup]:
    """The indicators by domain, in the order of ``Domain``, each sorted by code (one query)."""
    by_domain: dict[str, list[IndicatorRow]] = defaultdict(list)
    for indicator in indicator_list(domain=domain, status=status):
        by_domain[indicator.domain].append(IndicatorRow(indicator, range_text(indicator)))
    return [
        DomainGroup(value, str(label), by_domain[value])
        for value, label in Domain.choices
        if by_domain.get(value)
    ]


def indicator_get(*, pk: int) -> Indicator:
    """One indicator (404 when there is none; the caller checks that the user reads)."""
    return get_object_or_404(Indicator, pk=pk)


def indicator_history(*, indicator: Indicator) -> list[HistoryEntry]:
    return record_history(obj=indicator)


# --- targets ----------------------------------------------------------------------------------


def target_get(*, pk: int) -> Target:
    return get_object_or_404(Target.objects.select_related("indicator", "region"), pk=pk)


def target_regions() -> QuerySet[Region]:
    """Where a target may lie: the regency of a programme, its kecamatan and its villages,
    in the order of their codes (the regency, then each kecamatan with its villages)."""
    regencies = Programme.objects.values("regency")
    return (
        Region.objects.filter(level__in=(Level.REGENCY, Level.KECAMATAN, Level.VILLAGE))
        .filter(Q(pk__in=regencies) | Q(parent__in=regencies) | Q(parent__parent__in=regencies))
        .order_by("code")
    )


def target_history(*, indicator: Indicator, target_id: int | None = None) -> list[HistoryEntry]:
    """The changes of the indicator's targets (or of the one ``target_id``), removed ones
    included, each named by its region and year (two queries)."""
    versions = Target.history.filter(indicator_id=indicator.pk)
    if target_id is not None:
        versions = versions.filter(id=target_id)
    rows = list(versions_of(versions))
    regions = Region.objects.filter(pk__in={row.region_id for row in rows})
    names = {("region", r.pk): r.name for r in regions} if rows else {}
    return history_entries(
        rows,
        fields=["region", "year", "baseline_value", "target_value", "note"],
        names=names,
        reasons=_REASONS,
        record=lambda row: f"{names.get(('region', row.region_id), '')} {row.year}",
    )


@dataclass(frozen=True)
class TargetRow:
    target: Target
    #: The round the actual value comes from (None: no round of that year asks the indicator).
    round: Round | None
    #: Participants whose values count.
    respondents: int
    actual: float | None
    #: Actual as a percent of the target, the direction respected, to one decimal.
    achievement_pct: float | None

    @property
    def baseline_text(self) -> str:
        return number_text(self.target.baseline_value)

    @property
    def target_text(self) -> str:
        return number_text(self.target.target_value)

    @property
    def actual_text(self) -> str:
        return number_text(self.actual, ACTUAL_PLACES)

    @property
    def achievement_text(self) -> str:
        if self.achievement_pct is None:
            return "—"
        return number_format(self.achievement_pct, decimal_pos=1, force_grouping=True) + " %"


def _rounds_by_year(indicator: Indicator, years: Iterable[int]) -> dict[int, Round]:
    """For each year, the round asking ``indicator`` that ends last (one query)."""
    rounds = Round.objects.filter(year__in=set(years), questions__indicator=indicator).order_by(
        "year", "period_end", "pk"
    )
    return {round_.year: round_ for round_ in rounds}


def _within(code: str, region_code: str) -> bool:
    return code == region_code or code.startswith(region_code + ".")


def _under(codes: Iterable[str]) -> Q:
    """Values of enterprises in (or under) the regions of ``codes``."""
    q = Q(pk__in=[])
    field = "respondent__enterprise__village__code"
    for code in sorted(set(codes)):
        q |= Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})
    return q


def doubted(indicator: Indicator) -> QuerySet[Flag, int]:
    """The respondents an open quality flag doubts for ``indicator``: a flag on its value,
    or on the whole entry (an entry copied from another respondent). Their values of the
    indicator are left out of the evaluation's figures until an officer checks them."""
    flags = Flag.objects.filter(status=FlagStatus.OPEN).filter(
        Q(indicator=indicator) | Q(indicator__isnull=True)
    )
    return flags.values_list("respondent_id", flat=True)


def _participant_values(
    indicator: Indicator,
    rounds: Sequence[Round],
    region_codes: Iterable[str],
    exclude_doubted: bool = False,
) -> dict[int, dict[str, list[Decimal]]]:
    """round id → village code → the numbers that count (one query)."""
    found: dict[int, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    if not rounds:
        return found
    rows = (
        Value.objects.filter(
            indicator=indicator,
            breakdown=Breakdown.TOTAL,
            number__isnull=False,
            respondent__round__in=[r.pk for r in rounds],
            respondent__arm=Arm.PARTICIPANT,
            respondent__status__in=COUNTED,
        )
        .filter(_under(region_codes))
        .values_list("respondent__round_id", "respondent__enterprise__village__code", "number")
    )
    if exclude_doubted:
        rows = rows.exclude(respondent_id__in=doubted(indicator))
    for round_id, village_code, number in rows:
        if number is not None:
            found[round_id][village_code].append(number)
    return found


def _row(
    target: Target,
    indicator: Indicator,
    round_: Round | None,
    by_village: dict[str, list[Decimal]],
) -> TargetRow:
    numbers: list[Any] = [
        n
        for code, values in by_village.items()
        if _within(code, target.region.code)
        for n in values
    ]
    actual = aggregate(numbers, indicator.aggregation)
    pct = achievement(
        actual=actual,
        target=target.target_value,
        lower_is_better=indicator.direction == Direction.LOWER,
    )
    return TargetRow(
        target=target,
        round=round_,
        respondents=len(numbers),
        actual=actual,
        achievement_pct=None if pct is None else round(pct, 1),
    )


def target_rows(*, indicator: Indicator, exclude_doubted: bool = False) -> list[TargetRow]:
    """The indicator's targets, newest year first, each with its actual value and
    achievement (at most three queries: targets, rounds, values); ``exclude_doubted`` leaves
    out the values an open quality flag doubts (``doubted``), as the evaluation does."""
    targets = list(
        Target.objects.filter(indicator=indicator)
        .select_related("region")
        .order_by("-year", "region__code")
    )
    if not targets:
        return []
    rounds = _rounds_by_year(indicator, (t.year for t in targets))
    values = _participant_values(
        indicator, list(rounds.values()), (t.region.code for t in targets), exclude_doubted
    )
    rows = []
    for target in targets:
        target.indicator = indicator
        round_ = rounds.get(target.year)
        by_village = values.get(round_.pk, {}) if round_ is not None else {}
        rows.append(_row(target, indicator, round_, by_village))
    return rows
