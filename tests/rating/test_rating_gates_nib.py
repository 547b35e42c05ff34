"""NIB lives in one place: the enterprise's NIB field (``Enterprise.holds_nib``). The list's
"holds a valid NIB" filter, the rating's registry gate and the field read the same fact."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ovop.accounts.models import User
from ovop.enterprises.models import CertificationKind, Enterprise, Product, holds_nib_q
from ovop.rating import selectors, services
from tests.conftest import login
from tests.factories import CertificationFactory, EnterpriseFactory, ProductFactory
from tests.rating.conftest import passing
from tests.rating.helpers import finished


@pytest.fixture
def two(enterprise_x: Enterprise) -> dict[str, Enterprise]:
    """enterprise_x has an NIB in its field and no NIB certificate record; "Tanpa NIB" has
    an NIB certificate record (a second place the fact used to live) but no NIB field."""
    without = EnterpriseFactory(name="Tanpa NIB", village=enterprise_x.village, nib=None)
    CertificationFactory(enterprise=without, kind=CertificationKind.NIB, number="9120000000001")
    return {"with": enterprise_x, "without": without}


def test_the_list_filter_the_field_and_the_gate_agree(
    client: Client, officer: User, two: dict[str, Enterprise]
) -> None:
    with_nib, without = two["with"], two["without"]
    assert (with_nib.holds_nib, without.holds_nib) == (True, False)
    assert list(Enterprise.objects.filter(holds_nib_q()).values_list("name", flat=True)) == [
        "Getas Alfa"
    ]
    login(client, officer)
    response = client.get(reverse("enterprises:list") + "?certification=nib")
    assert [e.name for e in response.context["page_obj"]] == ["Getas Alfa"]
    translation.activate("en")  # the request above left the page's language (Indonesian) active
    for enterprise, expected in ((with_nib, True), (without, False)):
        product = ProductFactory(enterprise=enterprise)
        registry = selectors.product_registry(product=product)
        assert registry.facts()["nib"] is expected
        assert registry.line("nib").text == ("NIB: on file" if expected else "NIB: missing")


def test_an_empty_nib_field_is_not_an_nib(enterprise_x: Enterprise) -> None:
    Enterprise.objects.filter(pk=enterprise_x.pk).update(nib="")
    enterprise_x.refresh_from_db()
    assert enterprise_x.holds_nib is False
    assert not Enterprise.objects.filter(holds_nib_q(), pk=enterprise_x.pk).exists()


def test_the_registry_and_the_preview_cost_a_fixed_number_of_queries(
    django_assert_num_queries: object,
    officer: User,
    assessor: User,
    enterprise_x: Enterprise,
) -> None:
    for kind in (CertificationKind.PIRT, CertificationKind.HALAL, CertificationKind.BPOM_MD):
        CertificationFactory(enterprise=enterprise_x, kind=kind)
    product = Product.objects.select_related("enterprise").get(
        pk=ProductFactory(enterprise=enterprise_x).pk
    )
    scheme = {s.code: s for s in services.scheme_install_fixtures()}["kemenperin-ovop"]
    finished(
        officer=officer, assessor=assessor, product=product, scheme=scheme, answers=passing(scheme)
    )
    with django_assert_num_queries(1):  # type: ignore[operator]
        registry = selectors.product_registry(product=product)
    assert registry.facts() == dict.fromkeys(
        ("nib", "pirt", "bpom_md", "food_permit", "halal"), True
    )
    with django_assert_num_queries(2):  # type: ignore[operator]
        preview = selectors.panel_preview(user=officer, product=product, scheme=scheme)
    assert (preview.panel.stars, preview.panel.ties) == (5, ())
