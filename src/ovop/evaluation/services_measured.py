"""The efficiency's revenue figures adopted as the budget plan's measured effects per rupiah.

``adoption_of`` reads, from a programme's efficiency (``efficiency``), which activity types
have a figure to adopt: those whose cost per rupiah of extra monthly revenue is bounded and
positive, i.e. whose effect on revenue is above zero with its whole 95 % interval. The figure
is that cost's inverse — the extra monthly revenue per rupiah spent — and its interval the
inverse of Fieller's interval (its ends swapped). Every other type is listed with the reason
it is left out: no estimate (with the efficiency's own reason), an effect that cannot be told
apart from zero (the cost per rupiah is not bounded), or revenue that fell.

``measured_adopt`` computes the efficiency afresh (nothing the browser sends is trusted) and
writes the figures through the planning service, which validates and bounds them. Admins and
officers only (``scope.require_manager``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.evaluation import scope
from ovop.evaluation.efficiency import Efficiency, TypeLine, programme_efficiency
from ovop.evaluation.efficiency_outcomes import OUTCOMES, Outcome
from ovop.planning import services_measured
from ovop.planning.models import MeasuredBenefit
from ovop.planning.services_measured import MeasuredFigure
from ovop.programme.models import Programme

#: The outcome whose figures the budget plan uses: monthly revenue.
REVENUE = "omzet"


@dataclass(frozen=True)
class LeftOut:
    label: str
    reason: str


@dataclass(frozen=True)
class Adoption:
    programme: Programme
    #: (the type's label, its figure) for each type with a figure to adopt.
    figures: tuple[tuple[str, MeasuredFigure], ...]
    left_out: tuple[LeftOut, ...]

    @property
    def types(self) -> list[str]:
        return [figure.activity_type for _label, figure in self.figures]


def _revenue(line: TypeLine) -> Outcome | None:
    index = OUTCOMES.index(REVENUE)
    return line.outcomes[index] if len(line.outcomes) > index else None


def _why_not(outcome: Outcome | None) -> str:
    """Why the type's revenue figure cannot be adopted, or "" when it can."""
    if outcome is None:
        return _("no survey round of this programme asks monthly revenue yet")
    ratio = outcome.ratio
    if outcome.effect is None or ratio is None:
        return outcome.reason or _("no estimate")
    if not ratio.bounded or ratio.estimate is None:
        return _(
            "the effect on revenue cannot be told apart from zero (its cost per rupiah is not "
            "bounded)"
        )
    if ratio.estimate <= 0 or ratio.ci95[0] <= 0:
        return _("monthly revenue fell: the effect is below zero")
    return ""


def _figure(kind: str, outcome: Outcome) -> MeasuredFigure:
    ratio = outcome.ratio
    assert ratio is not None and ratio.estimate is not None and outcome.up_to_year is not None
    low_cost, high_cost = ratio.ci95
    return MeasuredFigure(
        activity_type=kind,
        revenue_per_idr=1 / ratio.estimate,
        low=1 / high_cost,
        high=1 / low_cost,
        measured_year=outcome.up_to_year,
        enterprises=outcome.enterprises,
        cost_idr=outcome.cost_idr,
    )


def adoption_of(result: Efficiency) -> Adoption:
    """The types of ``result`` with a revenue figure to adopt, and those left out with why."""
    figures, left_out = [], []
    for line in result.types:
        outcome = _revenue(line)
        why = _why_not(outcome)
        if why or outcome is None:
            left_out.append(LeftOut(line.label, why))
        else:
            figures.append((line.label, _figure(line.activity_type, outcome)))
    return Adoption(result.programme, tuple(figures), tuple(left_out))


def measured_adopt(
    *, user: User, programme: Programme, today: dt.date | None = None
) -> list[MeasuredBenefit]:
    """Adopt the programme's revenue figures (refused when there is none to adopt)."""
    scope.require_manager(user)
    adoption = adoption_of(programme_efficiency(user=user, programme=programme, today=today))
    if not adoption.figures:
        raise ValidationError(
            _("No activity type has an effect on revenue clearly above zero: nothing to adopt.")
        )
    reason = _("adopted from the efficiency of %(programme)s") % {"programme": programme.name}
    return services_measured.measured_adopt(
        user=user,
        programme=programme,
        figures=[figure for _label, figure in adoption.figures],
        reason=reason,
    )
