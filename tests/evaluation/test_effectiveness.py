"""Issue 13: were the targets reached? Achievement and band of each target of the programme's
indicators, the participants' actual value read as the impact estimates read it."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client

from ovop.accounts.models import User
from ovop.evaluation.effectiveness import DEFAULT_LIMITS, programme_targets
from ovop.evaluation.services import settings_update
from ovop.monitoring.choices import Arm, FlagKind
from ovop.monitoring.models import Flag, Indicator, Respondent, Target
from ovop.programme.models import Programme
from tests.conftest import login
from tests.factories import village


def _target(programme: Programme, value: int, year: int = 2025, region=None) -> Target:  # type: ignore[no-untyped-def]
    return Target.objects.create(
        indicator=Indicator.objects.get(code="omzet"),
        region=region or programme.regency,
        year=year,
        target_value=Decimal(value),
    )


def test_each_target_gets_its_achievement_and_band(world: Programme) -> None:
    # the participants' mean monthly revenue in 2025: 3,000,000 + 300,000
    _target(world, 3_000_000)
    _target(world, 3_500_000, year=2022)  # the baseline round: mean 3,000,000
    _target(world, 0, year=2024)  # no round of 2024
    elsewhere = village("98.01.01.2001", "Desa Lain").parent.parent
    _target(world, 1_000_000, region=elsewhere)  # another regency: not this programme's
    lines = {line.row.target.year: line for line in programme_targets(world, DEFAULT_LIMITS)}
    assert set(lines) == {2025, 2022, 2024}
    assert lines[2025].row.actual == 3_300_000 and lines[2025].row.achievement_pct == 110.0
    assert lines[2025].band == "very_effective"
    assert lines[2022].row.achievement_pct == 85.7 and lines[2022].band == "fairly_effective"
    assert lines[2024].row.round is None and lines[2024].band == ""


def test_a_doubted_value_does_not_count(world: Programme) -> None:
    _target(world, 3_000_000)
    follow_up = world.survey_rounds.get(year=2025)
    doubted = Respondent.objects.filter(round=follow_up, arm=Arm.PARTICIPANT).order_by("pk")[4]
    Flag.objects.create(
        respondent=doubted, indicator=Indicator.objects.get(code="omzet"), kind=FlagKind.JUMP
    )
    (line,) = programme_targets(world, DEFAULT_LIMITS)
    # the four left: (1.3 + 2.31 + 3.29 + 4.305) million / 4
    assert line.row.respondents == 4
    assert line.row.actual == 2_801_250
    assert line.row.achievement_pct == 93.4 and line.band == "effective"


def test_the_programme_page_shows_the_targets_and_the_bands(
    english_client: Client, officer: User, world: Programme
) -> None:
    _target(world, 3_000_000)
    page = login(english_client, officer).get(f"/evaluation/programmes/{world.pk}/")
    text = page.content.decode()
    assert 'id="targets"' in text and "110.0 %" in text and "very effective" in text
    assert "very effective from 100 %, effective from 90 %" in text


def test_no_target_says_so(english_client: Client, officer: User, world: Programme) -> None:
    text = login(english_client, officer).get(f"/evaluation/programmes/{world.pk}/").content
    assert b"No data yet: no target is set for the indicators of this programme." in text


def test_the_programme_bands_place_the_achievement(world: Programme, officer: User) -> None:
    """110 % is "very effective" by default; with "very effective" from 120 % it is "effective"."""
    _target(world, 3_000_000)
    settings_update(
        user=officer, programme=world, effect_lag_years=0, band_limits_pct=(120, 100, 80, 60)
    )
    (line,) = programme_targets(world, (120, 100, 80, 60))
    assert line.band == "effective"
