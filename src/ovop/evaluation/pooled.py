"""One indicator's impact over every programme at once: the staggered-adoption estimate
(Callaway and Sant'Anna) over all the IKM whose values the rounds hold, for a province or the
ministry running many regencies' programmes on one installation.

A regency's page (``impact``) estimates its own programme. Pooled, every programme's
participants are treated from the year their village joined plus that programme's lag, and
compared with every enterprise not treated in the years measured; the villages joined in many
different years, so staggered adoption is the one design that fits (a single before/after or
difference-in-differences would mix cohorts). The rows come from ``panel_arrays`` (the same
rules as a programme's panel: finished entries, the total of a split value, no value an open
quality flag doubts) and are matched as arrays, since at the size of the country they are
three million.

The panel must be balanced: each enterprise is kept when it has a value in each of the years
most enterprises have values in (with one programme, its rounds' years); an enterprise
measured in other years, a participant whose village is not in its programme, and one treated
before the first year are left out and counted.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _

from ovop.analysis.codes import dense_codes
from ovop.evaluation.designs import (
    BeforeAfter,
    Effect,
    EventPoint,
    NoEstimate,
    Staggered,
    staggered_estimate,
)
from ovop.evaluation.impact import RUPIAH, MeanPoint
from ovop.evaluation.models import EvaluationSettings
from ovop.evaluation.panel_arrays import indicator_arrays
from ovop.monitoring.choices import Arm, ValueType
from ovop.monitoring.models import Indicator


@dataclass(frozen=True)
class PooledImpact:
    """What the page and the API show; laid out by ``presenting`` as a programme's impact."""

    indicator: Indicator
    years: tuple[int, ...]
    #: The programmes whose rounds hold values of the indicator.
    programmes: int
    means: tuple[MeanPoint, ...]
    #: "staggered" and, on the log scale, "staggered_log".
    effects: dict[str, Effect]
    events: tuple[EventPoint, ...]
    cohorts: tuple[int, ...]
    events_scale: str
    #: Why a design gives no estimate, by "before_after", "did", "staggered".
    reasons: dict[str, str]
    #: Enterprises left out, by reason: "other_years", "outside_programme", "treated_before".
    left_out: dict[str, int] = field(default_factory=dict)
    #: Values read (every programme, every year) and enterprises in the estimate.
    values: int = 0
    enterprises: int = 0
    #: Seconds taken in all, and by the read of the values alone.
    seconds: float = 0.0
    read_seconds: float = 0.0
    before_after: BeforeAfter | None = None

    @property
    def design(self) -> str:
        return "staggered" if "staggered" in self.effects else ""

    @property
    def headline(self) -> Effect | None:
        return self.effects.get("staggered")

    @property
    def headline_log(self) -> Effect | None:
        return self.effects.get("staggered_log")


def pooled_impact(*, indicator: Indicator) -> PooledImpact:
    """The estimate over every programme (see the module's note), timed."""
    started = time.perf_counter()
    base = {"before_after": _only_staggered(), "did": _only_staggered()}
    if indicator.value_type == ValueType.CHOICE:
        reason = _("an indicator answered by choosing from a list has no average to compare")
        return _empty(indicator, {**base, "staggered": reason}, started)
    data = indicator_arrays(indicator.pk)
    read = time.perf_counter() - started
    if data["value"].size == 0:
        reason = _("no finished entry holds a value of this indicator yet")
        return _empty(indicator, {**base, "staggered": reason}, started)
    rows, year_labels = _coded(data)
    years, kept, other_years = _balanced(rows, year_labels)
    means = _means(rows, year_labels, years)
    programmes = _distinct(data["programme"])
    if len(years) < 2:
        reason = _(
            "only one year (%(year)s) holds most enterprises' values: a change needs a baseline "
            "and a follow-up"
        ) % {"year": years[0]}
        return _empty(indicator, {**base, "staggered": reason}, started, means, programmes)
    panel = {name: column[kept] for name, column in rows.items()}
    group, outside, before = _onsets(panel, years)
    used = group >= 0
    log = indicator.unit in RUPIAH and bool((data["value"] > 0).all())
    effects, reason, last = _estimates({k: v[used] for k, v in panel.items()}, group[used], log)
    return PooledImpact(
        indicator=indicator,
        years=years,
        programmes=programmes,
        means=means,
        effects=effects,
        events=last.events if last else (),
        cohorts=last.cohorts if last else (),
        events_scale=last.effect.scale if last else "level",
        reasons={**base, "staggered": reason} if reason else base,
        left_out={
            "other_years": other_years,
            "outside_programme": outside,
            "treated_before": before,
        },
        values=int(data["value"].size),
        enterprises=_distinct(panel["unit"][used]),
        seconds=time.perf_counter() - started,
        read_seconds=read,
    )


def _estimates(
    panel: dict[str, np.ndarray], group: np.ndarray, log: bool
) -> tuple[dict[str, Effect], str, Staggered | None]:
    """The estimate in the indicator's unit and, when ``log``, on the log scale (whose event
    study is the one shown); or why there is none."""
    effects: dict[str, Effect] = {}
    last = None
    for scale in ("level", "log") if log else ("level",):
        y = np.log(panel["value"]) if scale == "log" else panel["value"]
        try:
            last = staggered_estimate(panel["unit"], panel["year"], y, group, scale)
        except NoEstimate as why:
            return {}, str(why), None
        effects["staggered" + ("_log" if scale == "log" else "")] = last.effect
    return effects, "", last


def _only_staggered() -> str:
    return _(
        "over every programme the villages joined in many different years: only the "
        "staggered-adoption design compares them fairly"
    )


def _empty(
    indicator: Indicator,
    reasons: dict[str, str],
    started: float,
    means: tuple[MeanPoint, ...] = (),
    programmes: int = 0,
) -> PooledImpact:
    return PooledImpact(
        indicator=indicator,
        years=tuple(sorted({m.year for m in means})),
        programmes=programmes,
        means=means,
        effects={},
        events=(),
        cohorts=(),
        events_scale="level",
        reasons=reasons,
        seconds=time.perf_counter() - started,
    )


def _distinct(values: np.ndarray) -> int:
    return int(dense_codes(values, "ids")[0].size)


def _coded(data: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The rows, one per enterprise and year (an enterprise's last row of a year, as a
    programme's panel keeps it), with the enterprise and the year as dense codes ("unit",
    "period"); and the years, in order."""
    _ids, unit = dense_codes(data["enterprise"], "enterprise")
    year_labels, period = dense_codes(data["year"], "year")
    key = unit * year_labels.size + period
    if np.bincount(key).max() > 1:  # an enterprise twice in a year: its last row
        last = np.full(int(key.max()) + 1, -1, dtype=np.int64)
        np.maximum.at(last, key, np.arange(key.size))
        keep = np.sort(last[last >= 0])
        data = {name: column[keep] for name, column in data.items()}
        unit, period = unit[keep], period[keep]
    return {**data, "unit": unit, "period": period}, year_labels


def _balanced(
    rows: dict[str, np.ndarray], year_labels: np.ndarray
) -> tuple[tuple[int, ...], np.ndarray, int]:
    """The years most enterprises have values in, the rows of the enterprises measured in
    exactly those years, and how many enterprises were measured in other years."""
    # one row per enterprise and year: the sum of an enterprise's bits is their union
    mask = np.bincount(rows["unit"], weights=np.left_shift(1, rows["period"])).astype(np.int64)
    sets, counts = np.unique(mask, return_counts=True)
    sizes = np.array([bin(int(s)).count("1") for s in sets])
    chosen = int(sets[np.lexsort((sizes, counts))[-1]])  # most enterprises, then most years
    years = tuple(int(y) for k, y in enumerate(year_labels) if chosen >> k & 1)
    kept_units = mask == chosen
    return years, kept_units[rows["unit"]], int((~kept_units).sum())


def _means(
    rows: dict[str, np.ndarray], year_labels: np.ndarray, years: tuple[int, ...]
) -> tuple[MeanPoint, ...]:
    """The mean by year and side, of every row of the years compared."""
    key = rows["period"] * 2 + rows["participant"]
    size = 2 * year_labels.size
    n = np.bincount(key, minlength=size)
    total = np.bincount(key, weights=rows["value"], minlength=size)
    points = []
    for k, year in enumerate(year_labels.tolist()):
        for arm, side in ((Arm.COMPARISON, 0), (Arm.PARTICIPANT, 1)):
            if year in years and n[2 * k + side]:
                cell = 2 * k + side
                points.append(MeanPoint(year, arm, int(n[cell]), float(total[cell] / n[cell])))
    return tuple(points)


def _onsets(panel: dict[str, np.ndarray], years: tuple[int, ...]) -> tuple[np.ndarray, int, int]:
    """Each row's first year treated (0: not treated in the years measured; -1: left out) and
    the enterprises left out because their village is not in the programme, or because they
    were treated from the first year measured or before. An enterprise's side and village are
    those of its row of the first year compared."""
    programmes, code = dense_codes(panel["programme"], "programme")
    lags = dict(
        EvaluationSettings.objects.filter(programme_id__in=programmes.tolist()).values_list(
            "programme_id", "effect_lag_years"
        )
    )
    lag = np.array([lags.get(int(p), 0) for p in programmes], dtype=np.int64)
    joined = panel["joined"].astype(np.int64)
    row_group = np.where(panel["participant"] == 1, np.where(joined > 0, joined + lag[code], -1), 0)
    size = int(panel["unit"].max()) + 1 if panel["unit"].size else 0
    first = panel["year"] == years[0]
    group = np.zeros(size, dtype=np.int64)
    group[panel["unit"][first]] = row_group[first]
    present = np.bincount(panel["unit"], minlength=size) > 0
    early = (group > 0) & (group <= years[0])
    outside, before = int((present & (group == -1)).sum()), int((present & early).sum())
    group = np.where(early, -1, np.where(group > years[-1], 0, group))
    return group[panel["unit"]], outside, before
