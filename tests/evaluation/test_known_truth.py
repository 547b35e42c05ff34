"""Issue 13, known truth: the demo's survey answers come from a simulation whose effects are
stated (``ovop.demo.monitoring_simulation``). The evaluation of the demo must find each true
effect inside its reported 95 % interval, and no significant effect where there is none."""

from __future__ import annotations

import math

import pytest
from django.test import Client

from ovop.demo import monitoring_simulation as sim
from ovop.evaluation.impact import IndicatorImpact, indicator_impact
from ovop.monitoring.models import Indicator
from ovop.programme.models import Programme

#: indicator → (scale of the headline checked, the true effect on that scale)
TRUE_EFFECTS = {
    "omzet": ("log", sim.TRUE_REVENUE_EFFECT_LOG),
    "kompetensi": ("level", sim.TRUE_COMPETENCE_EFFECT),
    "jual_daring": ("level", sim.TRUE_ONLINE_EFFECT_PP / 100),  # stored as 0/1
    "jenis_produk": ("level", sim.TRUE_PRODUCT_TYPES_EFFECT),
}
NO_EFFECT = ("tenaga_kerja", "bahan_lokal")


def _impact(code: str) -> IndicatorImpact:
    programme = Programme.objects.get(is_sample=True)
    return indicator_impact(programme=programme, indicator=Indicator.objects.get(code=code))


@pytest.mark.parametrize("code", sorted(TRUE_EFFECTS))
def test_each_true_effect_lies_inside_the_interval(demo: None, db: None, code: str) -> None:
    scale, truth = TRUE_EFFECTS[code]
    result = _impact(code)
    assert result.design == "staggered"
    assert result.lag_years == sim.TRUE_ONSET_LAG_YEARS
    # the villages of 2019, 2020 and 2021 are treated from 2023, 2024 and 2025; those of
    # 2022 only after the last round, so they count as not yet treated
    assert result.cohorts == (2023, 2024, 2025)
    effect = result.headline_log if scale == "log" else result.headline
    assert effect is not None and effect.significant
    low, high = effect.ci95
    # product types change by exactly the effect (the simulation adds no noise over time):
    # the interval is then a point, equal to the truth up to rounding
    assert low - 1e-9 <= truth <= high + 1e-9, (code, effect)


@pytest.mark.parametrize("code", NO_EFFECT)
def test_no_effect_is_found_where_there_is_none(demo: None, db: None, code: str) -> None:
    effect = _impact(code).headline
    assert effect is not None and not effect.significant, effect


def test_the_event_study_shows_no_gap_before_the_onset(demo: None, db: None) -> None:
    """Revenue: the year before treatment the participants had not yet moved apart."""
    result = _impact("omzet")
    before = [p for p in result.events if p.e < 0]
    assert [p.e for p in before] == [-1]
    assert before[0].ci95[0] < 0 < before[0].ci95[1]
    after = [p for p in result.events if p.e >= 0]
    assert all(p.ci95[0] > 0 for p in after)
    # the naive two-period comparison of all participants is diluted by those not yet
    # treated: it finds less than the truth
    assert result.effects["did_log"].estimate < sim.TRUE_REVENUE_EFFECT_LOG
    assert math.isclose(result.effects["staggered_log"].estimate, 0.1849, abs_tol=0.01)


