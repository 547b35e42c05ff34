"""The evaluation demo: the programme's evaluation settings as the survey simulation made its
data — enterprises treated from the fourth year after their village joined
(``monitoring_simulation.TRUE_ONSET_LAG_YEARS``), so that the estimates the evaluation pages
show recover the simulation's true effects. Leaves settings someone saved alone."""

from __future__ import annotations

from ovop.accounts.models import User
from ovop.demo import monitoring_simulation as sim
from ovop.evaluation.models import EvaluationSettings
from ovop.evaluation.services import settings_update
from ovop.programme.models import Programme


def demo_evaluation_load(*, programme: Programme, officer: User) -> bool:
    """True when the settings were made now."""
    if EvaluationSettings.objects.filter(programme=programme).exists():
        return False
    settings_update(user=officer, programme=programme, effect_lag_years=sim.TRUE_ONSET_LAG_YEARS)
    return True
