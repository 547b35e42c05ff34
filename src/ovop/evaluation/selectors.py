"""Reads of the evaluation pages: the programmes to evaluate, the indicators a programme's
rounds ask, and the impact of each (``impact.indicator_impact``); the indicators any round
asks, and each one's impact over every programme at once (``pooled.pooled_impact``)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from ovop.accounts.models import User
from ovop.evaluation import scope
from ovop.evaluation.impact import IndicatorImpact, indicator_impact, lag_years
from ovop.evaluation.pooled import PooledImpact, pooled_impact
from ovop.monitoring.models import Indicator, Round
from ovop.programme.models import Programme


def programmes(*, user: User) -> QuerySet[Programme]:
    scope.require_reader(user)
    return Programme.objects.filter(archived_at__isnull=True).select_related("regency")


def programme_get(*, user: User, pk: int) -> Programme:
    found = programmes(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def indicators_asked(programme: Programme, until_year: int | None = None) -> QuerySet[Indicator]:
    """The indicators any round of the programme asks (of ``until_year`` or before when
    given), in the library's order."""
    rounds = Round.objects.filter(programme=programme)
    if until_year is not None:
        rounds = rounds.filter(year__lte=until_year)
    return Indicator.objects.filter(round__in=rounds).distinct().order_by("domain", "code")


def impacts(
    *, user: User, programme: Programme, until_year: int | None = None
) -> list[IndicatorImpact]:
    """Every indicator's impact; ``until_year`` keeps to the rounds of that year and before."""
    scope.require_reader(user)
    lag = lag_years(programme)
    return [
        indicator_impact(programme=programme, indicator=i, until_year=until_year, lag=lag)
        for i in indicators_asked(programme, until_year)
    ]


def impact_get(
    *, user: User, programme: Programme, code: str, until_year: int | None = None
) -> IndicatorImpact:
    scope.require_reader(user)
    indicator = indicators_asked(programme, until_year).filter(code=code[:40]).first()
    if indicator is None:
        raise Http404
    return indicator_impact(
        programme=programme, indicator=indicator, subgroups=True, until_year=until_year
    )


def indicators_measured() -> QuerySet[Indicator]:
    """The indicators some programme's round asks, in the library's order."""
    return Indicator.objects.filter(round__isnull=False).distinct().order_by("domain", "code")


def pooled_get(*, user: User, code: str) -> PooledImpact:
    """The indicator's impact over every programme (404: no round asks it)."""
    scope.require_reader(user)
    indicator = indicators_measured().filter(code=code[:40]).first()
    if indicator is None:
        raise Http404
    return pooled_impact(indicator=indicator)


def several_programmes() -> bool:
    """Whether an estimate over every programme says more than one programme's page."""
    return Round.objects.values("programme").distinct().count() > 1
