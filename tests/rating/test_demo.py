"""The demo ratings: schemes installed, madu pelawan rated by a panel, a draft; idempotent."""

from __future__ import annotations

from ovop.accounts.models import User
from ovop.demo.rating import demo_ratings_load
from ovop.rating.models import Assessment, RatingScheme, StarRating
from tests.factories import EnterpriseFactory, ProductFactory, village


def test_demo_ratings_load_is_idempotent(officer: User, assessor: User) -> None:
    namang = village("19.04.05.2001", "Namang")
    enterprise = EnterpriseFactory(village=namang, nib="1112223334445")
    madu = ProductFactory(enterprise=enterprise, name="Madu Pelawan Asli")
    jamur = ProductFactory(enterprise=enterprise, name="Jamur Pelawan Kering")
    writes = demo_ratings_load(officer=officer, assessor=assessor)
    assert writes == 2 + 1 + 1 + 1 + 2  # schemes, invite, finalise, rating, draft
    rating = StarRating.objects.get()
    assert rating.product == madu
    assert rating.result["failed_gates"][0]["item"] == "l_food_permit"  # no P-IRT/halal
    assert rating.stars == 3
    draft = Assessment.objects.get(product=jamur)
    assert draft.status == "draft"
    assert demo_ratings_load(officer=officer, assessor=assessor) == 0
    assert (RatingScheme.objects.count(), Assessment.objects.count()) == (2, 2)
