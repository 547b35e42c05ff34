"""An impact as plain data (numbers unrounded) for the API and, later, the report's data
file: every estimate with its interval, p-value, sample and method, and the reasons where a
design gives none."""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any

from ovop.evaluation.designs import Effect
from ovop.evaluation.impact import IndicatorImpact
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
        "events": [
            {"e": p.e, "att": _number(p.att), "ci95": [_number(x) for x in p.ci95]}
            for p in result.events
        ],
        "events_scale": result.events_scale,
        "cohorts": list(result.cohorts),
        "means": [asdict(m) for m in result.means],
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
