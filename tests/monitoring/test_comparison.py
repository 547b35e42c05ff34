"""The comparison group: who is offered, the balance shown, accepting it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from ovop.accounts.models import User
from ovop.enterprises.models import Category, Enterprise
from ovop.monitoring.choices import Arm
from ovop.monitoring.models import Respondent, Round
from ovop.monitoring.services_comparison import comparison_accept, comparison_offer
from ovop.monitoring.services_rounds import participants_add
from ovop.regions.models import Region
from tests.conftest import login
from tests.factories import EnterpriseFactory, ProductFactory, village

pytestmark = pytest.mark.django_db


def _ikm(name: str, place: Region, workers: int, founded: int, category: str) -> Enterprise:
    enterprise = EnterpriseFactory(
        name=name, village=place, workers_male=workers, workers_female=0, founded_year=founded
    )
    ProductFactory(enterprise=enterprise, category=category)
    return enterprise  # type: ignore[no-any-return]


@pytest.fixture
def registry(village_a: Region, survey: Round, officer: User) -> dict[str, Enterprise]:
    """Three participants in village A (kecamatan 99.01.01); six candidates elsewhere."""
    near = village("99.01.01.2002", "Desa Dekat")  # same kecamatan as A
    far = village("99.01.02.2001", "Desa Jauh")  # another kecamatan
    food, batik = Category.FOOD_BEVERAGE, Category.BATIK
    ikm = {
        "p1": _ikm("Peserta Satu", village_a, 2, 2014, food),
        "p2": _ikm("Peserta Dua", village_a, 8, 2004, food),
        "p3": _ikm("Peserta Tiga", village_a, 4, 2019, batik),
        "c1": _ikm("Calon Satu", near, 2, 2015, food),  # p1's twin, same stratum
        "c2": _ikm("Calon Dua", near, 9, 2003, food),  # p2's twin, same stratum
        "c3": _ikm("Calon Tiga", near, 30, 1990, food),  # same stratum, very different
        "c4": _ikm("Calon Empat", far, 4, 2019, batik),  # p3's twin, but another kecamatan
        "c5": _ikm("Calon Lima", far, 3, 2020, food),
    }
    participants_add(user=officer, round_=survey)
    return ikm


def test_the_offer_pairs_each_participant_with_its_nearest_twin(
    english: None, survey: Round, registry: dict[str, Enterprise]
) -> None:
    offer = comparison_offer(round_=survey)
    pairs = {p.participant.enterprise.name: [e.name for e, _ in p.matches] for p in offer.pairs}
    assert pairs == {
        "Peserta Satu": ["Calon Satu"],
        "Peserta Dua": ["Calon Dua"],
        # no batik maker in kecamatan 01 outside the programme: matched anywhere (relaxed)
        "Peserta Tiga": ["Calon Empat"],
    }
    assert (offer.pool_size, offer.relaxed, offer.unmatched) == (5, 1, 0)
    assert [p.relaxed for p in offer.pairs] == [False, False, True]
    # Calon Empat has exactly Peserta Tiga's covariates
    assert offer.pairs[2].matches[0][1] == 0.0
    names = [row.name for row in offer.balance]
    assert names == ["Workers", "Years in business", "Medium or large industry"]
    workers = offer.balance[0]
    assert workers.mean_participants == pytest.approx(14 / 3)
    assert workers.mean_pool == pytest.approx((2 + 9 + 30 + 4 + 3) / 5)
    assert workers.mean_matched == pytest.approx(15 / 3)


def test_accepting_adds_the_comparison_group_once(
    officer: User, survey: Round, registry: dict[str, Enterprise]
) -> None:
    assert comparison_accept(user=officer, round_=survey) == 3
    rows = Respondent.objects.filter(round=survey, arm=Arm.COMPARISON).select_related(
        "enterprise", "matched_to__enterprise"
    )
    assert {(r.enterprise.name, r.matched_to.enterprise.name) for r in rows} == {  # type: ignore[union-attr]
        ("Calon Satu", "Peserta Satu"),
        ("Calon Dua", "Peserta Dua"),
        ("Calon Empat", "Peserta Tiga"),
    }
    # accepting again replaces the group (it has no values yet): still three, the same ones
    assert comparison_accept(user=officer, round_=survey) == 3
    assert Respondent.objects.filter(round=survey, arm=Arm.COMPARISON).count() == 3


def test_too_small_a_pool_is_refused_with_a_reason(
    english: None, survey: Round, village_a: Region, officer: User
) -> None:
    _ikm("Peserta Satu", village_a, 2, 2014, Category.FOOD_BEVERAGE)
    participants_add(user=officer, round_=survey)
    with pytest.raises(ValidationError) as refused:
        comparison_offer(round_=survey)
    assert refused.value.messages == [
        "A comparison group needs at least 2 participants and 2 enterprises outside the "
        "programme's villages; this round has 1 and the regency 0."
    ]


def test_the_page_shows_the_offer_and_only_managers_accept(
    english_client: Client,
    client: Client,
    officer: User,
    facilitator: User,
    survey: Round,
    registry: dict[str, Enterprise],
) -> None:
    url = f"/monitoring/rounds/{survey.pk}/comparison/"
    login(client, facilitator)
    assert client.get(url + "?ratio=1").status_code == 403
    assert client.post(url, {"ratio": "1"}).status_code == 403
    assert not Respondent.objects.filter(arm=Arm.COMPARISON).exists()
    login(english_client, officer)
    page = english_client.get(url + "?ratio=1").content.decode()
    assert "Calon Empat" in page and "other category or kecamatan" in page
    assert "3 / 3" in page
    response = english_client.post(url, {"ratio": "1"})
    assert response.status_code == 302
    assert Respondent.objects.filter(arm=Arm.COMPARISON).count() == 3
