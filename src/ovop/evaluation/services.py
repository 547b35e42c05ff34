"""Writes of the evaluation: a programme's evaluation settings."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from ovop.accounts.models import User
from ovop.core.history import save_with_history
from ovop.evaluation import scope
from ovop.evaluation.models import EvaluationSettings
from ovop.programme.models import Programme


def settings_of(programme: Programme) -> EvaluationSettings:
    """The programme's settings, or unsaved defaults."""
    found = EvaluationSettings.objects.filter(programme=programme).first()
    return found or EvaluationSettings(programme=programme)


def settings_update(
    *,
    user: User,
    programme: Programme,
    effect_lag_years: int,
    band_limits_pct: Sequence[int] | None = None,
) -> EvaluationSettings:
    """Set the years from joining to the first year treated (0 to MAX_LAG_YEARS) and, when
    given, where the four upper effectiveness bands begin (percent, strictly decreasing)."""
    scope.require_manager(user)
    with transaction.atomic():
        current = settings_of(programme)
        if current.pk is not None:
            current = EvaluationSettings.objects.select_for_update().get(pk=current.pk)
        current.effect_lag_years = effect_lag_years
        if band_limits_pct is not None:
            (
                current.very_effective_from_pct,
                current.effective_from_pct,
                current.fairly_effective_from_pct,
                current.less_effective_from_pct,
            ) = band_limits_pct
        current.updated_by = user
        return save_with_history(current, user=user)
