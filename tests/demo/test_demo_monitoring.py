"""The monitoring demo: baseline 2022 and follow-ups 2024 and 2025 of the demo programme with
the same matched comparison group, entries in every state, the planted data errors of 2025,
regency targets, a simulation whose effects a naive difference-in-differences finds, and a
second run that writes nothing."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from decimal import Decimal

import numpy as np
import pytest
from django.db import models

from ovop.demo import empowerment_data as ed
from ovop.demo import monitoring_simulation as sim
from ovop.demo.loader import demo_load
from ovop.demo.monitoring import MonitoringSummary
from ovop.enterprises.models import Enterprise
from ovop.monitoring.models import (
    Flag,
    Indicator,
    Respondent,
    Round,
    RoundIndicator,
    Submission,
    Target,
    Value,
    ValueRevision,
)
from ovop.programme.models import ProgrammeVillage

pytestmark = pytest.mark.usefixtures("demo", "db")

PARTICIPANTS, COMPARISON = 123, 98
VALUES = {2022: 3315, 2024: 2652, 2025: 3135}
#: How close a naive 2022 -> 2025 difference-in-differences of mean log omzet must come to
#: the true effect (its standard error with these groups is about 0.015).
DID_TOLERANCE = 0.04
COMPETENCE_TOLERANCE = 1.5
MODELS: tuple[type[models.Model], ...] = (
    Round,
    RoundIndicator,
    Respondent,
    Value,
    ValueRevision,
    Submission,
    Target,
    Flag,
)

Answers = dict[tuple[str, str], Decimal | str]


def _rows() -> list[int]:
    history = [getattr(m, "history").count() for m in MODELS if hasattr(m, "history")]  # noqa: B009
    return [m._default_manager.count() for m in MODELS] + history


def _round(year: int) -> Round:
    return Round.objects.get(year=year, is_sample=True)


def _answers(year: int) -> dict[int, Answers]:
    """Enterprise pk -> its stored answers in the round of ``year``."""
    out: dict[int, Answers] = defaultdict(dict)
    rows = Value.objects.filter(respondent__round__year=year).values_list(
        "respondent__enterprise_id", "indicator__code", "breakdown", "number", "choice"
    )
    for enterprise, code, part, number, choice in rows:
        out[enterprise][(code, part)] = choice or Decimal(number or 0)
    return out


def _jumps(year: int) -> list[tuple[int, str, float]]:
    """Numbers more than 10× (or under a tenth of) the same enterprise's 2022 value."""
    base, now = _answers(2022), _answers(year)
    found = []
    for enterprise, answers in now.items():
        for key, value in answers.items():
            before = base.get(enterprise, {}).get(key)
            if isinstance(value, Decimal) and isinstance(before, Decimal) and value and before:
                ratio = float(value / before)
                if not 0.1 <= ratio <= 10:
                    found.append((enterprise, key[0], ratio))
    return found


def _duplicates(year: int) -> list[list[int]]:
    groups: dict[frozenset[object], list[int]] = defaultdict(list)
    for enterprise, answers in _answers(year).items():
        groups[frozenset(answers.items())].append(enterprise)
    return [sorted(g) for g in groups.values() if len(g) > 1]


def _outside_range() -> list[tuple[int, str, Decimal]]:
    indicators = {i.pk: i for i in Indicator.objects.all()}
    found = []
    for year, pk, number in Value.objects.exclude(number=None).values_list(
        "respondent__round__year", "indicator_id", "number"
    ):
        assert number is not None
        low, high = indicators[pk].min_value, indicators[pk].max_value
        if (low is not None and number < low) or (high is not None and number > high):
            found.append((year, indicators[pk].code, number))
    return found


