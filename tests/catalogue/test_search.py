"""listing_search on the embedded SQLite: Indonesian words found through their stems, the
filters, nothing unpublished, and a bounded number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ovop.accounts.models import User
from ovop.catalogue import services
from ovop.catalogue.models import Listing
from ovop.catalogue.search import fts5_query
from ovop.catalogue.selectors import CatalogueFilters, listing_search
from ovop.enterprises.models import Category, CertificationKind, Enterprise, Product
from ovop.rating.models import StarRating
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _listing(
    officer: User, product: Product, name: str, story: str = "", price: int | None = None
) -> Listing:
    values = services.ListingValues(public_name=name, story=story, price_idr=price)
    listing = services.listing_create(user=officer, product=product, values=values)
    return services.listing_publish(user=officer, listing=listing)


@pytest.fixture
def madu(officer: User, enterprise_y: Enterprise) -> Listing:
    product = ProductFactory(enterprise=enterprise_y, name="Madu", category=Category.HERBAL)
    return _listing(
        officer, product, "Madu Pelawan Beta", "Madunya dipanen dari hutan pelawan.", 120_000
    )


def _names(q: str, **filters: object) -> list[str]:
    return [x.public_name for x in listing_search(q, CatalogueFilters(q=q, **filters))[:100]]  # type: ignore[arg-type]


def test_fts5_query_words() -> None:
    assert fts5_query("Keripiknya enak") == '("keripiknya"* OR "keripik") AND "enak"*'
    assert fts5_query("  <script> ") == '"script"*'
    assert fts5_query("!!!") == ""


def test_search_finds_stems_both_ways(listing_x: Listing, madu: Listing) -> None:
    # the story says "Keripiknya dibuat dari ikan tenggiri"
    assert _names("keripik") == ["Keripik Tenggiri Alfa"]
    assert _names("keripiknya") == ["Keripik Tenggiri Alfa"]
    assert _names("madunya") == ["Madu Pelawan Beta"]
    assert _names("dipanen") == ["Madu Pelawan Beta"]
    assert _names("panen") == ["Madu Pelawan Beta"]  # the stem of "dipanen"
    assert _names("TENGGIRI alfa") == ["Keripik Tenggiri Alfa"]


def test_search_by_village_kecamatan_and_category_words(listing_x: Listing, madu: Listing) -> None:
    assert _names("Desa Beta") == ["Madu Pelawan Beta"]
    assert _names("herbal") == ["Madu Pelawan Beta"]  # the category, in English …
    assert _names("makanan") == ["Keripik Tenggiri Alfa"]  # … and in Indonesian


def test_search_without_match_or_words(listing_x: Listing, madu: Listing) -> None:
    assert _names("rendang") == []
    assert _names('" OR 1=1 --') == []  # query syntax is not passed through
    assert _names("") == ["Keripik Tenggiri Alfa", "Madu Pelawan Beta"]


def test_unpublished_listings_are_never_found(
    officer: User, listing_x: Listing, madu: Listing
) -> None:
    services.listing_unpublish(user=officer, listing=madu)
    assert _names("madu") == []
    assert _names("") == ["Keripik Tenggiri Alfa"]


def test_filters(officer: User, listing_x: Listing, madu: Listing) -> None:
    kecamatan_b = madu.product.enterprise.village.parent.code  # type: ignore[union-attr]
    assert _names("", kecamatan=kecamatan_b) == ["Madu Pelawan Beta"]
    assert _names("", category=Category.FOOD_BEVERAGE) == ["Keripik Tenggiri Alfa"]
    assert _names("", certificates=(CertificationKind.HALAL,)) == ["Keripik Tenggiri Alfa"]
    assert _names("", certificates=(CertificationKind.BPOM_MD,)) == []
    assert _names("", price_min_idr=100_000) == ["Madu Pelawan Beta"]
    assert _names("", price_max_idr=35_000) == ["Keripik Tenggiri Alfa"]
    assert _names("", min_stars=1) == []


def test_star_filter_reads_the_latest_rating(
    officer: User, listing_x: Listing, madu: Listing
) -> None:
    from tests.catalogue.test_public_extras import rate

    rate(listing_x.product, officer, 2, "AAA")
    rate(listing_x.product, officer, 4, "BBB")
    rate(madu.product, officer, 3, "CCC")
    assert _names("", min_stars=4) == ["Keripik Tenggiri Alfa"]
    assert _names("", min_stars=3) == ["Keripik Tenggiri Alfa", "Madu Pelawan Beta"]
    assert StarRating.objects.count() == 3


def test_search_reads_its_keys_then_the_cards_and_photos(listing_x: Listing, madu: Listing) -> None:
    with CaptureQueriesContext(connection) as queries:
        rows = listing_search("a", CatalogueFilters(category="", min_stars=1))[:100]
        rows += listing_search("", CatalogueFilters(price_min_idr=1))[:100]
        shown = [
            (row.public_name, row.village_name, row.kecamatan_name, row.stars, row.category)
            for row in rows
        ]
        photos = [row.card_photos for row in rows]
    assert len(rows) == 2 and photos == [[], []]
    assert {(name, village) for name, village, *_ in shown} == {
        ("Keripik Tenggiri Alfa", "Desa Alfa"),
        (madu.public_name, madu.product.enterprise.village.name),
    }
    # each search: the keys of the page in order; then, when there are any (the first search
    # finds nothing), the listings with their village's and kecamatan's names and stars, and
    # their photos; no product, enterprise or region row is read for a card
    assert len(queries) == 4
    assert not any("enterprises_enterprise" in q["sql"] for q in queries.captured_queries)


def test_search_text_follows_a_renamed_product_village(officer: User, listing_x: Listing) -> None:
    village = listing_x.product.enterprise.village
    village.name = "Desa Gamma"
    village.save()
    enterprise = listing_x.product.enterprise
    enterprise.save()  # the registry saves the enterprise; the catalogue rebuilds its text
    assert _names("gamma") == ["Keripik Tenggiri Alfa"]


def test_postgresql_query_reads_the_indexed_column(monkeypatch: pytest.MonkeyPatch) -> None:
    """The SQLite run cannot execute PostgreSQL's search, but it checks that the query reads
    the stored column the migration indexes (else the GIN index is never used and every
    row's vector is computed again)."""
    import importlib

    from ovop.catalogue.search import search_filter

    migration = importlib.import_module("ovop.catalogue.migrations.0005_search_vector")
    monkeypatch.setattr(connection, "vendor", "postgresql")
    sql, params = search_filter(
        Listing.objects.all(), "Keripiknya  <b>enak"
    ).query.sql_with_params()
    column, index, dropped = migration.POSTGRESQL_SETUP
    assert "search_vector tsvector GENERATED ALWAYS AS " in column
    assert "(to_tsvector('indonesian'::regconfig, search_document)) STORED" in column
    assert "USING gin (search_vector)" in index
    assert "DROP INDEX IF EXISTS catalogue_listing_search_gin" == dropped
    assert "catalogue_listing.search_vector @@ websearch_to_tsquery('indonesian', %s)" in sql
    assert params == ("keripiknya b enak",)
