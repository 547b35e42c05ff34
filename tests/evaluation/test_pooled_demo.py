"""On the demo, whose one programme holds every value, the estimate over every programme
(``evaluation.pooled``) equals the programme's own staggered-adoption estimate."""

from __future__ import annotations

import pytest

from ovop.evaluation.impact import indicator_impact
from ovop.evaluation.pooled import pooled_impact
from ovop.evaluation.selectors import several_programmes
from ovop.monitoring.models import Indicator
from ovop.programme.models import Programme

pytestmark = pytest.mark.django_db


def test_on_the_demo_it_equals_the_programmes_own_estimate(demo: None) -> None:
    programme = Programme.objects.get(is_sample=True)
    for code, scales in (("omzet", ("staggered", "staggered_log")), ("kompetensi", ("staggered",))):
        indicator = Indicator.objects.get(code=code)
        own = indicator_impact(programme=programme, indicator=indicator)
        pooled = pooled_impact(indicator=indicator)
        assert sorted(pooled.effects) == sorted(scales)
        for name in scales:
            mine, theirs = pooled.effects[name], own.effects[name]
            assert mine.estimate == pytest.approx(theirs.estimate, rel=1e-12)
            assert mine.se == pytest.approx(theirs.se, rel=1e-12)
            assert (mine.n_treated, mine.n_control) == (theirs.n_treated, theirs.n_control)
        assert pooled.events == own.events and pooled.cohorts == own.cohorts == (2023, 2024, 2025)
        assert pooled.years == own.years == (2022, 2024, 2025)
        assert pooled.programmes == 1 and pooled.left_out["treated_before"] == 0
    assert not several_programmes()
