"""What the home page counts, limited to what the signed-in user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from ovop.accounts.models import Role, User
from ovop.enterprises import scope
from ovop.overview.selectors_owner import EnterpriseHome, owner_home
from ovop.overview.selectors_villages import VillageLine, my_villages
from ovop.overview.selectors_work import AssessorWork, OfficerWork, assessor_work, officer_work
from ovop.programme.models import Programme
from ovop.regions.models import Level, Region


def villages_in_scope(user: User) -> QuerySet[Region]:
    """The villages whose records ``user`` works with: a facilitator's own villages, the
    villages of an owner's enterprises, every village for everyone else."""
    villages = Region.objects.filter(level=Level.VILLAGE)
    if user.role == Role.FACILITATOR and not user.reads_all:
        return villages.filter(facilitators=user)
    if user.role == Role.OWNER and not user.reads_all:
        return villages.filter(enterprises__account=user).distinct()
    return villages


def home_stats(*, user: User) -> dict[str, int]:
    """Headline counts for the home page, limited to what ``user`` may see."""
    enterprises = scope.enterprises_visible(user).filter(archived_at__isnull=True)
    products = scope.products_visible(user).filter(
        archived_at__isnull=True, enterprise__archived_at__isnull=True
    )
    villages = villages_in_scope(user)
    counts = Region.objects.filter(pk__in=villages.values("pk")).aggregate(
        n=Count("pk"), kec=Count("parent", distinct=True, filter=Q(parent__isnull=False))
    )
    return {
        "villages": counts["n"],
        "kecamatan": counts["kec"],
        "enterprises": enterprises.count(),
        "products": products.count(),
        "published": products.filter(published=True).count(),
        "programmes": Programme.objects.filter(archived_at__isnull=True).count(),
    }


@dataclass(frozen=True)
class HomePage:
    """What the home page shows ``user``: the counts of their scope, and what waits for them
    by role (None where the role has nothing of the kind)."""

    stats: dict[str, int]
    officer: OfficerWork | None = None
    assessor: AssessorWork | None = None
    villages: list[VillageLine] | None = None
    enterprises: list[EnterpriseHome] | None = None


def home_page(*, user: User, counts: bool = True) -> HomePage:
    """The home page of ``user``: officers and admins see the programme's work queues,
    assessors their rounds and assessments, facilitators their villages, owners their
    enterprises; viewers the counts only."""
    stats = home_stats(user=user) if counts else {}
    if user.manages:
        return HomePage(stats, officer=officer_work(user=user))
    if user.role == Role.ASSESSOR:
        return HomePage(stats, assessor=assessor_work(user=user))
    if user.role == Role.FACILITATOR and not user.reads_all:
        return HomePage(stats, villages=my_villages(user=user))
    if user.role == Role.OWNER and not user.reads_all:
        return HomePage(stats, enterprises=owner_home(user=user))
    return HomePage(stats)
