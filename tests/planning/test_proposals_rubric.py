# ruff: noqa: F811  (fixtures imported from conftest_records are parameters here)
"""The expected benefit from the scoring rubric, computed by hand for a small year.

Weights 40 (beneficiaries), 25 (priority), 15 (stars), 20 (stage); the largest count is 20.

| proposal | village | beneficiaries | priority | stars | stage | total |
|---|---|---|---|---|---|---|
| Madu | A | 10 → 0.5 | designated → 1 | latest 4★ → 0.8 | stage 3 → 0.6 | 20+25+12+12 = 69 |
| Rusip | B | 20 → 1 | in programme → 0.5 | not rated → 0 | closed → 1 | 40+12.5+0+20 = 72.5 |
| Kecil | A | 5 → 0.25 | 1 | no IKM → 0 | 0.6 | 10+25+0+12 = 47 |
| (withdrawn) | A | 40 | — | — | — | not scored, not the largest |
"""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ovop.accounts.models import User
from ovop.empowerment.models import Cycle, CycleStatus
from ovop.enterprises.models import Enterprise, Product
from ovop.planning.models import FiscalYear, Proposal
from ovop.planning.selectors_proposals import rubric_scores
from ovop.planning.selectors_rubric import combine
from ovop.programme.models import Designation, Programme, ProgrammeVillage
from ovop.rating.models import RatingScheme, StarRating
from ovop.regions.models import Region
from tests.empowerment.conftest import cycle_a, cycle_b, group_a, group_b  # noqa: F401
from tests.planning.conftest_records import fy, make_proposal  # noqa: F401 - fixtures

_codes = itertools.count(1)


def _rate(product: Product, stars: int, by: User) -> StarRating:
    scheme, _ = RatingScheme.objects.get_or_create(
        code="uji", version=1, defaults={"name": "Uji", "definition": {}}
    )
    return StarRating.objects.create(
        product=product,
        scheme=scheme,
        stars=stars,
        percent=stars * 20.0,
        result={},
        tier="regency",
        verification_code=f"RUB{next(_codes):05d}",
        issued_by=by,
    )


@pytest.fixture
def year_scored(
    fy: FiscalYear,
    officer: User,
    programme: Programme,
    membership_a: ProgrammeVillage,
    village_b: Region,
    product_x: Product,
    enterprise_y: Enterprise,
    cycle_a: Cycle,
    cycle_b: Cycle,
) -> dict[str, Proposal]:
    ProgrammeVillage.objects.create(programme=programme, village=village_b, joined_year=2024)
    Designation.objects.create(membership=membership_a, year=2025, product=product_x)
    _rate(product_x, 5, officer)  # an older rating: the latest counts
    _rate(product_x, 4, officer)
    Cycle.objects.filter(pk=cycle_a.pk).update(stage=3)
    Cycle.objects.filter(pk=cycle_b.pk).update(stage=5, status=CycleStatus.CLOSED)
    village_a = membership_a.village
    madu = make_proposal(fy, village_a, "Madu", beneficiaries_female=6, beneficiaries_male=4)
    madu.enterprises.add(product_x.enterprise)
    rusip = make_proposal(fy, village_b, "Rusip", beneficiaries_female=20)
    rusip.enterprises.add(enterprise_y)
    kecil = make_proposal(fy, village_a, "Kecil", beneficiaries_male=5)
    make_proposal(fy, village_a, "Ditarik", beneficiaries_male=40, status="withdrawn")
    return {"madu": madu, "rusip": rusip, "kecil": kecil}


def test_scores_by_hand(english: None, year_scored: dict[str, Proposal], fy: FiscalYear) -> None:
    scores = rubric_scores(fy)
    assert len(scores) == 3
    madu = scores[year_scored["madu"].pk]
    assert (madu.beneficiaries, madu.priority, madu.stars, madu.stage) == (0.5, 1.0, 0.8, 0.6)
    assert madu.total == pytest.approx(69.0)
    assert madu.how["stars"] == "best-rated product of the IKM beneficiaries: 4 of 5 stars"
    assert madu.how["beneficiaries"] == "10 of the year's largest 20 beneficiaries"
    rusip = scores[year_scored["rusip"].pk]
    assert (rusip.beneficiaries, rusip.priority, rusip.stars, rusip.stage) == (1.0, 0.5, 0.0, 1.0)
    assert rusip.total == pytest.approx(72.5)
    assert rusip.how["stage"] == "the village's latest empowerment cycle is closed (reviewed)"
    assert scores[year_scored["kecil"].pk].total == pytest.approx(47.0)


def test_weights_change_the_total(year_scored: dict[str, Proposal], fy: FiscalYear) -> None:
    FiscalYear.objects.filter(pk=fy.pk).update(
        weight_beneficiaries=0, weight_priority=0, weight_stars=1, weight_stage=0
    )
    fy.refresh_from_db()
    assert rubric_scores(fy)[year_scored["madu"].pk].total == pytest.approx(80.0)


def test_combine_is_the_weighted_mean() -> None:
    parts = {"beneficiaries": 1.0, "priority": 0.5, "stars": 0.0, "stage": 0.25}
    weights = {"beneficiaries": 1, "priority": 1, "stars": 1, "stage": 1}
    assert combine(parts, weights) == pytest.approx(43.75)
    assert combine(parts, {k: 0 for k in weights}) == 0.0


def test_query_count_does_not_grow_with_the_proposals(
    year_scored: dict[str, Proposal], fy: FiscalYear
) -> None:
    with CaptureQueriesContext(connection) as few:
        rubric_scores(fy)
    village = year_scored["madu"].village
    for n in range(10):
        extra = make_proposal(fy, village, f"Tambahan {n}", beneficiaries_female=n)
        extra.enterprises.add(*year_scored["madu"].enterprises.all())
    with CaptureQueriesContext(connection) as many:
        assert len(rubric_scores(fy)) == 13
    assert len(many) == len(few) == 7
