"""A facilitator's home page: "Desa saya", each of her villages with its active IKM and its
designated OVOP product (two queries, whatever the number of villages)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from ovop.accounts.models import User
from ovop.enterprises import scope as enterprise_scope
from ovop.programme.models import Designation
from ovop.programme.selectors import designations_seen
from ovop.regions.models import Region


@dataclass(frozen=True)
class VillageLine:
    village: Region
    enterprises: int
    designation: Designation | None  # the latest year's that names a product


def _enterprise_count(user: User) -> Coalesce:
    rows = (
        enterprise_scope.enterprises_visible(user)
        .filter(village=OuterRef("pk"), archived_at__isnull=True)
        .order_by()
        .values("village")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _latest_designations(user: User, villages: Sequence[Region]) -> dict[int, Designation]:
    """Each village's designation of the latest year that names a product ``user`` may see,
    in an active programme and membership."""
    rows = (
        designations_seen(user)
        .filter(
            membership__village__in=villages,
            membership__archived_at__isnull=True,
            membership__programme__archived_at__isnull=True,
            product__isnull=False,
        )
        .select_related("membership__programme")
        .order_by("membership__village_id", "-year", "pk")
    )
    latest: dict[int, Designation] = {}
    for designation in rows:
        latest.setdefault(designation.membership.village_id, designation)
    return latest


def my_villages(*, user: User) -> list[VillageLine]:
    """The villages ``user`` serves, by code, with their counts and designated products."""
    villages = list(
        user.villages.select_related("parent")
        .annotate(n_enterprises=_enterprise_count(user))
        .order_by("code")
    )
    latest = _latest_designations(user, villages)
    return [VillageLine(v, v.n_enterprises, latest.get(v.pk)) for v in villages]
