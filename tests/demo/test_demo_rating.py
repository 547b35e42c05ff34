"""The demo ratings: schemes installed (Kemenperin v2 in use), madu pelawan rated with its
legality gates decided by the registry, a draft; idempotent."""

from __future__ import annotations

import datetime as dt

import pytest

from ovop.accounts.models import User
from ovop.demo.rating import NAMANG, demo_ratings_load
from ovop.enterprises.models import CertificationKind, Product
from ovop.rating import selectors, services
from ovop.rating.models import Assessment, RatingScheme, StarRating
from tests import demo_snapshot
from tests.factories import CertificationFactory, EnterpriseFactory, ProductFactory, village


@pytest.fixture
def namang_products() -> tuple[Product, Product]:
    """Madu with a valid P-IRT and no halal certificate, from an enterprise with a NIB."""
    namang = village(NAMANG, "Namang")
    enterprise = EnterpriseFactory(village=namang, nib="1112223334445")
    madu = ProductFactory(enterprise=enterprise, name="Madu Pelawan Asli")
    jamur = ProductFactory(enterprise=enterprise, name="Jamur Pelawan Kering")
    CertificationFactory(
        enterprise=enterprise,
        product=madu,
        kind=CertificationKind.PIRT,
        issued_on=dt.date(2024, 3, 1),
        expires_on=dt.date(2099, 3, 1),
    )
    return madu, jamur


def test_demo_ratings_load_is_idempotent(
    admin_user: User, officer: User, assessor: User, namang_products: tuple[Product, Product]
) -> None:
    madu, jamur = namang_products
    writes = demo_ratings_load(admin=admin_user, officer=officer, assessor=assessor)
    assert writes == 3 + 1 + 1 + 1 + 2  # scheme versions, invite, finalise, rating, draft
    rating = StarRating.objects.get()
    assert (rating.product, rating.scheme.code, rating.scheme.version) == (
        madu,
        "kemenperin-ovop",
        2,
    )
    # the registry: NIB on file, P-IRT valid, no halal: only the halal gate fails
    assert [g["item"] for g in rating.result["failed_gates"]] == ["l_halal"]
    assert [(d["item"], d["decided_by"], d["passed"]) for d in rating.result["gate_decisions"]] == [
        ("l_nib", "registry", True),
        ("l_food_permit", "registry", True),
        ("l_halal", "registry", False),
    ]
    assert rating.stars == 3
    draft = Assessment.objects.get(product=jamur)
    assert (draft.status, draft.scheme_id) == ("draft", rating.scheme_id)
    assert demo_ratings_load(admin=admin_user, officer=officer, assessor=assessor) == 0
    assert (RatingScheme.objects.count(), Assessment.objects.count()) == (3, 2)


def test_an_older_demo_with_v1_in_use_is_brought_to_v2(
    admin_user: User, officer: User, assessor: User, namang_products: tuple[Product, Product]
) -> None:
    services.scheme_install_fixtures()  # an installation from before version 2 shipped:
    RatingScheme.objects.filter(code="kemenperin-ovop", version=2).delete()
    RatingScheme.objects.filter(code="kemenperin-ovop", version=1).update(status="active")
    writes = demo_ratings_load(admin=admin_user, officer=officer, assessor=assessor)
    assert writes == 1 + 1 + 1 + 1 + 1 + 2  # v2 installed, put in use, invite, ..., draft
    statuses = RatingScheme.objects.filter(code="kemenperin-ovop").order_by("version")
    assert list(statuses.values_list("version", "status")) == [(1, "archived"), (2, "active")]
    assert StarRating.objects.get().scheme.version == 2
    assert demo_ratings_load(admin=admin_user, officer=officer, assessor=assessor) == 0


def test_the_demo_rating_of_namang_madu_agrees_with_the_registry(db: None) -> None:
    demo_snapshot.install()
    rating = StarRating.objects.select_related("product__enterprise").get()
    madu = rating.product
    assert (madu.enterprise.village.code, madu.name) == (NAMANG, "Madu Pelawan Asli")
    assert (rating.scheme.code, rating.scheme.version, rating.scheme.status) == (
        "kemenperin-ovop",
        2,
        "active",
    )
    facts = selectors.product_registry(product=madu).facts()
    decisions = {d["item"]: d for d in rating.result["gate_decisions"]}
    gates = {"l_nib": "nib", "l_food_permit": "food_permit", "l_halal": "halal"}
    for item, fact in gates.items():
        assert decisions[item]["decided_by"] == "registry"
        assert decisions[item]["passed"] is facts[fact], item
    # the demo's Mak Fatimah holds no NIB and no halal certificate: both gates fail
    assert not madu.enterprise.certifications.filter(kind=CertificationKind.HALAL).exists()
    assert (facts["nib"], facts["halal"]) == (False, False)
    assert rating.stars <= 3
    assert not Assessment.objects.filter(scheme__version=1).exists()
