"""Adopting measured effects per rupiah as the budget plan's "measured" basis.

``measured_adopt`` writes one row per activity type given (``MeasuredBenefit``): a type that
already has a figure gets the new one in its place, and the history keeps the earlier value,
who adopted it and when. Types not given keep the figure they have. Who: planners (admins and
officers). Every figure is checked before anything is written: a known activity type, each type
once, finite numbers with 0 < low ≤ figure ≤ high ≤ ``MAX_REVENUE_PER_IDR``, at least one IKM
and one rupiah behind it, a survey year within 2000–2100. The evaluation calls this with the
figures of a programme's efficiency page; planning does not read the evaluation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import save_with_history
from ovop.planning import scope
from ovop.planning.choices import MAX_MONEY_IDR, ActivityType
from ovop.planning.models_measured import MAX_REVENUE_PER_IDR, MeasuredBenefit
from ovop.planning.selectors_measured import PerMillion
from ovop.programme.models import Programme


@dataclass(frozen=True)
class MeasuredFigure(PerMillion):
    """One activity type's measured extra monthly revenue per rupiah spent, with its 95 %
    interval, the last survey year, the IKM and the money it rests on."""

    activity_type: str
    revenue_per_idr: float
    low: float
    high: float
    measured_year: int
    enterprises: int
    cost_idr: int


def _refuse(figure: MeasuredFigure, problem: str) -> ValidationError:
    known = figure.activity_type in ActivityType.values
    label = ActivityType(figure.activity_type).label if known else figure.activity_type
    return ValidationError(
        {"figures": _("%(type)s: %(problem)s") % {"type": label, "problem": problem}}
    )


def _check(figure: MeasuredFigure) -> None:
    if figure.activity_type not in ActivityType.values:
        raise _refuse(figure, _("not an activity type of the budget plan."))
    numbers = (figure.low, figure.revenue_per_idr, figure.high)
    if not all(isinstance(n, int | float) and math.isfinite(n) for n in numbers):
        raise _refuse(figure, _("the figure and its interval must be finite numbers."))
    if not 0 < figure.low <= figure.revenue_per_idr <= figure.high <= MAX_REVENUE_PER_IDR:
        raise _refuse(
            figure,
            _(
                "the figure must lie in its interval, whose low end is above zero and high end "
                "at most %(max)s."
            )
            % {"max": f"{MAX_REVENUE_PER_IDR:g}"},
        )
    if figure.enterprises < 1 or not 0 < figure.cost_idr <= MAX_MONEY_IDR:
        raise _refuse(figure, _("it must rest on at least one IKM and some money spent."))
    if not 2000 <= figure.measured_year <= 2100:
        raise _refuse(figure, _("the survey year must lie between 2000 and 2100."))


def check_figures(figures: Sequence[MeasuredFigure]) -> None:
    """Refuse (naming the type and the problem) unless every figure may be adopted."""
    if not figures:
        raise ValidationError({"figures": _("There is no measured figure to adopt.")})
    types = [f.activity_type for f in figures]
    if len(set(types)) != len(types):
        raise ValidationError({"figures": _("An activity type is given twice.")})
    for figure in figures:
        _check(figure)


@transaction.atomic
def measured_adopt(
    *,
    user: User,
    programme: Programme,
    figures: Sequence[MeasuredFigure],
    reason: str = "",
) -> list[MeasuredBenefit]:
    """Make ``figures`` (measured in ``programme``) the current figures of their types."""
    scope.require_planner(user)
    check_figures(figures)
    now = timezone.now()
    current = {
        row.activity_type: row
        for row in MeasuredBenefit.objects.select_for_update().filter(
            activity_type__in=[f.activity_type for f in figures]
        )
    }
    saved = []
    for figure in figures:
        row = current.get(figure.activity_type) or MeasuredBenefit(
            activity_type=figure.activity_type
        )
        row.revenue_per_idr = float(figure.revenue_per_idr)
        row.revenue_per_idr_low = float(figure.low)
        row.revenue_per_idr_high = float(figure.high)
        row.programme = programme
        row.measured_year = figure.measured_year
        row.enterprises = figure.enterprises
        row.cost_idr = figure.cost_idr
        row.adopted_by = user
        row.adopted_at = now
        saved.append(save_with_history(row, user=user, reason=reason or "adopted"))
    return saved
