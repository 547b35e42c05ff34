"""Reads of the officers' catalogue pages: products with the state of their listing."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ovop.catalogue.models import Listing
from ovop.enterprises.models import Certification, Product


def office_products(q: str = "", state: str = "") -> QuerySet[Product]:
    """Products not archived, with their enterprise, village and listing (one query); ``q``
    matches the product, enterprise or village name; ``state`` is "published", "draft" or
    "none" (no listing)."""
    qs = (
        Product.objects.filter(archived_at__isnull=True, enterprise__archived_at__isnull=True)
        .select_related("enterprise__village__parent", "listing")
        .order_by("enterprise__village__name", "name", "pk")
    )
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(enterprise__name__icontains=q)
            | Q(enterprise__village__name__icontains=q)
        )
    if state == "published":
        qs = qs.filter(listing__published=True)
    elif state == "draft":
        qs = qs.filter(listing__isnull=False, listing__published=False)
    elif state == "none":
        qs = qs.filter(listing__isnull=True)
    return qs


def product_certifications(product: Product) -> QuerySet[Certification]:
    """Certificates a listing of ``product`` may show: the product's and its enterprise's."""
    return Certification.objects.filter(
        Q(product=product) | Q(product__isnull=True),
        enterprise_id=product.enterprise_id,
        archived_at__isnull=True,
    ).order_by("kind", "pk")


def listing_of(product: Product) -> Listing | None:
    return Listing.objects.filter(product=product).prefetch_related("photos", "old_slugs").first()
