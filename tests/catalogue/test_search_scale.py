"""The search at national size (issue 14): the capped count, the results' order kept page by
page, and the search index following every insert and update (PostgreSQL's stored
``search_vector`` column, SQLite's FTS5 table), on whichever database the tests run."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ovop.accounts.models import User
from ovop.catalogue import paging, services
from ovop.catalogue.models import Listing
from ovop.catalogue.paging import CappedPaginator
from ovop.catalogue.search import FTS_TABLE
from ovop.catalogue.selectors import PAGE_SIZE, CatalogueFilters, listing_search
from ovop.enterprises.models import Category, Enterprise
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

NAMES = ["Keripik Cabai", "Keripik Bayam", "Keripik Ubi", "Keripik Apel", "Keripik Durian"]


@pytest.fixture
def keripik(officer: User, enterprise_x: Enterprise) -> list[Listing]:
    made = []
    for name in NAMES:
        product = ProductFactory(
            enterprise=enterprise_x, name=name, category=Category.FOOD_BEVERAGE
        )
        values = services.ListingValues(public_name=name, story="Renyah dan gurih.")
        listing = services.listing_create(user=officer, product=product, values=values)
        made.append(services.listing_publish(user=officer, listing=listing))
    return made


def test_capped_count_of_a_list() -> None:
    many = CappedPaginator(list(range(10)), 3, cap=4)
    assert (many.count, many.found, many.more, many.num_pages) == (4, 5, True, 2)
    assert list(many.page(2).object_list) == [3]
    few = CappedPaginator(list(range(4)), 3, cap=4)
    assert (few.count, few.more, few.num_pages) == (4, False, 2)


def test_capped_pages_show_the_uncapped_results_in_order(keripik: list[Listing]) -> None:
    results = listing_search("keripik", CatalogueFilters(q="keripik"))
    capped = CappedPaginator(results, 2, cap=4)
    full = Paginator(results, 2)
    assert (capped.count, capped.more, capped.num_pages) == (4, True, 2)
    assert full.count == 5
    for number in (1, 2):
        shown = [x.public_name for x in capped.page(number).object_list]
        assert shown == [x.public_name for x in full.page(number).object_list]
    assert [x.public_name for x in capped.page(1)] == ["Keripik Apel", "Keripik Bayam"]
    assert [x.public_name for x in capped.page(2)] == ["Keripik Cabai", "Keripik Durian"]


def test_capped_count_reads_at_most_cap_plus_one_rows_unsorted(keripik: list[Listing]) -> None:
    results = listing_search("keripik", CatalogueFilters(q="keripik"))
    with CaptureQueriesContext(connection) as queries:
        assert CappedPaginator(results, 24, cap=3).found == 4
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert "LIMIT 4" in sql
    assert "ORDER BY" not in sql
    assert "stars" not in sql  # the cards' annotations are not computed for counting
    exact = CappedPaginator(results, 24, cap=5)
    assert (exact.found, exact.count, exact.more) == (5, 5, False)


def test_search_page_says_more_than_the_cap(
    client: Client, keripik: list[Listing], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    html = client.get("/id/katalog/cari/", {"q": "keripik"}).content.decode()
    assert "Lebih dari 3 produk ditemukan" in html
    assert "3 produk pertama ditampilkan" in html
    assert html.index("Keripik Apel") < html.index("Keripik Bayam") < html.index("Keripik Cabai")
    assert "Keripik Durian" not in html
    english = client.get("/en/catalogue/search/", {"q": "keripik"}).content.decode()
    assert "More than 3 products found" in english
    last = client.get("/id/katalog/cari/", {"q": "keripik", "page": "9"}).content.decode()
    assert "Keripik Cabai" in last  # past the cap: the last page
    assert "Keripik Durian" not in last
    exact = client.get("/id/katalog/cari/", {"q": "ubi"}).content.decode()
    assert "1 produk ditemukan" in exact
    assert "Lebih dari" not in exact


def test_api_counts_up_to_the_cap_too(
    client: Client, keripik: list[Listing], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    body = client.get("/api/v1/catalogue/products/", {"q": "keripik"}).json()
    assert (body["count"], body["more"], body["page"]) == (3, True, 1)
    assert [row["name"] for row in body["results"]] == [
        "Keripik Apel",
        "Keripik Bayam",
        "Keripik Cabai",
    ]
    one = client.get("/api/v1/catalogue/products/", {"q": "ubi"}).json()
    assert (one["count"], one["more"]) == (1, False)


def test_the_cap_is_ten_pages_of_cards() -> None:
    assert paging.COUNT_CAP == 240 == 10 * PAGE_SIZE


def _indexed(listing: Listing) -> str:
    """What the database's search index holds for ``listing`` (its terms, sorted)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT search_vector::text FROM catalogue_listing WHERE id = %s", [listing.pk]
            )
            terms = [t.split(":")[0].strip("'") for t in cursor.fetchone()[0].split()]
        else:
            cursor.execute(f"SELECT body FROM {FTS_TABLE} WHERE rowid = %s", [listing.pk])
            terms = cursor.fetchone()[0].split()
    return " ".join(sorted(set(terms)))


