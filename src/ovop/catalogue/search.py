"""Full-text search of the catalogue, one entry point for both databases.

Each listing keeps ``search_document``: the words of its public name, village, kecamatan,
category (in both languages) and story, each followed by its Indonesian stem
(``ovop.analysis.stemming.index_terms``). The migration ``0002_search`` builds the index
(its SQL is written there):

- PostgreSQL: a GIN index on ``to_tsvector('indonesian', search_document)``; a query is
  ``websearch_to_tsquery('indonesian', …)``, PostgreSQL's own Indonesian stemmer on both sides.
- SQLite: the FTS5 table ``catalogue_listing_fts`` (tokenizer ``unicode61`` without accents),
  kept equal to ``search_document`` by triggers; each query word ``w`` with stem ``s`` becomes
  ``("w"* OR "s")`` and the words are joined by AND. The prefix form finds "keripiknya" from
  "keripik"; the stem finds "keripik" from "keripiknya".

``search_filter(qs, q)`` narrows a queryset of listings to those matching ``q``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection
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
            "to_tsvector('indonesian', catalogue_listing.search_document) "
            "@@ websearch_to_tsquery('indonesian', %s)",
            [text],
            output_field=BooleanField(),
        )
        return qs.filter(match)
    ids = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [fts5_query(q)])
    return qs.filter(pk__in=ids)
