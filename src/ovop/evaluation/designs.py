"""The three designs an indicator's impact can be estimated with, run on a ``Panel``; each
returns its estimate or the plain reason it gives none (``NoEstimate``).

* **Before and after** — the participants measured in the first and the last year: mean
  change, its 95 % interval, paired t-test and Wilcoxon signed-rank (``analysis.impact.paired``).
  Without a comparison group it cannot tell the programme from everything else that changed.
* **Difference-in-differences** — the same two years, participants against the comparison
  group, standard errors clustered by village (``analysis.impact.did``).
* **Staggered adoption** — every year measured; an enterprise counts as treated from the year
  its village joined plus the settings' onset (``EvaluationSettings.effect_lag_years``);
  Callaway & Sant'Anna group-time effects with the never-treated as comparison, their simple
  average and the event study (``analysis.staggered``). As R's ``did`` does, participants
  treated only after the last year measured count as not (yet) treated, and those treated
  by the first year are left out (they have no untreated year to compare with).

Every design reads a balanced set: an enterprise counts only with a value in each year the
design needs. On the log scale (rupiah indicators whose values are all above zero) an estimate
is a difference of logarithms: ``percent`` turns it into a percentage change.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from django.utils.translation import gettext as _

from ovop.analysis import AnalysisError, impact, staggered
from ovop.analysis.codes import dense_codes
from ovop.evaluation.panel import Observation, Panel
from ovop.monitoring.choices import Arm

T = TypeVar("T")
#: Fewer units than this on a side: no estimate (an interval from three points says little).
MIN_UNITS = 5


class NoEstimate(Exception):
    """Why a design gives no estimate, in words for the page (already translated)."""


@dataclass(frozen=True, slots=True)
class Effect:
    design: str
    scale: str  # "level" or "log"
    estimate: float
    se: float
    ci95: tuple[float, float]
    p: float
    n_treated: int
    n_control: int

    @property
    def significant(self) -> bool:
        low, high = self.ci95
        return low > 0 or high < 0

    def percent(self) -> tuple[float, float, float]:
        """A log-scale estimate and its interval as percentage changes."""
        low, high = self.ci95
        return 100 * math.expm1(self.estimate), 100 * math.expm1(low), 100 * math.expm1(high)


@dataclass(frozen=True, slots=True)
class BeforeAfter:
    first_year: int
    last_year: int
    n: int
    mean_before: float
    mean_after: float
    mean_diff: float
    ci95: tuple[float, float]
    p_t: float
    p_wilcoxon: float


@dataclass(frozen=True, slots=True)
class EventPoint:
    """The event study: the effect ``e`` years after the onset (before it when e < 0)."""

    e: int
    att: float
    ci95: tuple[float, float]


@dataclass(frozen=True)
class Staggered:
    effect: Effect
    events: tuple[EventPoint, ...]
    cohorts: tuple[int, ...]


def _by_unit(
    rows: tuple[Observation, ...], years: tuple[int, ...]
) -> dict[int, dict[int, Observation]]:
    """Each enterprise's observations by year, for the enterprises observed in all ``years``."""
    units: dict[int, dict[int, Observation]] = defaultdict(dict)
    wanted = set(years)
    for row in rows:
        if row.year in wanted:
            units[row.enterprise][row.year] = row
    return {e: by_year for e, by_year in units.items() if len(by_year) == len(wanted)}


def _value(row: Observation, scale: str) -> float:
    return math.log(row.value) if scale == "log" else row.value


def _check_varies(values: list[float]) -> None:
    if values and max(values) == min(values):
        raise NoEstimate(_("every value is the same, so there is nothing to compare"))


def before_after(panel: Panel) -> BeforeAfter:
    years = (panel.years[0], panel.years[-1])
    units = _by_unit(panel.rows, years)
    pairs = [u for u in units.values() if u[years[0]].arm == Arm.PARTICIPANT]
    if len(pairs) < MIN_UNITS:
        raise NoEstimate(
            _("only %(n)s participants have a value in both %(first)s and %(last)s")
            % {"n": len(pairs), "first": years[0], "last": years[1]}
        )
    before = [u[years[0]].value for u in pairs]
    after = [u[years[1]].value for u in pairs]
    _check_varies(before + after)
    result = impact.paired(before, after)
    return BeforeAfter(
        *years, result.n, result.mean_before, result.mean_after, result.mean_diff,
        result.ci95, result.p_t, result.p_wilcoxon,
    )  # fmt: skip


