from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from ovop.enterprises import scope
from ovop.programme.models import Programme
from ovop.regions.models import Level, Region


def home_stats(*, user: Any) -> dict[str, int]:
    """Headline counts for the home page, limited to what ``user`` may see."""
    enterprises = scope.enterprises_visible(user).filter(archived_at__isnull=True)
    products = scope.products_visible(user).filter(
        archived_at__isnull=True, enterprise__archived_at__isnull=True
    )
    villages = Region.objects.aggregate(
        n=Count("pk", filter=Q(level=Level.VILLAGE)),
        kec=Count("pk", filter=Q(level=Level.KECAMATAN)),
    )
    return {
        "villages": villages["n"],
        "kecamatan": villages["kec"],
        "enterprises": enterprises.count(),
        "products": products.count(),
        "published": products.filter(published=True).count(),
        "programmes": Programme.objects.filter(archived_at__isnull=True).count(),
    }
