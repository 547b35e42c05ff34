"""For whom, by the owner's gender: a hand-made world in which women's enterprises gained
about twice what men's did. Five women and five men own participating IKM in village A, one
participant's owner has no gender recorded, five comparison IKM are in village B; the
estimates of each subgroup are known by hand (difference-in-differences of logarithms, as
omzet is in rupiah)."""

from __future__ import annotations

import math

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise, OwnerGender
from ovop.evaluation.impact import IndicatorImpact, indicator_impact
from ovop.monitoring.choices import Arm
from ovop.monitoring.models import Indicator
from ovop.programme.models import Programme, ProgrammeVillage
from ovop.regions.models import Region
from tests.conftest import login
from tests.evaluation.conftest import (
    BEFORE,
    GAIN_COMPARISON,
    GAIN_PARTICIPANTS,
    make_round,
    respond,
)

GAIN_WOMEN = [600_000, 610_000, 590_000, 605_000, 595_000]
GAIN_MEN = GAIN_PARTICIPANTS
#: The participant whose owner's gender is not recorded: before, gain.
UNRECORDED = (2_000_000, 900_000)


def _log_change(gains: list[int]) -> float:
    """The mean change in log omzet of five enterprises that start at ``BEFORE``."""
    return sum(math.log((b + g) / b) for b, g in zip(BEFORE, gains, strict=True)) / len(gains)


WOMEN_EFFECT = _log_change(GAIN_WOMEN) - _log_change(GAIN_COMPARISON)
MEN_EFFECT = _log_change(GAIN_MEN) - _log_change(GAIN_COMPARISON)


def _firms(village: Region, prefix: str, gender: str, n: int = 5) -> list[Enterprise]:
    return [
        Enterprise.objects.create(name=f"{prefix} {k}", owner_gender=gender, village=village)
        for k in range(n)
    ]


@pytest.fixture
def gendered(
    programme: Programme, membership_a: ProgrammeVillage, village_a: Region, village_b: Region
) -> Programme:
    women = _firms(village_a, "Peserta perempuan", OwnerGender.FEMALE)
    men = _firms(village_a, "Peserta laki-laki", OwnerGender.MALE)
    (unknown,) = _firms(village_a, "Peserta tanpa data", "", 1)
    comparison = _firms(village_b, "Pembanding", OwnerGender.FEMALE)
    baseline, follow_up = make_round(programme, 2022), make_round(programme, 2025)
    for firms, arm, gains in (
        (women, Arm.PARTICIPANT, GAIN_WOMEN),
        (men, Arm.PARTICIPANT, GAIN_MEN),
        (comparison, Arm.COMPARISON, GAIN_COMPARISON),
    ):
        respond(baseline, firms, arm, BEFORE)
        respond(follow_up, firms, arm, [b + g for b, g in zip(BEFORE, gains, strict=True)])
    before, gain = UNRECORDED
    respond(baseline, [unknown], Arm.PARTICIPANT, [before])
    respond(follow_up, [unknown], Arm.PARTICIPANT, [before + gain])
    return programme


def _impact(programme: Programme) -> IndicatorImpact:
    omzet = Indicator.objects.get(code="omzet")
    return indicator_impact(programme=programme, indicator=omzet, subgroups=True)


def test_each_gender_gets_the_effect_known_by_hand(gendered: Programme) -> None:
    with translation.override("en"):
        result = _impact(gendered)
        labels = [t.label for t in result.subgroups]
    assert labels == ["Kecamatan", "Main product category", "Owner's gender", "Star level"]
    assert result.design == "did" and result.headline_log is not None
    assert result.headline_log.n_treated == 11  # the unrecorded participant counts overall
    tables = {t.dimension: t for t in result.subgroups}
    assert list(tables) == ["kecamatan", "category", "owner_gender", "stars"]
    gender = tables["owner_gender"]
    found = {
        e.label: (e.estimate, d.n_treated, d.n_control)
        for e, d in zip(gender.effects, gender.details, strict=True)
    }
    assert found == {
        "Female": (pytest.approx(WOMEN_EFFECT, rel=1e-9), 5, 5),
        "Male": (pytest.approx(MEN_EFFECT, rel=1e-9), 5, 5),
    }
    assert WOMEN_EFFECT > 1.9 * MEN_EFFECT  # the world is as its docstring says
    assert gender.left_out == 1 and gender.skipped == ()
    assert gender.heterogeneity is not None and gender.heterogeneity.df == 1
    # nobody has a product: no subgroup by category, every participant left out of it
    assert (tables["category"].effects, tables["category"].left_out) == ((), 11)
    assert tables["kecamatan"].left_out == tables["stars"].left_out == 0


def test_without_any_gender_recorded_there_is_no_subgroup(gendered: Programme) -> None:
    Enterprise.objects.update(owner_gender="")
    tables = {t.dimension: t for t in _impact(gendered).subgroups}
    gender = tables["owner_gender"]
    assert (gender.effects, gender.skipped, gender.left_out) == ((), (), 11)


def test_the_page_and_the_api_show_the_split(
    client: Client, officer: User, gendered: Programme
) -> None:
    login(client, officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    url = f"/evaluation/programmes/{gendered.pk}/indicators/omzet/"
    page = client.get(url).content.decode()
    section = page.split("<h3>Jenis kelamin pemilik</h3>")[1].split("<h3>")[0]
    assert '<th scope="row">Perempuan' in section and '<th scope="row">Laki-laki' in section
    assert (
        "1 peserta yang jenis kelamin pemiliknya tidak dicatat tidak masuk subkelompok mana pun."
        in section
    )
    data = client.get(f"/api/v1/evaluation/programmes/{gendered.pk}/indicators/omzet/").json()
    split = data["subgroups"]["owner_gender"]
    assert {row["label"]: row["estimate"] for row in split["rows"]} == {
        "Perempuan": pytest.approx(WOMEN_EFFECT, rel=1e-9),
        "Laki-laki": pytest.approx(MEN_EFFECT, rel=1e-9),
    }
    assert [row["n_treated"] for row in split["rows"]] == [5, 5]
    assert split["left_out"] == 1 and split["heterogeneity"]["df"] == 1
    assert data["subgroups"]["category"]["left_out"] == 11
