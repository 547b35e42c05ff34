"""An owner's own survey figures on the home page: each indicator their finished entries
answered, year by year (a baseline and the follow-ups), so an owner sees their enterprise's
change in the same numbers the programme's evaluation uses — their own values only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ovop.evaluation.sentences import mean_text
from ovop.monitoring.choices import Breakdown, EntryStatus, ValueType
from ovop.monitoring.models import Indicator, Value

COUNTED = (EntryStatus.SUBMITTED, EntryStatus.APPROVED)


@dataclass(frozen=True)
class FigureRow:
    indicator: Indicator
    #: (year, the value's text) in the order of ``OwnerFigures.years`` ("" where none).
    cells: list[tuple[int, str]]


@dataclass(frozen=True)
class OwnerFigures:
    years: list[int]
    rows: list[FigureRow]


def _text(value: float | None, indicator: Indicator) -> str:
    """One enterprise's own answer: yes or no, a whole number, or the unit's way."""
    if value is None:
        return ""
    if indicator.value_type == ValueType.BOOLEAN:
        return str(_("yes") if value == 1 else _("no"))
    if indicator.value_type == ValueType.INTEGER:
        return number_format(round(value), 0, use_l10n=True, force_grouping=True)
    return mean_text(value, indicator)


def owner_figures(enterprise_ids: list[int]) -> dict[int, OwnerFigures]:
    """Enterprise → its figures (one query for all of them)."""
    values = (
        Value.objects.filter(
            respondent__enterprise_id__in=enterprise_ids,
            respondent__status__in=COUNTED,
            breakdown=Breakdown.TOTAL,
            number__isnull=False,
        )
        .exclude(indicator__value_type=ValueType.CHOICE)
        .select_related("indicator")
        .order_by("indicator__domain", "indicator__code", "respondent__round__period_end")
        .values_list("respondent__enterprise_id", "respondent__round__year", "indicator", "number")
    )
    found: dict[int, dict[int, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
    for enterprise, year, indicator, number in values:
        if number is not None:
            found[enterprise][indicator][year] = float(number)
    indicators = Indicator.objects.in_bulk({i for e in found.values() for i in e})
    out = {}
    for enterprise, by_indicator in found.items():
        years = sorted({y for per_year in by_indicator.values() for y in per_year})
        rows = [
            FigureRow(
                indicators[pk],
                [
                    (y, mean_text(per_year[y], indicators[pk]) if y in per_year else "")
                    for y in years
                ],
            )
            for pk, per_year in by_indicator.items()
        ]
        out[enterprise] = OwnerFigures(years, rows)
    return out
