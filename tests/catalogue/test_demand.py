"""Demand signals: page views counted outside the page cache, counting redirects that go only
to the listing's own addresses, the figures per product, category, village and month, and the
demand dashboard with its export."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ovop.accounts.models import User
from ovop.catalogue import selectors_demand, services, services_demand, services_inquiries
from ovop.catalogue.models import DemandCount, DemandKind, Inquiry, InquiryStatus, Listing
from ovop.catalogue.selectors_demand import DemandFilters
from ovop.enterprises.models import Enterprise
from tests.conftest import login

pytestmark = pytest.mark.django_db

PAGE = "/id/katalog/produk/keripik-tenggiri-alfa/"
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 13) Chrome/120 Mobile"}


def counted(listing: Listing, kind: DemandKind) -> int:
    return sum(DemandCount.objects.filter(listing=listing, kind=kind).values_list("n", flat=True))


@pytest.fixture
def whatsapp_x(listing_x: Listing, officer: User) -> Listing:
    values = services.ListingValues(
        public_name=listing_x.public_name,
        story=listing_x.story,
        marketplace_links=["https://www.tokopedia.com/alfa/keripik", "https://shopee.co.id/alfa"],
        show_whatsapp=True,
        slug=listing_x.slug,
    )
    return services.listing_update(user=officer, listing=listing_x, values=values)


def test_views_are_counted_also_when_the_page_comes_from_the_cache(
    client: Client, listing_x: Listing
) -> None:
    first = client.get(PAGE, **BROWSER)
    second = client.get(PAGE, **BROWSER)
    third = client.get("/en/catalogue/product/keripik-tenggiri-alfa/", **BROWSER)
    assert (first["X-Catalogue-Cache"], second["X-Catalogue-Cache"]) == ("miss", "hit")
    assert third.status_code == 200
    assert counted(listing_x, DemandKind.VIEW) == 3
    row = DemandCount.objects.get(listing=listing_x, kind=DemandKind.VIEW)
    assert row.month == timezone.localdate().replace(day=1)
    assert not second.cookies  # no cookie is set to count


def test_a_cached_view_costs_two_statements(client: Client, listing_x: Listing) -> None:
    client.get(PAGE, **BROWSER)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE, **BROWSER)["X-Catalogue-Cache"] == "hit"
    statements = [q["sql"].split()[0] for q in queries.captured_queries]
    assert statements == ["SELECT", "UPDATE"]


@pytest.mark.parametrize(
    "agent", ["", "Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.0", "python-requests"]
)
def test_robots_are_not_counted(client: Client, listing_x: Listing, agent: str) -> None:
    assert client.get(PAGE, HTTP_USER_AGENT=agent).status_code == 200
    assert counted(listing_x, DemandKind.VIEW) == 0


def test_missing_or_unpublished_products_count_nothing(
    client: Client, listing_x: Listing, officer: User
) -> None:
    assert client.get("/id/katalog/produk/tidak-ada/", **BROWSER).status_code == 404
    services.listing_unpublish(user=officer, listing=listing_x)
    assert client.get(PAGE, **BROWSER).status_code == 404
    assert DemandCount.objects.count() == 0


def test_whatsapp_and_marketplace_clicks_are_counted_and_redirected(
    client: Client, whatsapp_x: Listing
) -> None:
    page = client.get(PAGE, **BROWSER).content.decode()
    assert f'href="{PAGE}go/whatsapp/"' in page
    assert f'href="{PAGE}go/marketplace/1/"' in page
    wa = client.get(f"{PAGE}go/whatsapp/", **BROWSER)
    assert wa.status_code == 302
    assert wa["Location"].startswith("https://wa.me/6281234567890?text=")
    client.get(f"{PAGE}go/whatsapp/", **BROWSER)
    shop = client.get(f"{PAGE}go/marketplace/1/", **BROWSER)
    assert shop["Location"] == "https://shopee.co.id/alfa"
    assert counted(whatsapp_x, DemandKind.WHATSAPP) == 2
    assert counted(whatsapp_x, DemandKind.MARKETPLACE) == 1
    assert counted(whatsapp_x, DemandKind.VIEW) == 1


@pytest.mark.parametrize(
    "address",
    [
        "go/marketplace/2/",
        "go/marketplace/99/",
        "go/marketplace/-1/",
        "go/marketplace/0/?next=https://evil.example",
        "go/evil.example/",
        "go/whatsapp/?url=https://evil.example",
    ],
)
def test_no_open_redirect(client: Client, whatsapp_x: Listing, address: str) -> None:
    response = client.get(PAGE + address, **BROWSER)
    location = response.get("Location", "")
    assert "evil" not in location
    assert location in ("", "https://www.tokopedia.com/alfa/keripik") or location.startswith(
        "https://wa.me/6281234567890"
    )
    if response.status_code == 302:
        assert "?next" in address or "?url" in address


def test_whatsapp_without_consent_is_404(client: Client, listing_x: Listing) -> None:
    assert client.get(f"{PAGE}go/whatsapp/", **BROWSER).status_code == 404
    assert DemandCount.objects.count() == 0


def _inquiry(listing: Listing, when: dt.datetime) -> Inquiry:
    return services_inquiries.inquiry_submit(
        listing=listing, name="B", phone="081234567890", email="", quantity=10, message="",
        language="id", now=when,
    )  # fmt: skip


def test_figures_per_product_category_village_kecamatan_and_month(
    listing_x: Listing, owner: User, enterprise_x: Enterprise
) -> None:
    tz = timezone.get_current_timezone()
    march = dt.datetime(2025, 3, 10, 10, tzinfo=tz)
    services_demand_count = services_demand.count
    services_demand_count(listing_id=listing_x.pk, kind=DemandKind.VIEW, n=40, day=march.date())
    services_demand_count(listing_id=listing_x.pk, kind=DemandKind.WHATSAPP, n=4, day=march.date())
    services_demand_count(
        listing_id=listing_x.pk, kind=DemandKind.VIEW, n=7, day=dt.date(2025, 4, 2)
    )
    first = _inquiry(listing_x, march)
    second = _inquiry(listing_x, march + dt.timedelta(days=3))
    _inquiry(listing_x, dt.datetime(2025, 4, 1, 9, tzinfo=tz))
    services_inquiries.inquiry_set_outcome(
        user=owner, inquiry=first, status="ordered", ordered_quantity=8, ordered_value_idr=280_000
    )
    services_inquiries.inquiry_set_outcome(user=owner, inquiry=second, status="lost")
    year = DemandFilters(year=2025)
    months = {f.key: f for f in selectors_demand.figures_by_month(year)}
    assert len(months) == 12
    m = months[dt.date(2025, 3, 1)]
    assert (m.views, m.whatsapp, m.inquiries, m.ordered, m.lost, m.waiting) == (40, 4, 2, 1, 1, 0)
    assert (m.ordered_quantity, m.ordered_value_idr) == (8, 280_000)
    assert (months[dt.date(2025, 4, 1)].views, months[dt.date(2025, 4, 1)].waiting) == (7, 1)
    (product,) = selectors_demand.figures_by("product", year)
    assert (product.key, product.label, product.views, product.inquiries) == (
        listing_x.product_id, "Keripik Tenggiri Alfa", 47, 3,
    )  # fmt: skip
    (village,) = selectors_demand.figures_by("village", year)
    assert (village.key, village.inquiries) == (enterprise_x.village.code, 3)
    (kecamatan,) = selectors_demand.figures_by("kecamatan", year)
    assert kecamatan.key == enterprise_x.village.parent.code
    (category,) = selectors_demand.figures_by("category", year)
    assert category.key == listing_x.product.category
    assert selectors_demand.figures_by("product", DemandFilters(year=2024)) == []
    other = "herbal" if listing_x.product.category != "herbal" else "batik"
    assert selectors_demand.figures_by("product", DemandFilters(year=2025, category=other)) == []


def test_the_dashboard_shows_the_figures_and_the_waiting_inquiries(
    client: Client, viewer: User, listing_x: Listing
) -> None:
    tz = timezone.get_current_timezone()
    _inquiry(listing_x, dt.datetime(2025, 3, 10, 10, tzinfo=tz))
    html = login(client, viewer).get("/catalogue/demand/?year=2025").content.decode()
    assert 'id="total-inquiries">1<' in html
    assert "Keripik Tenggiri Alfa" in html
    assert "03/2025" in html
    assert "<meter" in html  # the bar has its number written beside it
    assert client.get("/catalogue/demand/?year=abc&category=<x>").status_code == 200


def test_the_dashboard_reads_in_a_constant_number_of_queries(
    client: Client, viewer: User, listing_x: Listing
) -> None:
    login(client, viewer)
    tz = timezone.get_current_timezone()
    _inquiry(listing_x, dt.datetime(2025, 3, 10, 10, tzinfo=tz))
    with CaptureQueriesContext(connection) as few:
        client.get("/catalogue/demand/?year=2025")
    for day in range(1, 6):
        _inquiry(listing_x, dt.datetime(2025, 5, day, 10, tzinfo=tz))
    with CaptureQueriesContext(connection) as more:
        client.get("/catalogue/demand/?year=2025")
    assert len(more.captured_queries) == len(few.captured_queries)


def test_the_demand_export(client: Client, officer: User, listing_x: Listing) -> None:
    tz = timezone.get_current_timezone()
    _inquiry(listing_x, dt.datetime(2025, 3, 10, 10, tzinfo=tz))
    response = login(client, officer).get("/catalogue/demand/export.csv?year=2025")
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    lines = text.splitlines()
    assert lines[0].startswith("\ufeffBulan;Kunjungan halaman;")
    assert lines[3] == "03/2025;0;0;0;1;1;0;0;0;0;0"
    assert len(lines) == 13


def test_the_owner_and_facilitator_get_no_dashboard(
    client: Client, owner: User, facilitator: User
) -> None:
    for user in (owner, facilitator):
        login(client, user)
        assert client.get("/catalogue/demand/").status_code == 403
        assert client.get("/catalogue/demand/export.csv").status_code == 403


def test_an_anonymised_inquiry_still_counts(listing_x: Listing, officer: User) -> None:
    tz = timezone.get_current_timezone()
    inquiry = _inquiry(listing_x, dt.datetime(2025, 3, 10, 10, tzinfo=tz))
    services_inquiries.inquiry_erase(user=officer, inquiry=inquiry)
    (product,) = selectors_demand.figures_by("product", DemandFilters(year=2025))
    assert product.inquiries == 1
    assert Inquiry.objects.get().status == InquiryStatus.NEW
