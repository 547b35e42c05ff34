"""The listings' search facets: what the search filters and sorts by, copied onto the listing.

A search with filters at national size must read one table: following each candidate listing
to its product (category, archived), enterprise (archived), village, kecamatan and regency and
its latest star rating costs more than the whole search is allowed (docs/decisions/0012). So
each listing keeps a copy of those facts (``models.FACETS``), rewritten by one UPDATE whenever
something they come from changes:

- the listing itself is saved (``signals``: after every save, by any path);
- its product or enterprise is saved, or the registry announces changed enterprises (an
  import's bulk updates, which send no ``post_save``);
- a star rating of its product is issued or deleted.

``refresh`` computes every facet from the source rows inside the database, so a refresh is
always a full recount, never an increment that could drift. The public pages still read
``scope.public_listings``; the facets only decide which listings a search considers.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from ovop.catalogue.models import FACETS, Listing
from ovop.enterprises.models import Product
from ovop.rating.models import StarRating


def _code(product: QuerySet[Product], path: str) -> Coalesce:
    return Coalesce(
        Subquery(product.values(path)[:1]), Value(""), output_field=CharField(max_length=13)
    )


def refresh(listings: QuerySet[Listing]) -> int:
    """Recompute the facets of ``listings`` from their sources; the number of rows updated."""
    product = Product.objects.filter(pk=OuterRef("product_id"))
    shown = product.filter(archived_at__isnull=True, enterprise__archived_at__isnull=True)
    latest = StarRating.objects.filter(product=OuterRef("product_id")).order_by("-issued_at", "-pk")
    village = "enterprise__village"
    return listings.update(
        public=Case(
            When(Exists(shown), published=True, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        category=_code(product, "category"),
        village_code=_code(product, f"{village}__code"),
        kecamatan_code=_code(product, f"{village}__parent__code"),
        regency_code=_code(product, f"{village}__parent__parent__code"),
        stars=Subquery(latest.values("stars")[:1]),
    )


def refresh_listing(listing: Listing) -> None:
    """Recompute one listing's facets, in the database and on ``listing``."""
    refresh(Listing.objects.filter(pk=listing.pk))
    listing.refresh_from_db(fields=list(FACETS))


def refresh_products(product_ids: Iterable[int]) -> int:
    ids = sorted(set(product_ids))
    return refresh(Listing.objects.filter(product_id__in=ids)) if ids else 0


def refresh_enterprises(enterprise_ids: Iterable[int]) -> int:
    ids = sorted(set(enterprise_ids))
    return refresh(Listing.objects.filter(product__enterprise_id__in=ids)) if ids else 0