def test_three_sample_rounds_the_follow_ups_compared_with_the_baseline() -> None:
    rounds = Round.objects.order_by("year")
    assert list(rounds.values_list("name", "kind", "year", "status", "baseline__year")) == [
        ("Survei IKM OVOP 2022 (baseline)", "baseline", 2022, "locked", None),
        ("Survei IKM OVOP 2024", "follow_up", 2024, "locked", 2022),
        ("Survei IKM OVOP 2025", "follow_up", 2025, "open", 2022),
    ]
    assert all(r.is_sample and r.programme.name == "OVOP Bangka Tengah" for r in rounds)
    asked = {r.year: [q.indicator.code for q in r.questions.all()] for r in rounds}
    assert asked == {2022: list(sim.FULL), 2024: list(sim.SHORT), 2025: list(sim.FULL)}
    for r in rounds.exclude(locked_at=None):
        assert r.locked_by is not None and r.locked_by.username == "officer"
        assert r.locked_at is not None and r.period_end < r.locked_at.date()


def test_participants_and_the_same_matched_comparison_group_in_every_round() -> None:
    villages = ProgrammeVillage.objects.values("village")
    pool = set(
        Enterprise.objects.filter(village__in=villages, archived_at=None).values_list(
            "pk", flat=True
        )
    )
    matched: list[set[tuple[int, int | None]]] = []
    for year in sim.YEARS:
        respondents = _round(year).respondents.all()
        arms = Counter(respondents.values_list("arm", flat=True))
        assert arms == {"participant": PARTICIPANTS, "comparison": COMPARISON}
        participants = respondents.filter(arm="participant").values_list("enterprise", flat=True)
        assert set(participants) == pool
        comparison = respondents.filter(arm="comparison").select_related("matched_to")
        assert all(c.matched_to and c.matched_to.round_id == c.round_id for c in comparison)
        assert not comparison.filter(enterprise__in=pool).exists()
        matched.append({(c.enterprise_id, c.matched_to.enterprise_id) for c in comparison})  # type: ignore[union-attr]
    assert matched[0] == matched[1] == matched[2] and len(matched[0]) == COMPARISON


def test_locked_rounds_are_approved_and_2025_has_entries_in_every_state() -> None:
    for year in (2022, 2024):
        respondents = _round(year).respondents.select_related("round")
        assert set(respondents.values_list("status", flat=True)) == {"approved"}
        for r in respondents:
            assert r.submitted_at and r.reviewed_at and r.round.locked_at
            assert r.submitted_at < r.reviewed_at < r.round.locked_at
            assert r.round.period_start <= r.submitted_at.date() <= r.round.period_end
    open_round = _round(2025).respondents.all()
    assert Counter(open_round.values_list("status", flat=True)) == {
        "approved": 181,
        "submitted": 22,
        "draft": 9,
        "empty": 7,
        "returned": 2,
    }
    assert set(open_round.values_list("origin", flat=True)) == {"", "web", "spreadsheet", "kobo"}
    assert not open_round.filter(status="empty").exclude(values=None).exists()
    reviewed = open_round.exclude(reviewed_at=None)
    assert set(reviewed.values_list("reviewed_by__username", flat=True)) == {"officer"}
    for r in open_round.exclude(submitted_at=None):
        assert r.submitted_at is not None and r.submitted_at.date() < ed.REFERENCE_DATE
        assert r.reviewed_at is None or r.submitted_at < r.reviewed_at
        assert r.reviewed_at is None or r.reviewed_at.date() < ed.REFERENCE_DATE
    returned = open_round.filter(status="returned")
    assert returned.exists() and not returned.filter(review_comment="").exists()


