"""An impact and a programme's efficiency as plain data (numbers unrounded) for the API and,
later, the report's data file: every estimate with its interval, p-value, sample and method,
and the reasons where a design gives none."""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any

from django.utils.translation import gettext_lazy

from ovop.analysis.effectiveness import CostRatio
from ovop.evaluation.designs import Effect
from ovop.evaluation.efficiency import Efficiency, TypeLine, YearLine
from ovop.evaluation.efficiency_outcomes import Outcome
from ovop.evaluation.impact import Estimated, IndicatorImpact
from ovop.evaluation.pooled import PooledImpact
from ovop.evaluation.sentences import impact_sentence
from ovop.evaluation.subgroups import as_rows


def _number(value: float) -> float | None:
    """JSON has no infinity or NaN: such a value is given as null."""
    return value if math.isfinite(value) else None


def _effect(effect: Effect) -> dict[str, Any]:
    data = {
        "design": effect.design,
        "scale": effect.scale,
        "estimate": _number(effect.estimate),
        "se": _number(effect.se),
        "ci95": [_number(x) for x in effect.ci95],
        "p": _number(effect.p),
        "n_treated": effect.n_treated,
        "n_control": effect.n_control,
        "significant": effect.significant,
    }
    if effect.scale == "log":
        data["percent"] = [_number(x) for x in effect.percent()]
    return data


def _estimated(result: Estimated) -> dict[str, Any]:
    """The event study, the cohorts and the means, as both kinds of impact give them."""
    return {
        "events": [
            {"e": p.e, "att": _number(p.att), "ci95": [_number(x) for x in p.ci95]}
            for p in result.events
        ],
        "events_scale": result.events_scale,
        "cohorts": list(result.cohorts),
        "means": [asdict(m) for m in result.means],
    }


def impact_snapshot(result: IndicatorImpact) -> dict[str, Any]:
    indicator = result.indicator
    return {
        "programme": result.programme.pk,
        "indicator": {"code": indicator.code, "name": indicator.name, "unit": indicator.unit},
        "years": list(result.years),
        "lag_years": result.lag_years,
        "design": result.design,
        "sentence": impact_sentence(result),
        "headline": _effect(result.headline) if result.headline else None,
        "headline_log": _effect(result.headline_log) if result.headline_log else None,
        "effects": {name: _effect(e) for name, e in sorted(result.effects.items())},
        "before_after": asdict(result.before_after) if result.before_after else None,
        **_estimated(result),
        "asked": [
            {"year": year, "arm": arm, "n": n} for (year, arm), n in sorted(result.asked.items())
        ],
        "left_out": result.left_out,
        "reasons": result.reasons,
        "subgroups": {
            table.dimension: {
                "rows": as_rows(table),
                "heterogeneity": asdict(table.heterogeneity) if table.heterogeneity else None,
                "skipped": [list(s) for s in table.skipped],
                "left_out": table.left_out,
            }
            for table in result.subgroups
        },
    }


def pooled_snapshot(result: PooledImpact) -> dict[str, Any]:
    """An indicator's impact over every programme (``pooled``), with the inputs' counts."""
    indicator = result.indicator
    return {
        "indicator": {"code": indicator.code, "name": indicator.name, "unit": indicator.unit},
        "method": "staggered adoption (Callaway and Sant'Anna 2021), never-treated comparison",
        "programmes": result.programmes,
        "years": list(result.years),
        "values": result.values,
        "enterprises": result.enterprises,
        "left_out": result.left_out,
        "design": result.design,
        "sentence": impact_sentence(result),
        "headline": _effect(result.headline) if result.headline else None,
        "headline_log": _effect(result.headline_log) if result.headline_log else None,
        **_estimated(result),
        "reasons": result.reasons,
        "seconds": round(result.seconds, 3),
        "read_seconds": round(result.read_seconds, 3),
    }


