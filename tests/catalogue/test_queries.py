"""How many queries the public pages' selectors make, whatever the number of listings."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ovop.accounts.models import User
from ovop.catalogue import selectors_places, services
from ovop.catalogue.models import Listing
from ovop.enterprises.models import Enterprise
from ovop.programme.models import Designation, ProgrammeVillage
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(
    officer: User,
    enterprise_x: Enterprise,
    enterprise_y: Enterprise,
    membership_a: ProgrammeVillage,
) -> list[Listing]:
    made = []
    for n in range(6):
        enterprise = enterprise_x if n % 2 else enterprise_y
        product = ProductFactory(enterprise=enterprise, name=f"Produk {n}")
        values = services.ListingValues(public_name=f"Produk {n}")
        listing = services.listing_create(user=officer, product=product, values=values)
        made.append(services.listing_publish(user=officer, listing=listing))
    Designation.objects.create(membership=membership_a, year=2024, product=made[1].product)
    return made


def _count(call: object) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()  # type: ignore[operator]
    return len(queries)


def test_featured_reads_in_three_queries(many: list[Listing]) -> None:
    featured: list[Listing] = []
    assert _count(lambda: featured.extend(selectors_places.featured_listings())) == 3
    assert [x.public_name for x in featured] == ["Produk 1"]


def test_villages_with_listings_in_two_queries(many: list[Listing]) -> None:
    rows: list[selectors_places.PublicVillage] = []
    assert _count(lambda: rows.extend(selectors_places.villages_with_listings())) == 2
    assert {r.village.name: r.listings for r in rows} == {"Desa Alfa": 3, "Desa Beta": 3}


def test_village_page_queries(many: list[Listing]) -> None:
    code = many[1].product.enterprise.village.code
    pages: list[object] = []
    assert _count(lambda: pages.append(selectors_places.village_page(code))) == 5
    page = pages[0]
    assert page.designated.public_name == "Produk 1"  # type: ignore[attr-defined]
    assert [x.public_name for x in page.others] == ["Produk 3", "Produk 5"]  # type: ignore[attr-defined]


#: Statements that read nothing: the search page's transaction on PostgreSQL (a savepoint
#: inside the test's own transaction) and its ``SET LOCAL`` (``search.serial_reads``).
NOT_READS = ("SAVEPOINT", "RELEASE SAVEPOINT", "SET LOCAL")


def test_public_page_queries_do_not_grow(
    client: Client, officer: User, many: list[Listing]
) -> None:
    pages = ["/id/katalog/", "/id/katalog/cari/?q=produk", f"/id/katalog/produk/{many[1].slug}/"]

    def counts() -> list[int]:
        found = []
        for page in pages:
            client.get("/robots.txt")
            services.listing_update(  # a change: the cache is stale, the page is built again
                user=officer,
                listing=many[1],
                values=services.ListingValues(public_name="Produk 1", story=str(len(found))),
            )
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page)["X-Catalogue-Cache"] == "miss"
            found.append(len([q for q in queries if not q["sql"].startswith(NOT_READS)]))
        return found

    few = counts()
    for n in range(6, 12):
        product = ProductFactory(enterprise=many[0].product.enterprise, name=f"Produk {n}")
        listing = services.listing_create(
            user=officer, product=product, values=services.ListingValues(public_name=f"Produk {n}")
        )
        services.listing_publish(user=officer, listing=listing)
    assert counts() == few
    # home: featured (designations, listings, photos), newest (listings, photos), categories,
    # villages (counts, regions); search: kecamatan (1), the page's keys, listings, photos (no
    # count: the first page shows every match);
    # product: listing, photos, rating, certificates, published reviews, their count and average
    assert few == [8, 4, 6]


def test_office_list_queries_do_not_grow(
    client: Client, officer: User, many: list[Listing]
) -> None:
    client.force_login(officer)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/catalogue/").status_code == 200
    for n in range(6, 16):
        ProductFactory(enterprise=many[0].product.enterprise, name=f"Produk {n}")
    with CaptureQueriesContext(connection) as more:
        assert client.get("/catalogue/").status_code == 200
    assert len(more) == len(few)
