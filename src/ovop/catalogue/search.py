"""Full-text search of the catalogue, one entry point for both databases.

Each listing keeps ``search_document``: the words of its public name, village, kecamatan,
category (in both languages) and story, each followed by its Indonesian stem
(``ovop.analysis.stemming.index_terms``). The migrations ``0002_search`` and
``0005_search_vector`` build the index (their SQL is written there):

- PostgreSQL: the stored generated column ``search_vector`` =
  ``to_tsvector('indonesian', search_document)``, kept current by PostgreSQL itself on every
  insert and update, with a GIN index on it; a query is ``websearch_to_tsquery('indonesian',
  …)``, PostgreSQL's own Indonesian stemmer on both sides. The column (rather than the GIN
  index on the expression, as in ``0002_search``) spares recomputing a row's vector whenever
  a row is checked against the query outside that index: when the planner starts from a
  kecamatan's few listings, or walks the listings in name order for a common word.
- SQLite: the FTS5 table ``catalogue_listing_fts`` (tokenizer ``unicode61`` without accents),
  kept equal to ``search_document`` by triggers; each query word ``w`` with stem ``s`` becomes
  ``("w"* OR "s")`` and the words are joined by AND. The prefix form finds "keripiknya" from
  "keripik"; the stem finds "keripik" from "keripiknya".

``search_filter(qs, q)`` narrows a queryset of listings to those matching ``q``. The search
page keeps the results' order (public name, then id), counts at most 240 matches and reads a
page as its keys first, then their cards (``ovop.catalogue.paging``): at national size a
common word matches hundreds of thousands of listings, which neither the count nor the sort
should read, and a rarer one is found among the thousands of a category's listings that a
covering index holds without visiting their rows (docs/decisions/0012). On PostgreSQL the
count of a search by word and category comes from the category's own full-text index
(migration ``0012_search_by_category``), which holds only that category's listings.
``serial_reads()`` runs a search page's queries without parallel workers on PostgreSQL: a
search reads a few dozen rows, and starting workers costs more than that on a busy server
(15 ms measured for a word that matches nothing).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import translation

from ovop.analysis.stemming import index_terms, stem, words

if TYPE_CHECKING:
    from ovop.catalogue.models import Listing

#: The most words of a query that are searched for (the rest are ignored).
MAX_QUERY_WORDS = 8
FTS_TABLE = "catalogue_listing_fts"


def document_for(listing: Listing) -> str:
    """The text the search reads for ``listing`` (see the module's documentation)."""
    product = listing.product
    village = product.enterprise.village
    parts = [listing.public_name, product.name, village.name, listing.story, listing.raw_material]
    if village.parent is not None:
        parts.append(village.parent.name)
    for language in ("id", "en"):
        with translation.override(language):
            parts.append(str(product.get_category_display()))
    return " ".join(index_terms(" ".join(parts)))


def fts5_query(q: str) -> str:
    """The FTS5 MATCH expression for the words of ``q`` ("" when it has none)."""
    clauses = []
    for word in words(q)[:MAX_QUERY_WORDS]:
        root = stem(word)
        clause = f'"{word}"*' if root == word else f'("{word}"* OR "{root}")'
        clauses.append(clause)
    return " AND ".join(clauses)


def search_filter(qs: QuerySet[Listing], q: str) -> QuerySet[Listing]:
    """``qs`` narrowed to the listings matching ``q`` (unchanged when ``q`` has no word)."""
    if not words(q):
        return qs
    if connection.vendor == "postgresql":
        text = " ".join(words(q)[:MAX_QUERY_WORDS])
        match = RawSQL(
            "catalogue_listing.search_vector @@ websearch_to_tsquery('indonesian', %s)",
            [text],
            output_field=BooleanField(),
        )
        return qs.filter(match)
    ids = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [fts5_query(q)])
    return qs.filter(pk__in=ids)


@contextmanager
def serial_reads() -> Iterator[None]:
    """On PostgreSQL, the queries inside run without parallel workers (in a transaction, with
    ``SET LOCAL``; see the module's documentation); elsewhere nothing changes."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield
