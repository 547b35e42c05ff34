"""One indicator's impact in a programme, as its page, the report and the API show it: the
means per year and side, each design's estimate or the reason it gives none, the headline
(staggered adoption where it runs, else difference-in-differences) and its sentence.

Rupiah indicators whose values are all above zero are estimated twice: in rupiah, and on the
log scale, whose estimate is the percentage change the headline states (and what a
simulation with a multiplicative effect recovers).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from statistics import fmean
from typing import Protocol, TypeVar

from django.utils.translation import gettext as _

from ovop.evaluation import designs
from ovop.evaluation.designs import BeforeAfter, Effect, EventPoint, NoEstimate
from ovop.evaluation.models import EvaluationSettings
from ovop.evaluation.panel import Panel, indicator_panel
from ovop.evaluation.subgroups import SubgroupTable, subgroup_tables
from ovop.monitoring.choices import Unit, ValueType
from ovop.monitoring.models import Indicator
from ovop.programme.models import Programme

RUPIAH = frozenset({Unit.IDR, Unit.IDR_MONTH})
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class MeanPoint:
    year: int
    arm: str
    n: int
    mean: float


@dataclass(frozen=True)
class IndicatorImpact:
    programme: Programme
    indicator: Indicator
    years: tuple[int, ...]
    lag_years: int
    means: tuple[MeanPoint, ...]
    before_after: BeforeAfter | None
    #: By "did", "staggered" and, on the log scale, "did_log", "staggered_log".
    effects: dict[str, Effect]
    #: The event study of staggered adoption, on the log scale when there is one.
    events: tuple[EventPoint, ...]
    cohorts: tuple[int, ...]
    #: "log" when the event study is on the log scale, else "level".
    events_scale: str
    #: Why a design gives no estimate, by "before_after", "did", "staggered".
    reasons: dict[str, str]
    left_out: dict[str, int] = field(default_factory=dict)
    asked: dict[tuple[int, str], int] = field(default_factory=dict)
    #: The headline's design by subgroup (only when asked for: ``subgroups=True``).
    subgroups: tuple[SubgroupTable, ...] = ()

    @property
    def log_scale(self) -> bool:
        return any(e.scale == "log" for e in self.effects.values())

    @property
    def design(self) -> str:
        """The headline's design: "staggered", "did", "before_after" or "" (none)."""
        for name in ("staggered", "did"):
            if name in self.effects:
                return name
        return "before_after" if self.before_after else ""

    @property
    def headline(self) -> Effect | None:
        """The headline estimate in the indicator's own unit."""
        return self.effects.get(self.design)

    @property
    def headline_log(self) -> Effect | None:
        return self.effects.get(f"{self.design}_log")


class Estimated(Protocol):
    """What the layout (``presenting``, ``sentences``) reads of an impact: a programme's
    (``IndicatorImpact``) or every programme's at once (``pooled.PooledImpact``)."""

    @property
    def indicator(self) -> Indicator: ...
    @property
    def years(self) -> tuple[int, ...]: ...
    @property
    def means(self) -> tuple[MeanPoint, ...]: ...
    @property
    def effects(self) -> dict[str, Effect]: ...
    @property
    def events(self) -> tuple[EventPoint, ...]: ...
    @property
    def cohorts(self) -> tuple[int, ...]: ...
    @property
    def events_scale(self) -> str: ...
    @property
    def reasons(self) -> dict[str, str]: ...
    @property
    def before_after(self) -> BeforeAfter | None: ...
    @property
    def design(self) -> str: ...
    @property
    def headline(self) -> Effect | None: ...
    @property
    def headline_log(self) -> Effect | None: ...


def indicator_impact(
    *,
    programme: Programme,
    indicator: Indicator,
    subgroups: bool = False,
    until_year: int | None = None,
    lag: int | None = None,
) -> IndicatorImpact:
    """``until_year``: only the rounds of that year and before (the report of a year).
    ``lag``: the programme's years from joining to the first year treated, when the caller
    has read them already (a loop over the indicators); else read here."""
    lag = lag_years(programme) if lag is None else lag
    panel = indicator_panel(programme=programme, indicator=indicator, until_year=until_year)
    effects: dict[str, Effect] = {}
    reasons: dict[str, str] = {}
    before_after = None
    events: tuple[EventPoint, ...] = ()
    cohorts: tuple[int, ...] = ()
    events_scale = "level"
    if len(panel.years) < 2 or not panel.rows or indicator.value_type == ValueType.CHOICE:
        reason = no_rounds_reason(panel, indicator)
        reasons = {"before_after": reason, "did": reason, "staggered": reason}
    else:
        before_after = _attempt(lambda: designs.before_after(panel), "before_after", reasons)
        scales = ["level"]
        if indicator.unit in RUPIAH and designs.log_scale_possible(panel):
            scales.append("log")
        for scale in scales:
            suffix = "_log" if scale == "log" else ""
            did = _attempt(partial(designs.did, panel, scale), "did", reasons)
            if did:
                effects["did" + suffix] = did
            stag = _attempt(
                partial(designs.staggered_adoption, panel, scale, lag), "staggered", reasons
            )
            if stag:
                effects["staggered" + suffix] = stag.effect
                events, cohorts, events_scale = stag.events, stag.cohorts, scale  # log last
    result = IndicatorImpact(
        programme, indicator, panel.years, lag, _means(panel), before_after, effects,
        events, cohorts, events_scale, reasons, panel.left_out, panel.asked,
    )  # fmt: skip
    if subgroups and result.design in ("did", "staggered"):
        scale = "log" if result.headline_log else "level"
        tables = subgroup_tables(panel, result.design, scale, lag)
        result = replace(result, subgroups=tuple(tables))
    return result


def lag_years(programme: Programme) -> int:
    found = EvaluationSettings.objects.filter(programme=programme).first()
    return found.effect_lag_years if found else 0  # the model's default


def _attempt(run: Callable[[], T], name: str, reasons: dict[str, str]) -> T | None:
    try:
        return run()
    except NoEstimate as why:
        reasons[name] = str(why)
        return None


def no_rounds_reason(panel: Panel, indicator: Indicator) -> str:
    """Why the panel holds nothing to compare (no round, no value, one year, a choice)."""
    if indicator.value_type == ValueType.CHOICE:
        return _("an indicator answered by choosing from a list has no average to compare")
    if not panel.years:
        return _("no survey round of this programme asks this indicator yet")
    if not panel.rows:
        return _("no finished entry holds a value of this indicator yet")
    return _("only one round (%(year)s) measures it: a change needs a baseline and a follow-up") % {
        "year": panel.years[0]
    }


def _means(panel: Panel) -> tuple[MeanPoint, ...]:
    groups: dict[tuple[int, str], list[float]] = defaultdict(list)
    for row in panel.rows:
        groups[(row.year, row.arm)].append(row.value)
    return tuple(
        MeanPoint(year, arm, len(values), fmean(values))
        for (year, arm), values in sorted(groups.items())
    )