def test_value_counts_and_field_submissions() -> None:
    for year, count in VALUES.items():
        assert Value.objects.filter(respondent__round__year=year).count() == count
    full = len(sim.FULL) + 3  # tenaga_kerja: women, men, youth and the total
    assert VALUES[2022] == (PARTICIPANTS + COMPARISON) * full
    assert VALUES[2024] == (PARTICIPANTS + COMPARISON) * (len(sim.SHORT) + 3)
    drafts = Value.objects.filter(respondent__round__year=2025, respondent__status="draft")
    complete = 181 + 22 + 2
    assert VALUES[2025] == complete * full + drafts.count()
    assert not ValueRevision.objects.exists()  # a first entry is not a change
    kobo = Respondent.objects.filter(origin="kobo").exclude(submitted_at=None)
    assert Submission.objects.count() == kobo.count() > 0
    assert all(
        s.origin == "kobo" and s.instance_id.startswith("uuid:") for s in Submission.objects.all()
    )


def test_values_have_their_indicators_types_and_only_one_is_out_of_range() -> None:
    indicators = {i.pk: i for i in Indicator.objects.all()}
    for value in Value.objects.all():
        indicator = indicators[value.indicator_id]
        if indicator.value_type == "choice":
            assert value.number is None and value.choice in indicator.option_codes()
        elif indicator.value_type == "boolean":
            assert value.number in (0, 1)
        elif indicator.value_type == "integer" or indicator.unit == "percent":
            assert value.number == value.number.to_integral_value()  # type: ignore[union-attr]
    assert _outside_range() == [(2025, "kompetensi", Decimal("104.5"))]


def test_2025_holds_the_planted_errors_and_the_locked_rounds_none() -> None:
    assert _jumps(2024) == [] and _duplicates(2022) == [] and _duplicates(2024) == []
    [(enterprise, code, ratio)] = _jumps(2025)
    assert code == "omzet" and 500 < ratio < 5000  # three extra zeros
    typo = _round(2025).respondents.get(enterprise=enterprise)
    assert (typo.status, typo.origin) == ("submitted", "spreadsheet")
    [pair] = _duplicates(2025)
    copies = _round(2025).respondents.filter(enterprise__in=pair)
    assert sorted(copies.values_list("status", "origin")) == [
        ("approved", "kobo"),
        ("submitted", "kobo"),
    ]
    beyond = Value.objects.get(number=Decimal("104.5"), indicator__code="kompetensi")
    assert (beyond.respondent.status, beyond.respondent.arm) == ("approved", "participant")


