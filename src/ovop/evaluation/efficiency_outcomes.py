"""The outcome side of the efficiency: for the enterprises that took part in one activity type,
the programme's effect on an outcome indicator and the rupiah it cost per unit gained.

The effect is estimated as every impact is (``designs``): staggered adoption where it runs,
else difference-in-differences, in the indicator's own unit (rupiah, points — never the log
scale: a cost per unit needs units). Its panel is the indicator's panel (``panel``) with the
participants narrowed to the enterprises that took part in the type's activities; the
comparison group stays whole.

The cost per unit is ``analysis.effectiveness.cost_per_unit(C, θ × n, se × n)``: C the money
realised on the type's activities, θ the effect per enterprise with its standard error se, and
n the number of enterprises that took part — so θ × n is the total gain (for revenue: the extra
monthly revenue of all of them together), and the ratio is rupiah spent per unit of it, with
Fieller's 95 % interval. n is exact, so the interval is C ÷ (n × the effect's own interval).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from django.utils.translation import gettext as _

from ovop.analysis import AnalysisError
from ovop.analysis.effectiveness import CostRatio, cost_per_unit
from ovop.evaluation import designs
from ovop.evaluation.designs import Effect, NoEstimate
from ovop.evaluation.impact import no_rounds_reason
from ovop.evaluation.panel import Panel
from ovop.monitoring.choices import Arm, ValueType
from ovop.monitoring.models import Indicator

#: The outcome indicators whose cost per unit is given, by the library's codes: monthly
#: revenue (rupiah) and the competence test score (points).
OUTCOMES = ("omzet", "kompetensi")


@dataclass(frozen=True)
class Spending:
    """What one activity type spent and reached in the fiscal years up to a year."""

    cost_idr: int
    activities: int
    enterprises: frozenset[int]


@dataclass(frozen=True)
class Outcome:
    """The cost per unit of one outcome for one activity type, or the reason there is none."""

    code: str
    indicator: Indicator | None
    #: The last year the indicator is measured: the money and the enterprises counted are
    #: those of activities in fiscal years up to it (later ones cannot show in the values yet).
    up_to_year: int | None = None
    cost_idr: int = 0
    enterprises: int = 0
    effect: Effect | None = None
    ratio: CostRatio | None = None
    reason: str = ""

    @property
    def total_gain(self) -> float | None:
        """The effect per enterprise times the enterprises that took part."""
        return None if self.effect is None else self.effect.estimate * self.enterprises

    @property
    def total_gain_se(self) -> float | None:
        return None if self.effect is None else self.effect.se * self.enterprises


def narrowed(panel: Panel, treated: frozenset[int]) -> Panel:
    """The panel with only ``treated`` left among the participants."""
    rows = tuple(
        row for row in panel.rows if row.arm == Arm.COMPARISON or row.enterprise in treated
    )
    return replace(panel, rows=rows)


def estimate(panel: Panel, lag_years: int) -> Effect:
    """The headline design's effect in the indicator's unit; NoEstimate with the reason of
    difference-in-differences (the last design tried) when neither design runs."""
    try:
        return designs.staggered_adoption(panel, "level", lag_years).effect
    except NoEstimate:
        return designs.did(panel, "level")


def _no_estimate(panel: Panel, indicator: Indicator) -> str | None:
    if len(panel.years) < 2 or not panel.rows or indicator.value_type == ValueType.CHOICE:
        return no_rounds_reason(panel, indicator)
    return None


def _spending_reason(spent: Spending, year: int) -> str | None:
    if not spent.activities:
        return _("no activity of this type in the fiscal years up to %(year)s") % {"year": year}
    if not spent.cost_idr:
        return _("nothing is realised yet on this type's activities up to %(year)s") % {
            "year": year
        }
    if not spent.enterprises:
        return _("no IKM is recorded as attending this type's activities up to %(year)s") % {
            "year": year
        }
    return None


def type_outcome(
    *,
    code: str,
    indicator: Indicator | None,
    panel: Panel | None,
    lag_years: int,
    spending: Callable[[int], Spending],
) -> Outcome:
    """The cost per unit of ``code`` for one type; ``spending(year)`` gives the type's money,
    activities and enterprises in the fiscal years up to ``year``."""
    if indicator is None or panel is None:
        reason = _("the indicator “%(code)s” is not in the indicator library") % {"code": code}
        return Outcome(code, None, reason=reason)
    missing = _no_estimate(panel, indicator)
    if missing:
        return Outcome(code, indicator, reason=missing)
    year = panel.years[-1]
    spent = spending(year)
    outcome = partial(
        Outcome, code, indicator, year, spent.cost_idr, len(spent.enterprises)
    )  # fmt: skip
    why = _spending_reason(spent, year)
    if why:
        return outcome(reason=why)
    try:
        effect = estimate(narrowed(panel, spent.enterprises), lag_years)
    except NoEstimate as error:
        return outcome(reason=str(error))
    n = len(spent.enterprises)
    try:
        ratio = cost_per_unit(spent.cost_idr, effect.estimate * n, effect.se * n)
    except AnalysisError:
        return outcome(effect=effect, reason=_("the effect is exactly zero: nothing was gained"))
    return outcome(effect=effect, ratio=ratio)
