"""Filling the catalogue for the catalogue benchmark (``bench_catalogue.py`` only).

Every generated product (``ovop generate-national``) whose id modulo 33 is below 20 gets a
published listing, up to ``target`` listings, in product order: about 60 % of the products,
spread over every regency. The public name, story and local raw material are drawn from a
vocabulary of OVOP products with a Zipf-like spread (``VOCABULARY``: the word of rank r is
drawn with weight 1 / r**1.1, so "keripik" is in about three quarters of the listings and "rusip"
in about 1 %), and ``search_document`` is made exactly as ``search.document_for`` makes it
(``ovop.analysis.stemming.index_terms`` over the same parts in the same order).

PostgreSQL: chunks of ``CHUNK`` products are read by id (keyset) and written by COPY
(``cursor.copy``), each chunk committed, with the catalogue's GIN indexes dropped meanwhile
and built again at the end (their definitions read from ``pg_indexes``), then ANALYZE.
SQLite: the same rows by ``executemany`` (the FTS5 triggers keep the index).
Idempotent: a run finds the listings already written and goes on after the last product
that has one; with ``target`` listings present it writes nothing.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import numpy as np

#: OVOP product words, most common first (the spread is Zipf-like by rank).
VOCABULARY = (
    "keripik kopi madu batik kerupuk tenun anyaman gula aren dodol sambal teh abon "
    "kain ukiran rengginang emping jahe kunyit temulawak gerabah rotan bambu pandan "
    "songket ikat lada cengkeh pala kayu manis vanili kakao cokelat terasi petis "
    "bawang goreng minyak kelapa virgin sabun tas tikar topi wayang kulit perak "
    "tembikar lurik jumputan sasirangan ulos lemang kue bangkit lempok durian amplang "
    "otak bekasam tempoyak rusip getas kemplang calok cincalok sagu lempeng gonjong"
).split()
QUALIFIERS = (
    "asli khas pedas manis gurih original premium organik tradisional renyah halus "
    "tulis cap murni alami super spesial hitam merah putih hijau"
).split()
MATERIALS = (
    "singkong ikan udang nira kelapa rotan bambu pandan benang kapas sutra kayu jati "
    "tanah liat daun lontar pisang ubi talas jagung kedelai kacang cabai lebah hutan"
).split()
FILLER = (
    "dibuat oleh perajin warga desa dari bahan setempat secara tradisional dengan resep "
    "turun temurun dikemas rapi tahan lama cocok untuk oleh oleh keluarga dan acara "
    "dijual di pasar kecamatan hasil usaha bersama kelompok perempuan pemuda kampung"
).split()
#: Products read and written at once.
CHUNK = 50_000
PICK = "id %% 33 < 20"
COLUMNS = (
    "public_name, story, raw_material, price_idr, unit, marketplace_links, show_whatsapp, "
    "slug, published, published_at, search_document, created_at, updated_at, product_id, "
    "public, category, village_code, kecamatan_code, regency_code"
)


def _weights(n: int) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** 1.1
    return w / w.sum()


def _labels() -> dict[str, tuple[str, str]]:
    from django.utils import translation

    from ovop.enterprises.models import Category

    labels: dict[str, tuple[str, str]] = {}
    for value, label in Category.choices:
        both = []
        for language in ("id", "en"):
            with translation.override(language):
                both.append(str(label))
        labels[value] = (both[0], both[1])
    return labels


class Writer:
    """Makes the listing rows of a chunk of products (see the module's documentation)."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng([seed, 14])
        self.labels = _labels()
        self.vocabulary = _weights(len(VOCABULARY))
        self.qualifiers = _weights(len(QUALIFIERS))
        self.now = dt.datetime(2026, 1, 15, 8, tzinfo=dt.UTC)

    def rows(self, products: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """The listing rows of ``products`` (id, name, category, price, unit, village name,
        kecamatan name, neither archived, and the codes of the village, kecamatan and
        regency), with the search facets ``facets.refresh`` would compute (no stars yet)."""
        from ovop.analysis.stemming import index_terms

        rng, n = self.rng, len(products)
        words = rng.choice(len(VOCABULARY), (n, 5), p=self.vocabulary)
        qualifiers = rng.choice(len(QUALIFIERS), n, p=self.qualifiers)
        fillers = rng.integers(0, len(FILLER), (n, 18))
        materials = rng.integers(0, len(MATERIALS), (n, 2))
        rows = []
        for i, row in enumerate(products):
            pid, name, category, price, unit, village, kecamatan, shown, *codes = row
            word, qualifier = VOCABULARY[words[i, 0]], QUALIFIERS[qualifiers[i]]
            material = " ".join(MATERIALS[j] for j in materials[i])
            public_name = (
                f"{word.capitalize()} {qualifier.capitalize()} {material.split()[0].capitalize()}"
            )
            filler = [FILLER[j] for j in fillers[i]]
            others = " ".join(VOCABULARY[j] for j in words[i, 1:])
            story = (
                f"{word.capitalize()} {qualifier} {' '.join(filler[:9])} {others}. "
                f"{' '.join(filler[9:]).capitalize()}."
            )
            parts = [public_name, name, village, story, material]
            if kecamatan is not None:
                parts.append(kecamatan)
            parts.extend(self.labels[category])
            document = " ".join(index_terms(" ".join(parts)))
            rows.append((
                public_name, story, material, price or None, unit, "[]", False,
                f"{word}-{qualifier}-{pid}", True, self.now, document, self.now, self.now, pid,
                shown, category, *(code or "" for code in codes),
            ))  # fmt: skip
        return rows


def _products(cursor: Any, after: int, limit: int) -> list[tuple[Any, ...]]:
    cursor.execute(
        "SELECT p.id, p.name, p.category, p.price_idr, p.unit, v.name, k.name, "
        "p.archived_at IS NULL AND e.archived_at IS NULL, v.code, k.code, r.code "
        "FROM enterprises_product p JOIN enterprises_enterprise e ON e.id = p.enterprise_id "
        "JOIN regions_region v ON v.id = e.village_id "
        "LEFT JOIN regions_region k ON k.id = v.parent_id "
        "LEFT JOIN regions_region r ON r.id = k.parent_id "
        f"WHERE p.id > %s AND p.{PICK} ORDER BY p.id LIMIT %s",
        [after, limit],
    )
    return list(cursor.fetchall())


def _gin_indexes(cursor: Any) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'catalogue_listing' "
        "AND indexdef LIKE '%%USING gin%%'"
    )
    return list(cursor.fetchall())


def _migration() -> Any:
    import importlib

    return importlib.import_module("ovop.catalogue.migrations.0005_search_vector")


def fill(target: int, seed: int = 14) -> dict[str, Any]:
    """At least ``target`` published listings (see the module's documentation); what was
    done: rows written, seconds."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), coalesce(max(product_id), 0) FROM catalogue_listing")
        present, after = cursor.fetchone()
    if present >= target:
        return {"written": 0, "present": present, "seconds": 0.0}
    writer = Writer(seed + present)
    postgres = connection.vendor == "postgresql"
    written = 0
    with connection.cursor() as cursor:
        dropped = _gin_indexes(cursor) if postgres else []
        for name, _ in dropped:
            cursor.execute(f"DROP INDEX {name}")
    while present + written < target:
        with transaction.atomic(), connection.cursor() as cursor:
            products = _products(cursor, after, min(CHUNK, target - present - written))
            if not products:
                break
            rows = writer.rows(products)
            if postgres:
                raw = cursor.cursor  # psycopg's own cursor, for COPY
                with raw.copy(f"COPY catalogue_listing ({COLUMNS}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(rows[0]))
                cursor.executemany(
                    f"INSERT INTO catalogue_listing ({COLUMNS}) VALUES ({marks})", rows
                )
        written += len(rows)
        after = products[-1][0]
        print(f"  listings {present + written:>12,} ({time.perf_counter() - started:.0f} s)")
    with connection.cursor() as cursor:
        for _, definition in dropped:
            cursor.execute(definition)
        if postgres:  # also after a run stopped between the drop and the build
            cursor.execute(_migration().POSTGRESQL_SETUP[1])
        cursor.execute("ANALYZE catalogue_listing" if postgres else "ANALYZE")
    return {"written": written, "present": present + written,
            "seconds": time.perf_counter() - started}  # fmt: skip


def check_documents(sample: int = 20) -> None:
    """Raise when a sampled listing's ``search_document`` differs from what
    ``search.document_for`` makes of it (the fill must index exactly as the services do)."""
    from django.db.models import Max, Min

    from ovop.catalogue.models import Listing
    from ovop.catalogue.search import document_for

    listings = Listing.objects.select_related("product__enterprise__village__parent")
    bounds = listings.aggregate(low=Min("pk"), high=Max("pk"))
    low, high = bounds["low"] or 0, bounds["high"] or 0
    checked = 0
    for k in range(sample):
        listing = listings.filter(pk__gte=low + (high - low) * k // sample).order_by("pk").first()
        if listing is None:
            continue
        if listing.search_document != document_for(listing):
            raise RuntimeError(f"listing {listing.pk}: search_document not as document_for")
        checked += 1
    print(f"search_document as search.document_for makes it: {checked} listings checked")


def check_facets(sample: int = 20) -> None:
    """Raise when a sampled listing's search facets differ from what ``facets.refresh``
    computes (recomputed inside a transaction that is rolled back)."""
    from django.db import transaction

    from ovop.catalogue import facets
    from ovop.catalogue.models import FACETS, Listing

    ids = list(Listing.objects.order_by("?").values_list("pk", flat=True)[:sample])
    written = list(Listing.objects.filter(pk__in=ids).order_by("pk").values_list(*FACETS))
    with transaction.atomic():
        facets.refresh(Listing.objects.filter(pk__in=ids))
        computed = list(Listing.objects.filter(pk__in=ids).order_by("pk").values_list(*FACETS))
        transaction.set_rollback(True)
    if written != computed:
        raise RuntimeError("search facets not as facets.refresh computes them")
    print(f"search facets as facets.refresh computes them: {len(ids)} listings checked")
