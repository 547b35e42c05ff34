"""Issue 13: one indicator's impact on a small hand-made panel — the numbers known by hand,
and every way the data can fall short said in words instead of a number."""

from __future__ import annotations

import pytest
import scipy.stats
from django.utils import translation

from ovop.enterprises.models import Enterprise
from ovop.evaluation.impact import indicator_impact
from ovop.evaluation.sentences import impact_sentence
from ovop.monitoring.choices import Arm, EntryStatus, FlagKind
from ovop.monitoring.models import Flag, Indicator, Respondent
from ovop.programme.models import Programme, ProgrammeVillage
from tests.evaluation.conftest import (
    BEFORE,
    GAIN_PARTICIPANTS,
    Answer,
    make_round,
)


def _omzet(programme: Programme):  # type: ignore[no-untyped-def]
    return indicator_impact(programme=programme, indicator=Indicator.objects.get(code="omzet"))


def test_the_hand_made_panel_gives_the_numbers_known_by_hand(world: Programme) -> None:
    result = _omzet(world)
    assert result.years == (2022, 2025) and result.design == "did"
    did = result.effects["did"]
    assert did.estimate == pytest.approx(100_000, abs=1e-6)
    assert (did.n_treated, did.n_control) == (5, 5)
    change = result.before_after
    assert change is not None and change.mean_diff == pytest.approx(300_000)
    after = [b + g for b, g in zip(BEFORE, GAIN_PARTICIPANTS, strict=True)]
    reference = scipy.stats.ttest_rel(after, BEFORE)
    assert change.p_t == pytest.approx(reference.pvalue, rel=1e-9)
    low, high = reference.confidence_interval(0.95)
    assert change.ci95 == pytest.approx((low, high), rel=1e-9)
    # all the villages joined in one year and the first year treated (2020) is before the
    # baseline: the staggered design has nobody to compare over time and says so
    assert "staggered" in result.reasons
    # on the log scale too (every omzet is above zero)
    assert "did_log" in result.effects
    means = {(m.year, m.arm): m.mean for m in result.means}
    assert means[(2025, Arm.COMPARISON)] == pytest.approx(3_200_000)


def test_the_sentence_says_the_effect_in_indonesian_and_english(world: Programme) -> None:
    with translation.override("id"):
        sentence = impact_sentence(_omzet(world))
    assert sentence.startswith(
        "Omzet per bulan IKM peserta naik Rp\u00a0100.000 lebih banyak daripada IKM pembanding"
    )
    with translation.override("en"):
        sentence = impact_sentence(_omzet(world))
    assert sentence.startswith(
        "Monthly revenue of participating IKM rose by Rp\u00a0100.000 more than that of the "
        "comparison IKM (95 % CI: Rp\u00a0"
    )
    assert "In percent: " in sentence


def test_without_a_comparison_group_only_the_change_is_given(
    programme: Programme,
    membership_a: ProgrammeVillage,
    firms: dict[str, list[Enterprise]],
    answer: Answer,
) -> None:
    baseline, follow_up = make_round(programme, 2022), make_round(programme, 2025)
    answer(baseline, firms[Arm.PARTICIPANT], Arm.PARTICIPANT, BEFORE)
    answer(follow_up, firms[Arm.PARTICIPANT], Arm.PARTICIPANT, [b + 300_000 for b in BEFORE])
    with translation.override("en"):
        result = _omzet(programme)
        assert result.design == "before_after" and result.headline is None
        assert result.reasons["did"] == "there is no comparison group with values in these years"
        assert impact_sentence(result).startswith(
            "Without a comparison group: Monthly revenue of participating IKM changed by "
            "Rp\u00a0300.000 on average between 2022 and 2025"
        )


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("no_round", "no survey round of this programme asks this indicator yet"),
        (
            "one_round",
            "only one round (2022) measures it: a change needs a baseline and a follow-up",
        ),
        ("equal", "every value is the same, so there is nothing to compare"),
        ("few", "only 3 participants have a value in both 2022 and 2025"),
        ("drafts", "no finished entry holds a value of this indicator yet"),
    ],
)
def test_data_that_fall_short_are_named(
    programme: Programme,
    membership_a: ProgrammeVillage,
    firms: dict[str, list[Enterprise]],
    answer: Answer,
    case: str,
    reason: str,
) -> None:
    people = firms[Arm.PARTICIPANT]
    if case != "no_round":
        baseline = make_round(programme, 2022)
    if case in ("one_round", "drafts"):
        status = EntryStatus.DRAFT if case == "drafts" else EntryStatus.APPROVED
        answer(baseline, people, Arm.PARTICIPANT, BEFORE, status=status)
        if case == "drafts":
            make_round(programme, 2025)
    if case in ("equal", "few"):
        follow_up = make_round(programme, 2025)
        numbers = [1_000_000] * 5 if case == "equal" else BEFORE[:3] + [None, None]
        answer(baseline, people, Arm.PARTICIPANT, numbers)
        answer(follow_up, people, Arm.PARTICIPANT, numbers)
    with translation.override("en"):
        result = _omzet(programme)
        assert result.headline is None and result.before_after is None
        assert result.reasons["before_after"] == reason
        assert impact_sentence(result) == f"No estimate yet: {reason}."


def test_a_choice_indicator_is_not_averaged(world: Programme) -> None:
    make_round(world, 2023, codes=("pasar",))
    with translation.override("en"):
        result = indicator_impact(programme=world, indicator=Indicator.objects.get(code="pasar"))
    assert result.reasons["did"] == (
        "an indicator answered by choosing from a list has no average to compare"
    )


def test_unfinished_and_flagged_values_are_left_out_and_counted(
    world: Programme, firms: dict[str, list[Enterprise]], answer: Answer
) -> None:
    follow_up = world.survey_rounds.get(year=2025)
    late = Enterprise.objects.create(name="Terlambat", village=firms[Arm.COMPARISON][0].village)
    answer(follow_up, [late], Arm.COMPARISON, [9_000_000], status=EntryStatus.DRAFT)
    doubted = Respondent.objects.get(round=follow_up, enterprise=firms[Arm.COMPARISON][0])
    Flag.objects.create(
        respondent=doubted, indicator=Indicator.objects.get(code="omzet"), kind=FlagKind.JUMP
    )
    with translation.override("en"):
        result = _omzet(world)
    assert result.left_out == {"unfinished": 1, "flagged": 1}
    # the flagged one has no 2025 value now: too few left in the comparison group
    assert result.reasons["did"] == (
        "too few enterprises: 5 participants and 4 in the comparison group"
    )
    assert result.asked[(2025, Arm.COMPARISON)] == 6
