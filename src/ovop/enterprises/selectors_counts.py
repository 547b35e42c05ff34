"""The registry's counts for an area and a product category, read from the registry tallies
(``models_tallies``): a few rows whatever the number of IKM, never older than the registry."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, Sum

from ovop.enterprises.models import Certification, Enterprise, Product
from ovop.enterprises.models_tallies import RegistryLevel, RegistryTally, TallyKind


@dataclass(frozen=True)
class Area:
    """A kecamatan (``level`` kecamatan and its code), a regency, or the whole country
    (``level`` country; a level without a code adds up all its areas' rows)."""

    level: str
    code: str | None = None


@dataclass(frozen=True)
class RegistryCounts:
    enterprises: int
    products: int
    certificates_valid: int


def _month(day: dt.date) -> int:
    return day.year * 100 + day.month


def _valid_this_month(area: Area, category: str, today: dt.date) -> int:
    """Certificates expiring from today to the month's end (their month's row cannot say
    which of them have expired already): read live, a few rows."""
    last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    rows = Certification.objects.filter(archived_at=None, expires_on__range=(today, last))
    if area.code is not None:
        field = "parent" if area.level == RegistryLevel.KECAMATAN else "parent__parent"
        rows = rows.filter(
            enterprise__archived_at=None, **{f"enterprise__village__{field}__code": area.code}
        )
    else:
        # the whole country: no join to a million IKM, only a look into the few archived
        # ones (both read from partial indexes)
        archived = Enterprise.objects.filter(archived_at__isnull=False, pk=OuterRef("enterprise"))
        rows = rows.filter(~Exists(archived))
    if category:
        with_category = Product.objects.filter(
            archived_at=None, category=category, enterprise=OuterRef("enterprise")
        )
        rows = rows.filter(Exists(with_category))
    return rows.count()


def registry_counts(*, area: Area, category: str, today: dt.date) -> RegistryCounts:
    """IKM not archived (with a product of ``category``, "" any), their products not archived
    (of the category), and their certificates valid on ``today`` (two queries)."""
    rows = RegistryTally.objects.filter(level=area.level, category=category)
    if area.code is not None:
        rows = rows.filter(area_code=area.code)
    now = _month(today)
    sums = rows.aggregate(
        enterprises=Sum("n", filter=Q(kind=TallyKind.ENTERPRISES)),
        products=Sum("n", filter=Q(kind=TallyKind.PRODUCTS)),
        certificates=Sum(
            "n", filter=Q(kind=TallyKind.CERTIFICATES) & (Q(bucket=0) | Q(bucket__gt=now))
        ),
    )
    return RegistryCounts(
        enterprises=sums["enterprises"] or 0,
        products=sums["products"] or 0,
        certificates_valid=(sums["certificates"] or 0) + _valid_this_month(area, category, today),
    )