def headline_snapshot(result: IndicatorImpact) -> dict[str, Any]:
    """The short form of the programme's list."""
    return {
        "code": result.indicator.code,
        "name": result.indicator.name,
        "design": result.design,
        "headline": _effect(result.headline) if result.headline else None,
        "headline_log": _effect(result.headline_log) if result.headline_log else None,
        "sentence": impact_sentence(result),
        "reasons": result.reasons,
    }


def _ratio(ratio: CostRatio | None) -> dict[str, Any] | None:
    if ratio is None:
        return None
    return {
        "estimate": None if ratio.estimate is None else _number(ratio.estimate),
        "ci95": [_number(x) for x in ratio.ci95],
        "bounded": ratio.bounded,
        "excluded": [_number(x) for x in ratio.excluded] if ratio.excluded else None,
        "method": ratio.method,
    }


def _outcome(outcome: Outcome) -> dict[str, Any]:
    gain, gain_se = outcome.total_gain, outcome.total_gain_se
    return {
        "indicator": outcome.code,
        "unit": outcome.indicator.unit if outcome.indicator else None,
        "up_to_year": outcome.up_to_year,
        "cost_idr": outcome.cost_idr,
        "enterprises": outcome.enterprises,
        "effect": _effect(outcome.effect) if outcome.effect else None,
        "total_gain": None if gain is None else _number(gain),
        "total_gain_se": None if gain_se is None else _number(gain_se),
        "cost_per_unit": _ratio(outcome.ratio),
        "reason": outcome.reason,
    }


def _year(line: YearLine) -> dict[str, Any]:
    total = line.total
    return {
        "year": line.year,
        "month": line.figures.month,
        "as_at": line.figures.as_at.isoformat(),
        "villages": line.villages,
        "planned_idr": total.planned_idr,
        "realised_idr": total.realised_idr,
        "absorption": line.absorption,
        "progress": total.progress_share,
        "activities_by_status": total.by_status,
        "reason": line.reason,
    }


def _type(line: TypeLine) -> dict[str, Any]:
    return {
        "activity_type": line.activity_type,
        "years": list(line.years),
        "planned_idr": line.row.planned_idr,
        "realised_idr": line.row.realised_idr,
        "activities_by_status": line.row.by_status,
        "enterprises": line.enterprises,
        "participants": line.participants,
        "certificates": line.certificates,
        "cost_per_certificate_idr": line.per_certificate_idr,
        "certificate_reason": line.certificate_reason,
        "outcomes": [_outcome(o) for o in line.outcomes],
    }


#: How each figure is found, for the API's readers (in the request's language).
EFFICIENCY_METHODS = {
    "activities": gettext_lazy(
        "Activities in the programme's villages that had joined by the fiscal year, in the "
        "fiscal years from the programme's start year on."
    ),
    "money": gettext_lazy(
        "The realisation report of the budget plan narrowed to those activities, each year as "
        "at the end of the month the report opens at; cancelled activities are left out."
    ),
    "absorption": gettext_lazy("Money realised ÷ money planned (null when nothing is planned)."),
    "progress": gettext_lazy(
        "The activities' physical progress weighted by their planned cost, as a fraction."
    ),
    "effect": gettext_lazy(
        "Staggered adoption where it runs, else difference-in-differences, in the indicator's "
        "unit: the IKM that attended the type's activities up to the last year measured, "
        "against the whole comparison group."
    ),
    "cost_per_unit": gettext_lazy(
        "Money realised ÷ (effect × IKM that took part), with Fieller's 95-percent interval "
        "(the money is known exactly)."
    ),
    "cost_per_certificate": gettext_lazy(
        "Money realised on the type ÷ certificates obtained through its activities: a count, "
        "without an interval."
    ),
}


def efficiency_snapshot(result: Efficiency) -> dict[str, Any]:
    return {
        "programme": result.programme.pk,
        "years": [_year(line) for line in result.years.lines],
        "years_reason": result.years.reason,
        "types": [_type(line) for line in result.types],
        "types_reason": result.types_reason,
        "inputs": result.inputs,
        "methods": {name: str(text) for name, text in EFFICIENCY_METHODS.items()},
    }