def test_index_follows_insert_and_update(officer: User, keripik: list[Listing]) -> None:
    listing = keripik[0]
    assert "renyah" in _indexed(listing)
    assert "rusip" not in _indexed(listing)
    values = services.ListingValues(public_name="Rusip Ikan Bilis", story="Difermentasi.")
    services.listing_update(user=officer, listing=listing, values=values)
    assert "rusip" in _indexed(listing)
    assert "renyah" not in _indexed(listing)
    assert [x.pk for x in listing_search("rusip", CatalogueFilters(q="rusip"))[:10]] == [listing.pk]
    renyah = listing_search("renyah", CatalogueFilters(q="renyah"))
    assert listing.pk not in [x.pk for x in renyah[:10]]


def test_place_choices_cached_until_the_catalogue_changes(
    officer: User, keripik: list[Listing], enterprise_y: Enterprise
) -> None:
    from django.core.cache import cache

    from ovop.catalogue.selectors_places import place_choices

    cache.clear()
    alfa = keripik[0].product.enterprise.village.parent
    beta = enterprise_y.village.parent
    assert alfa is not None and beta is not None and alfa != beta
    assert place_choices().kecamatan == [(alfa.code, alfa.name)]
    with CaptureQueriesContext(connection) as queries:
        assert place_choices().kecamatan == [(alfa.code, alfa.name)]
    assert len(queries) == 0  # from the cache
    product = ProductFactory(enterprise=enterprise_y, name="Rusip", category=Category.FOOD_BEVERAGE)
    values = services.ListingValues(public_name="Rusip Beta")
    listing = services.listing_create(user=officer, product=product, values=values)
    services.listing_publish(user=officer, listing=listing)
    expected = sorted([(alfa.code, alfa.name), (beta.code, beta.name)], key=lambda p: p[1])
    assert place_choices().kecamatan == expected


def test_results_are_read_by_keys_then_rows(officer: User, keripik: list[Listing]) -> None:
    results = listing_search("keripik", CatalogueFilters(q="keripik"))
    assert [x.public_name for x in results[1:3]] == ["Keripik Bayam", "Keripik Cabai"]
    with pytest.raises(TypeError):
        results[0]  # noqa: B018 -- one card at a time is not a way to read a page
    # a listing unpublished between the two steps is left out, the others keep their order
    keys = list(results.keys[:3])
    services.listing_unpublish(user=officer, listing=Listing.objects.get(pk=keys[1]))
    assert [x.pk for x in results.rows(keys)] == [keys[0], keys[2]]
    shown = [x.public_name for x in results[:3]]
    assert shown == ["Keripik Apel", "Keripik Cabai", "Keripik Durian"]


def test_category_search_keys_come_from_the_covering_index() -> None:
    """The keys of a search by word and category over the country are read from the index of
    migration 0010 alone (PostgreSQL): it holds what such a search checks and orders by."""
    import importlib

    migration = importlib.import_module("ovop.catalogue.migrations.0010_search_cover")
    (statement,) = migration.POSTGRESQL_SETUP
    assert statement.endswith(
        "ON catalogue_listing (category, public_name, id) "
        "INCLUDE (price_idr, search_vector) WHERE public"
    )
    filters = CatalogueFilters(q="rusip", category=Category.FOOD_BEVERAGE, price_max_idr=50_000)
    keys = listing_search(filters.q, filters).keys
    sql, params = keys[:25].query.sql_with_params()
    assert sql.startswith('SELECT "catalogue_listing"."id" AS "pk" FROM "catalogue_listing" ')
    assert 'ORDER BY "catalogue_listing"."public_name" ASC, 1 ASC LIMIT 25' in sql
    if connection.vendor == "postgresql":  # the plan, where the index exists
        with connection.cursor() as cursor:
            # on a few test rows any plan is cheap: leave the planner nothing but reading an
            # index alone, which it can only do if one holds every column the query reads
            for kind in ("seqscan", "bitmapscan", "indexscan"):
                cursor.execute(f"SET LOCAL enable_{kind} = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "Index Only Scan using catalogue_listing_category_cover" in plan


def test_every_category_has_its_own_word_index(keripik: list[Listing]) -> None:
    """Migration 0012 made one full-text index per category (PostgreSQL): a category added to
    ``enterprises.Category`` without its index fails here, and the capped count of a search by
    word and category is taken from the category's index."""
    import importlib

    migration = importlib.import_module("ovop.catalogue.migrations.0012_search_by_category")
    assert migration.CATEGORIES == tuple(Category.values)
    assert migration.POSTGRESQL_SETUP[0] == (
        "CREATE INDEX IF NOT EXISTS catalogue_listing_words_food_beverage ON catalogue_listing "
        "USING gin (search_vector) WHERE public AND category = 'food_beverage'"
    )
    filters = CatalogueFilters(q="keripik", category=Category.FOOD_BEVERAGE)
    count = listing_search(filters.q, filters).keys.order_by()[: paging.COUNT_CAP + 1]
    assert count.count() == 5
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'catalogue_listing'"
            " AND indexname LIKE 'catalogue_listing_words_%%'"
        )
        names = {row[0] for row in cursor.fetchall()}
        assert names == {f"catalogue_listing_words_{value}" for value in Category.values}
        # on a few test rows any plan is cheap: leave the planner no other index (dropped
        # inside the test's transaction, so rolled back with it) and no table scan, so that
        # the plan shows whether the search's conditions let it use the category's index
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'catalogue_listing'"
            " AND indexname NOT LIKE 'catalogue_listing_words_%%'"
            " AND indexdef NOT LIKE 'CREATE UNIQUE %%'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP INDEX {name}")
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = count.query.sql_with_params()
        cursor.execute(f"EXPLAIN SELECT count(*) FROM ({sql}) s", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on catalogue_listing_words_food_beverage" in plan