def _panel(year: int, code: str) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Each group's 2022 and ``year`` values of ``code`` on the enterprises answering both,
    the planted errors left out; groups: comparison, treated (by ``year``), not yet treated."""
    joined = dict(ProgrammeVillage.objects.values_list("village_id", "joined_year"))
    respondents = _round(year).respondents.select_related("enterprise")
    group = {}
    for r in respondents:
        onset = joined.get(r.enterprise.village_id, 9999) + sim.TRUE_ONSET_LAG_YEARS
        group[r.enterprise_id] = (
            "comparison" if r.arm == "comparison" else "treated" if year >= onset else "not_yet"
        )
    errors = {e for e, _c, _r in _jumps(year)} | {e for p in _duplicates(year) for e in p}
    base, now = _answers(2022), _answers(year)
    before: dict[str, list[float]] = defaultdict(list)
    after: dict[str, list[float]] = defaultdict(list)
    for enterprise, answers in now.items():
        if (code, "") in answers and (code, "") in base[enterprise] and enterprise not in errors:
            before[group[enterprise]].append(float(base[enterprise][(code, "")]))
            after[group[enterprise]].append(float(answers[(code, "")]))
    return before, after


def _did(before: dict[str, list[float]], after: dict[str, list[float]], *groups: str) -> float:
    def mean(values: dict[str, list[float]], names: tuple[str, ...]) -> float:
        return float(np.mean([v for n in names for v in values[n]]))

    return (mean(after, groups) - mean(before, groups)) - (
        mean(after, ("comparison",)) - mean(before, ("comparison",))
    )


def test_a_naive_difference_in_differences_finds_the_true_revenue_effect() -> None:
    before, after = _panel(2025, "omzet")
    log_before = {k: [math.log(v) for v in vs] for k, vs in before.items()}
    log_after = {k: [math.log(v) for v in vs] for k, vs in after.items()}
    naive = _did(log_before, log_after, "treated", "not_yet")
    assert abs(naive - sim.TRUE_REVENUE_EFFECT_LOG) < DID_TOLERANCE
    treated_share = len(before["treated"]) / (len(before["treated"]) + len(before["not_yet"]))
    assert abs(naive - sim.TRUE_REVENUE_EFFECT_LOG * treated_share) < DID_TOLERANCE
    on_treated = _did(log_before, log_after, "treated")
    assert abs(on_treated - sim.TRUE_REVENUE_EFFECT_LOG) < DID_TOLERANCE
    assert abs(_did(log_before, log_after, "not_yet")) < 2 * DID_TOLERANCE  # staggered: none yet


def test_the_competence_score_rises_by_the_true_effect_once_treated() -> None:
    for year in (2024, 2025):
        before, after = _panel(year, "kompetensi")
        treated = _did(before, after, "treated")
        assert abs(treated - sim.TRUE_COMPETENCE_EFFECT) < COMPETENCE_TOLERANCE, year
        assert abs(_did(before, after, "not_yet")) < 2 * COMPETENCE_TOLERANCE, year


def test_regency_targets_start_from_the_participants_2022_means() -> None:
    targets = Target.objects.select_related("indicator", "region").order_by(
        "indicator__code", "year"
    )
    assert [(t.indicator.code, t.year) for t in targets] == [
        ("jual_daring", 2024),
        ("jual_daring", 2025),
        ("kompetensi", 2024),
        ("kompetensi", 2025),
        ("omzet", 2024),
        ("omzet", 2025),
    ]
    assert {t.region.code for t in targets} == {"19.04"}
    participants = Value.objects.filter(
        respondent__round__year=2022, respondent__arm="participant", breakdown=""
    )
    for target in targets:
        numbers = participants.filter(indicator=target.indicator).values_list("number", flat=True)
        mean = float(np.mean([float(n or 0) for n in numbers]))
        if target.indicator.code == "jual_daring":
            mean *= 100
        assert target.baseline_value is not None
        assert abs(float(target.baseline_value) - mean) <= 0.5, target.indicator.code  # rounded
        assert target.target_value > target.baseline_value


def test_the_simulation_is_seeded_and_stays_in_range() -> None:
    firm = sim.Firm(
        participant=True, joined_year=2020, monthly_sales_idr=4_000_000, investment_idr=50_000_000,
        workers_female=3, workers_male=1, product_types=2, price_idr=30_000, kg_per_unit=1.0,
        local_material_pct=95, certificates={2022: 1, 2024: 2, 2025: 2},
    )  # fmt: skip
    firms = [firm, sim.Firm(**{**firm.__dict__, "participant": False, "joined_year": None})]
    assert sim.simulate(firms, seed=1) == sim.simulate(firms, seed=1)
    assert sim.simulate(firms, seed=1) != sim.simulate(firms, seed=2)
    assert [sim.treated(firm, y) for y in sim.YEARS] == [False, True, True]
    assert not any(sim.treated(firms[1], y) for y in sim.YEARS)
    for answers in sim.simulate(firms * 50, seed=3)[2025]:
        assert 0 <= float(answers["kompetensi"]) <= 100 and 0 <= int(answers["bahan_lokal"]) <= 100
        assert int(answers["tenaga_kerja__youth"]) <= int(answers["tenaga_kerja__female"]) + int(
            answers["tenaga_kerja__male"]
        )
        assert answers["pasar"] in sim.MARKETS


def test_a_second_run_writes_nothing() -> None:
    before = _rows()
    summary = demo_load()
    assert _rows() == before
    assert summary.monitoring == MonitoringSummary(
        rounds=0, left_alone=3, respondents=0, values=0, targets=0
    )
