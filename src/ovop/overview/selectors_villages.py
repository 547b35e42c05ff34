"""A facilitator's home page: "Desa saya", each of her villages with its active IKM, its
designated OVOP product, the stage its empowerment cycle reached and its overdue actions (four
queries, whatever the number of villages); and the empowerment section of a village's page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from ovop.accounts.models import User
from ovop.empowerment import scope as empowerment_scope
from ovop.empowerment.models_cycle import Cycle
from ovop.empowerment.selectors_overview import (
    STAGE_LABELS,
    VillageStatus,
    action_counts,
    current_cycles,
    stage_key,
    village_statuses,
    villages_seen,
)
from ovop.enterprises import scope as enterprise_scope
from ovop.enterprises.selectors import local_today
from ovop.programme.models import Designation
from ovop.programme.selectors import designations_seen
from ovop.regions.models import Region


@dataclass(frozen=True)
class VillageLine:
    village: Region
    enterprises: int
    designation: Designation | None  # the latest year's that names a product
    cycle: Cycle | None = None  # the current empowerment cycle
    overdue_actions: int = 0

    @property
    def stage_key(self) -> str:
        return stage_key(self.cycle)

    @property
    def stage_label(self) -> str:
        return str(STAGE_LABELS[self.stage_key])


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
    """The villages ``user`` serves, by code, with their counts, designated products, current
    empowerment cycle and overdue actions."""
    villages = list(
        user.villages.select_related("parent")
        .annotate(n_enterprises=_enterprise_count(user))
        .order_by("code")
    )
    latest = _latest_designations(user, villages)
    cycles = current_cycles(user=user, village_ids=[v.pk for v in villages])
    actions = action_counts(cycles.values(), local_today())
    lines = []
    for v in villages:
        cycle = cycles.get(v.pk)
        overdue = actions.get(cycle.pk, (0, 0))[1] if cycle else 0
        lines.append(VillageLine(v, v.n_enterprises, latest.get(v.pk), cycle, overdue))
    return lines


def village_empowerment(*, user: User, village: Region) -> VillageStatus | None:
    """Where ``village`` stands in the empowerment cycle, for its page: None for a user who
    may not read this village's empowerment records (seven queries at most)."""
    if not empowerment_scope.can_read_empowerment(user):
        return None
    if not user.reads_all and not villages_seen(user=user).filter(pk=village.pk).exists():
        return None
    return village_statuses(user=user, villages=[village])[0]
