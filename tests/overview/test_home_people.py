"""Issue 9: a facilitator's home page lists her villages ("Desa saya"); an IKM owner's lists
their enterprise, its products' stars and what would raise them, its certificates and whether
a product is its village's OVOP product. Neither names anything outside their scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.enterprises.models import CertificationKind, Enterprise, Product
from ovop.overview.selectors_owner import CertificateState, owner_home
from ovop.overview.selectors_villages import my_villages
from ovop.programme.models import Programme, ProgrammeVillage
from ovop.rating import services
from ovop.rating.models import RatingScheme
from ovop.regions.models import Region
from tests.bangka_tengah import designate
from tests.conftest import login
from tests.factories import EnterpriseFactory, ProductFactory, village
from tests.overview.home_data import certificate
from tests.rating.conftest import all_answers
from tests.rating.helpers import finished

pytestmark = pytest.mark.django_db

ARCHIVED = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def village_c(village_a: Region) -> Region:
    """A second village of the facilitator, with no enterprise (kecamatan of village A)."""
    made = village("99.01.01.2002", "Desa Gama")
    made.facilitators.add(*village_a.facilitators.all())
    return made


@pytest.fixture
def designations(
    programme: Programme, membership_a: ProgrammeVillage, product_x: Product, product_y: Product
) -> None:
    """Village A chose Getas Tenggiri Alfa in 2024 (nothing yet for 2025); village B Rusip."""
    membership_a.designations.create(year=2024, product=product_x)
    membership_a.designations.create(year=2025, product=None)
    designate(programme, product_y.enterprise.village, {2025: product_y})


def test_facilitator_sees_her_villages(
    facilitator: User,
    village_c: Region,
    enterprise_x: Enterprise,
    enterprise_y: Enterprise,
    designations: None,
) -> None:
    EnterpriseFactory(village=enterprise_x.village, name="Madu Alfa")
    EnterpriseFactory(village=enterprise_x.village, archived_at=ARCHIVED)
    lines = my_villages(user=facilitator)
    assert [
        (
            line.village.name,
            line.enterprises,
            line.designation and (line.designation.product.name, line.designation.year),
        )
        for line in lines
    ] == [("Desa Alfa", 2, ("Getas Tenggiri Alfa", 2024)), ("Desa Gama", 0, None)]


def test_facilitator_page_names_no_village_outside_hers(
    client: Client,
    facilitator: User,
    village_c: Region,
    enterprise_y: Enterprise,
    designations: None,
) -> None:
    page = login(client, facilitator).get("/").content.decode()
    assert "Desa Alfa" in page and "Desa Gama" in page and "Getas Tenggiri Alfa" in page
    for outside in ("Desa Beta", "Rusip Beta", "99.01.02"):
        assert outside not in page
    assert 'class="stat">1 / 2</div>' in page  # one kecamatan, two villages: not all villages


@pytest.fixture
def rated(officer: User, assessor: User, product_x: Product) -> RatingScheme:
    """Getas Tenggiri Alfa rated on Kemenperin v2 with every item at its first option: no food
    permit and no halal certificate on file, so both registry gates fail."""
    scheme = next(
        s
        for s in services.scheme_install_fixtures()
        if (s.code, s.version) == ("kemenperin-ovop", 2)
    )
    finished(
        officer=officer,
        assessor=assessor,
        product=product_x,
        scheme=scheme,
        answers=all_answers(scheme, "o1"),
    )
    services.star_rating_issue(user=officer, product=product_x, scheme=scheme)
    return scheme


def test_owner_sees_stars_and_what_would_raise_them(
    owner: User, enterprise_x: Enterprise, product_x: Product, rated: RatingScheme, english: None
) -> None:
    ProductFactory(enterprise=enterprise_x, name="Kemplang Alfa")
    ProductFactory(enterprise=enterprise_x, name="Old", archived_at=ARCHIVED)
    [home] = owner_home(user=owner)
    assert [p.product.name for p in home.products] == ["Getas Tenggiri Alfa", "Kemplang Alfa"]
    getas, kemplang = home.products
    assert kemplang.rating is None and kemplang.to_raise == []
    assert getas.rating is not None
    rating = getas.rating
    assert getas.to_raise == [
        "A food product without a valid P-IRT or BPOM MD gets at most 3 stars.",
        "A food product without a valid halal certificate gets at most 3 stars.",
    ]
    # Every item at its lowest option: a third of the maximum, one star; two needs 40 %.
    assert (rating.stars, round(rating.percent, 1), getas.next_star_percent) == (1, 33.3, 40.0)


def test_owner_sees_certificates_by_state(owner: User, enterprise_x: Enterprise) -> None:
    today = dt.date(2026, 3, 1)
    certificate(enterprise_x, dt.date(2026, 2, 28), CertificationKind.HALAL)
    certificate(enterprise_x, dt.date(2026, 4, 30), CertificationKind.PIRT)
    certificate(enterprise_x, None, CertificationKind.TRADEMARK)
    certificate(enterprise_x, dt.date(2027, 1, 1), CertificationKind.SNI)
    certificate(enterprise_x, dt.date(2026, 3, 5), CertificationKind.BPOM_MD, archived=True)
    [home] = owner_home(user=owner, today=today)
    assert [(c.certification.kind, c.state) for c in home.certificates] == [
        (CertificationKind.HALAL, CertificateState.EXPIRED),
        (CertificationKind.PIRT, CertificateState.EXPIRING),
        (CertificationKind.SNI, CertificateState.VALID),
        (CertificationKind.TRADEMARK, CertificateState.VALID),
    ]


def test_owner_sees_whether_a_product_is_the_villages_ovop_product(
    owner: User, programme: Programme, membership_a: ProgrammeVillage, product_x: Product
) -> None:
    membership_a.designations.create(year=2024, product=product_x)
    other_programme = Programme.objects.create(
        name="OVOP Lain", scheme=programme.scheme, regency=programme.regency, start_year=2020
    )
    neighbour = ProductFactory(enterprise=EnterpriseFactory(village=product_x.enterprise.village))
    designate(other_programme, product_x.enterprise.village, {2023: product_x, 2025: neighbour})
    [home] = owner_home(user=owner)
    [line] = home.products
    # "OVOP Uji" still carries it; "OVOP Lain" chose a neighbour's product in 2025.
    assert [(o.programme, o.village, o.year) for o in line.ovop] == [
        ("OVOP Uji", "Desa Alfa", 2024)
    ]


def test_owner_page_names_no_other_enterprise(
    english_client: Client,
    owner: User,
    enterprise_x: Enterprise,
    product_x: Product,
    enterprise_y: Enterprise,
    designations: None,
) -> None:
    neighbour = EnterpriseFactory(village=enterprise_x.village, name="Tetangga Alfa")
    ProductFactory(enterprise=neighbour, name="Produk Tetangga")
    certificate(enterprise_y, dt.date(2026, 1, 1))
    page = login(english_client, owner).get("/").content.decode()
    assert "Getas Alfa" in page and "Getas Tenggiri Alfa" in page
    assert "OVOP product of Desa Alfa (2024)" in page
    for outside in ("Rusip Beta", "Tetangga Alfa", "Produk Tetangga", "Desa Beta"):
        assert outside not in page
    assert 'id="ratings-to-issue"' not in page


def test_owner_page_shows_the_stars_and_gates(
    english_client: Client, owner: User, product_x: Product, rated: RatingScheme
) -> None:
    page = login(english_client, owner).get("/").content.decode()
    assert "★☆☆☆☆ 1 star" in page
    assert "score 33.3% of the maximum; the next star needs 40%" in page
    assert "A food product without a valid halal certificate gets at most 3 stars." in page