def did(panel: Panel, scale: str) -> Effect:
    years = (panel.years[0], panel.years[-1])
    units = _by_unit(panel.rows, years)
    treated = [u for u in units.values() if u[years[0]].arm == Arm.PARTICIPANT]
    control = [u for u in units.values() if u[years[0]].arm == Arm.COMPARISON]
    _enough(len(treated), len(control))
    y, t, post, cluster = [], [], [], []
    for side, group in ((1, treated), (0, control)):
        for unit in group:
            for k, year in enumerate(years):
                y.append(_value(unit[year], scale))
                t.append(side)
                post.append(k)
                cluster.append(unit[year].village)
    _check_varies(y)
    result = _analysed(lambda: impact.did(y, t, post, cluster=cluster, se="cluster"))
    return Effect(
        "did", scale, result.estimate, result.se, result.ci95, result.p,
        len(treated), len(control),
    )  # fmt: skip


def _enough(n_treated: int, n_control: int) -> None:
    if n_control == 0:
        raise NoEstimate(_("there is no comparison group with values in these years"))
    if min(n_treated, n_control) < MIN_UNITS:
        raise NoEstimate(
            _("too few enterprises: %(t)s participants and %(c)s in the comparison group")
            % {"t": n_treated, "c": n_control}
        )


def onset(row: Observation, panel: Panel, lag_years: int) -> int | None:
    """The first year the enterprise counts as treated: 0 for the comparison group, None for
    a participant whose village is not in the programme."""
    if row.arm != Arm.PARTICIPANT:
        return 0
    joined = panel.joined.get(row.village)
    return None if joined is None else joined + lag_years


def staggered_adoption(panel: Panel, scale: str, lag_years: int) -> Staggered:
    units = _by_unit(panel.rows, panel.years)
    unit, time, y, group = [], [], [], []
    for enterprise, by_year in units.items():
        g = onset(next(iter(by_year.values())), panel, lag_years)
        if g is None or 0 < g <= panel.years[0]:
            continue  # not in a programme village, or treated before the first year measured
        g = 0 if g > panel.years[-1] else g
        for year, row in by_year.items():
            unit.append(enterprise)
            time.append(year)
            y.append(_value(row, scale))
            group.append(g)
    return staggered_estimate(unit, time, y, group, scale)


def staggered_estimate(
    unit: Sequence[int] | np.ndarray,
    time: Sequence[int] | np.ndarray,
    y: Sequence[float] | np.ndarray,
    group: Sequence[int] | np.ndarray,
    scale: str,
) -> Staggered:
    """Callaway and Sant'Anna on a balanced panel already built (one row per enterprise and
    year; ``group`` the first year treated, 0 never): the simple and the event-study
    aggregations, or ``NoEstimate`` when the groups are too small or nothing varies."""
    unit_a, group_a, y_a = np.asarray(unit), np.asarray(group), np.asarray(y, dtype=float)
    treated = dense_codes(unit_a[group_a != 0], "unit")[0].size
    control = dense_codes(unit_a[group_a == 0], "unit")[0].size
    _enough(treated, control)
    if y_a.size and y_a.max() == y_a.min():
        raise NoEstimate(_("every value is the same, so there is nothing to compare"))
    result = _analysed(lambda: staggered.att_gt(unit, time, y, group))
    simple = staggered.aggregate(result, "simple")
    dynamic = staggered.aggregate(result, "dynamic")
    z = abs(simple.overall_att / simple.overall_se) if simple.overall_se > 0 else math.inf
    effect = Effect(
        "staggered", scale, simple.overall_att, simple.overall_se, simple.overall_ci95,
        math.erfc(z / math.sqrt(2)), treated, control,
    )  # fmt: skip
    events = tuple(EventPoint(part.label, part.att, part.ci95) for part in dynamic.by)
    return Staggered(effect, events, result.groups)


def _analysed(run: Callable[[], T]) -> T:
    try:
        return run()
    except AnalysisError as error:
        message = _("the data do not allow this design (%(detail)s)") % {"detail": error}
        raise NoEstimate(message) from error


def log_scale_possible(panel: Panel) -> bool:
    values = np.fromiter((r.value for r in panel.rows), float, len(panel.rows))
    return bool(values.size) and bool((values > 0).all())