def test_the_effect_is_the_same_in_every_kecamatan_as_simulated(demo: None, db: None) -> None:
    """The simulation gives every participant the same effect: the subgroups by kecamatan and
    by the owner's gender all find it, and Cochran's Q does not reject equal effects."""
    programme = Programme.objects.get(is_sample=True)
    omzet = Indicator.objects.get(code="omzet")
    result = indicator_impact(programme=programme, indicator=omzet, subgroups=True)
    tables = {t.dimension: t for t in result.subgroups}
    assert list(tables) == ["kecamatan", "category", "owner_gender", "stars"]
    kecamatan = tables["kecamatan"]
    assert len(kecamatan.effects) >= 4
    for effect in kecamatan.effects:
        assert effect.ci95[0] < sim.TRUE_REVENUE_EFFECT_LOG < effect.ci95[1], effect
        assert effect.p <= effect.q_bh <= effect.p_holm
    assert kecamatan.heterogeneity is not None and kecamatan.heterogeneity.p > 0.05
    treated = sum(d.n_treated for d in kecamatan.details)
    assert treated == result.effects["staggered_log"].n_treated  # every participant, once
    # women and men were given the same effect too: both find it, and Q does not tell them apart
    gender = tables["owner_gender"]
    assert len(gender.effects) == 2 and gender.left_out == 0
    for effect in gender.effects:
        assert effect.ci95[0] < sim.TRUE_REVENUE_EFFECT_LOG < effect.ci95[1], effect
    assert gender.heterogeneity is not None and gender.heterogeneity.p > 0.05
    assert sum(d.n_treated for d in gender.details) == treated


def test_the_demo_efficiency_page_renders_with_finite_figures(
    demo: None, db: None, client: Client
) -> None:
    """Efficiency on the demo (here to share its load): every figure is a finite number, each
    cost per unit follows from its effect, and the page and the API answer."""
    from ovop.accounts.models import User
    from ovop.evaluation.efficiency import programme_efficiency

    programme = Programme.objects.get(is_sample=True)
    officer = User.objects.filter(role="officer").first()
    assert officer is not None
    result = programme_efficiency(user=officer, programme=programme)
    assert [line.year for line in result.years.lines] == [2023, 2024, 2025, 2026, 2027]
    for line in result.years.lines[:3]:  # past years: delivered in full
        assert line.total.planned_idr > 0 and line.absorption is not None
        assert 0.5 < line.absorption < 1.2 and line.total.progress_pct == 100
    estimated = [o for t in result.types for o in t.outcomes if o.ratio is not None]
    assert estimated, [o.reason for t in result.types for o in t.outcomes]
    for outcome in estimated:
        assert outcome.effect is not None and outcome.ratio is not None
        assert outcome.up_to_year == 2025 and outcome.enterprises > 0
        assert all(math.isfinite(x) for x in (outcome.effect.estimate, outcome.effect.se))
        expected = outcome.cost_idr / (outcome.effect.estimate * outcome.enterprises)
        assert outcome.ratio.estimate == pytest.approx(expected, rel=1e-12)
    certified = [t for t in result.types if t.certificates]
    assert certified and all(math.isfinite(t.per_certificate_idr or math.nan) for t in certified)
    client.force_login(officer)
    page = client.get(f"/evaluation/programmes/{programme.pk}/efficiency/")
    assert page.status_code == 200 and 'id="outcome-omzet"' in page.content.decode()
    data = client.get(f"/api/v1/evaluation/programmes/{programme.pk}/efficiency/").json()
    assert len(data["types"]) == len(result.types)


def test_the_dashboard_and_the_evaluation_page_give_each_target_the_same_achievement(
    demo: None, db: None
) -> None:
    """The dashboard reads running sums, the evaluation page the values: on the demo's
    regency targets they agree to the printed decimal, and the tallies equal the values."""
    from ovop.accounts.models import User
    from ovop.evaluation.effectiveness import programme_targets
    from ovop.monitoring import tallies
    from ovop.overview.dashboard import dashboard_get

    assert tallies.differences() == []
    programme = Programme.objects.get(is_sample=True)
    viewer = User.objects.get(username="viewer")
    regency = programme.regency.code
    page = {
        (line.row.target.indicator.code, line.row.target.year): line
        for line in programme_targets(programme, (100, 90, 80, 60))
        if line.row.target.region.code == regency
    }
    compared = 0
    for year in {year for _code, year in page}:
        board = dashboard_get(user=viewer, programme=programme, params={"year": str(year)})
        for line in board.indicators:
            target = page.get((line.indicator.code, year))
            if target is None or target.row.achievement_pct is None:
                continue
            assert line.achievement_pct == pytest.approx(float(target.row.achievement_pct))
            assert line.band == target.band
            assert line.participants.n == target.row.respondents
            compared += 1
    assert compared >= 3
