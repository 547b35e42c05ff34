"""The efficiency as the page lays it out: text in the active language. Formatting only; the
numbers come from ``efficiency``.

Money is written as the other evaluation pages write it, the Indonesian way in both languages
("Rp 1.500.000"); a cost per unit below Rp 100 keeps two decimals ("Rp 1,25" per rupiah of extra
revenue).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.analysis.effectiveness import CostRatio
from ovop.core.money import group_thousands
from ovop.evaluation.efficiency import Efficiency, TypeLine, YearLine, Years
from ovop.evaluation.efficiency_outcomes import OUTCOMES, Outcome
from ovop.evaluation.presenting import DESIGNS
from ovop.evaluation.sentences import amount
from ovop.monitoring.models import Indicator
from ovop.planning.choices import ActivityStatus
from ovop.planning.figures_realisation import Row

#: What one unit of each outcome is, as the cost per unit's column says it.
PER_UNIT = {
    "omzet": gettext_lazy("per rupiah of extra monthly revenue"),
    "kompetensi": gettext_lazy("per point of competence"),
}
NBSP = "\u00a0"


def money(value: float, *, cents: bool | None = None) -> str:
    """Rupiah as the evaluation writes them: whole rupiah grouped the Indonesian way
    ("Rp 1.500.000", as ``sentences.amount``); with ``cents`` two decimals in the active
    language's notation ("Rp 1,25", "Rp 1.25") — by default for a fraction below Rp 100."""
    sign = "-" if value < 0 else ""
    size = abs(value)
    if cents is None:
        cents = not isinstance(value, int) and round(size, 2) < 100
    if cents:
        digits = number_format(round(size, 2), 2, use_l10n=True, force_grouping=True)
    else:
        digits = group_thousands(round(size))
    return f"{sign}Rp{NBSP}{digits}"


def statuses(row: Row) -> str:
    """The activities by status, e.g. "2 done, 1 cancelled" (statuses with none left out)."""
    parts = [
        f"{row.count(status)} {str(label).lower()}"
        for status, label in ActivityStatus.choices
        if row.count(status)
    ]
    return ", ".join(parts) or "—"


def year_rows(years: Years) -> list[tuple[YearLine, str]]:
    """Each fiscal year with its activities by status in words."""
    return [(line, statuses(line.total)) for line in years.lines]


@dataclass(frozen=True)
class OutcomeRow:
    line: TypeLine
    outcome: Outcome
    design: str = ""
    effect: str = ""
    effect_interval: str = ""
    gain: str = ""
    ratio: str = ""
    interval: str = ""
    note: str = ""


@dataclass(frozen=True)
class OutcomeTable:
    code: str
    indicator: Indicator | None
    per_unit: str
    rows: list[OutcomeRow]


def ratio_texts(ratio: CostRatio) -> tuple[str, str, str]:
    """The cost per unit, its interval and a note, as the analysis says they may be read."""
    low, high = ratio.ci95
    if ratio.bounded and ratio.estimate is not None and ratio.estimate > 0:
        cents = round(ratio.estimate, 2) < 100  # the interval written as its estimate
        interval = f"{money(low, cents=cents)} … {money(high, cents=cents)}"
        return money(ratio.estimate, cents=cents), interval, ""
    if ratio.bounded and ratio.estimate is not None:
        note = _(
            "The outcome fell: %(amount)s was spent per unit lost (the effect is below zero)."
        ) % {"amount": money(-ratio.estimate)}
        return "—", "—", note
    note = _(
        "Not bounded: the effect cannot be told apart from zero, so the data allow any cost "
        "per unit."
    )
    floor = ratio.excluded[1] if ratio.excluded else low
    if math.isfinite(floor) and floor > 0:
        note += " " + _("If the effect is positive, each unit cost at least %(amount)s.") % {
            "amount": money(floor)
        }
    return _("not bounded"), "—", note


def outcome_row(line: TypeLine, outcome: Outcome) -> OutcomeRow:
    effect, indicator = outcome.effect, outcome.indicator
    if effect is None or indicator is None:
        return OutcomeRow(line, outcome)
    low, high = effect.ci95
    gain = outcome.total_gain
    texts = ratio_texts(outcome.ratio) if outcome.ratio else ("—", "—", "")
    return OutcomeRow(
        line,
        outcome,
        design=str(DESIGNS[effect.design]),
        effect=amount(effect.estimate, indicator),
        effect_interval=f"{amount(low, indicator)} … {amount(high, indicator)}",
        gain=amount(gain, indicator) if gain is not None else "",
        ratio=texts[0],
        interval=texts[1],
        note=texts[2],
    )


def outcome_tables(result: Efficiency) -> list[OutcomeTable]:
    """One table per outcome indicator, one row per activity type."""
    tables = []
    for k, code in enumerate(OUTCOMES):
        rows = [outcome_row(line, line.outcomes[k]) for line in result.types if line.outcomes]
        indicator = next((r.outcome.indicator for r in rows if r.outcome.indicator), None)
        tables.append(OutcomeTable(code, indicator, str(PER_UNIT[code]), rows))
    return tables
