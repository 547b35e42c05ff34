"""Reads for programme pages and the API, each in a fixed number of queries.

Who may open programmes, and which of the registry's IKM, products and designated products a
page shows, is decided in ``ovop.programme.scope``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.accounts.models import User
from ovop.core.history import HistoryEntry, history_entries, newest_first, versions_of
from ovop.enterprises.models import Enterprise, Product
from ovop.programme import scope
from ovop.programme.models import Designation, Programme, ProgrammeVillage
from ovop.programme.scope import require_programme_reader
from ovop.regions.models import Level, Region

# --- lists and records -----------------------------------------------------------------------


def programme_list(
    *, user: User, q: str = "", scheme: str = "", archived: bool = False
) -> QuerySet[Programme]:
    """Programmes with their number of active villages (one query per page, plus the count)."""
    require_programme_reader(user)
    programmes = Programme.objects.select_related("regency").annotate(
        n_villages=Count("villages", filter=Q(villages__archived_at__isnull=True))
    )
    if not archived:
        programmes = programmes.filter(archived_at__isnull=True)
    if q:
        programmes = programmes.filter(name__icontains=q)
    if scheme:
        programmes = programmes.filter(scheme=scheme)
    return programmes.order_by("-start_year", "name", "pk")


def programme_get(*, user: User, pk: int) -> Programme:
    require_programme_reader(user)
    return get_object_or_404(Programme.objects.select_related("regency"), pk=pk)


def membership_get(*, user: User, programme: Programme, pk: int) -> ProgrammeVillage:
    require_programme_reader(user)
    membership = get_object_or_404(
        ProgrammeVillage.objects.select_related("village__parent"), pk=pk, programme=programme
    )
    membership.programme = programme
    return membership


@dataclass(frozen=True)
class VillageRow:
    """A village of the programme as the user may see it: the designations whose product the
    user may see (``hidden`` counts the others), and the IKM and products the user may see."""

    membership: ProgrammeVillage
    designations: list[Designation]
    enterprises: int
    products: int
    hidden: int = 0

    @property
    def latest(self) -> Designation | None:
        """The newest designation, unknown (None) when some are hidden from the user."""
        return self.designations[0] if self.designations and not self.hidden else None


@dataclass(frozen=True)
class ProgrammeDetail:
    programme: Programme
    rows: list[VillageRow]
    archived_rows: list[VillageRow]

    @property
    def villages(self) -> int:
        return len(self.rows)

    @property
    def kecamatan(self) -> int:
        return len({row.membership.village.parent_id for row in self.rows})

    @property
    def designated(self) -> int:
        return sum(1 for row in self.rows if row.latest and row.latest.product_id)

    @property
    def enterprises(self) -> int:
        return sum(row.enterprises for row in self.rows)


def _count(model: type[Enterprise] | type[Product], village_path: str, seen: Q) -> Coalesce:
    """Active records of ``model`` in the membership's village, of those ``seen`` lets in."""
    rows = (
        model.objects.filter(seen)
        .filter(**{village_path: OuterRef("village_id"), "archived_at__isnull": True})
        .order_by()
        .values(village_path)
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def designations_seen(user: User) -> QuerySet[Designation]:
    """The designations ``user`` may see, newest year first, with product and enterprise."""
    return (
        Designation.objects.filter(scope.designation_filter(user))
        .select_related("product__enterprise")
        .order_by("-year")
    )


def memberships_seen(user: User) -> QuerySet[ProgrammeVillage]:
    """Memberships with the designations ``user`` may see, and ``n_hidden``: how many it may
    not (one query for the memberships, one for their designations)."""
    seen = scope.designation_filter(user, "designations__")
    hidden = Count("designations", filter=~seen, distinct=True) if seen else Value(0)
    return (
        ProgrammeVillage.objects.select_related("village__parent")
        .annotate(n_hidden=hidden)
        .prefetch_related(Prefetch("designations", queryset=designations_seen(user)))
        .order_by("village__code")
    )


def programme_detail(*, user: User, programme: Programme) -> ProgrammeDetail:
    """The programme's villages with their designations and counts, as ``user`` may see them
    (``ovop.programme.scope``): two queries."""
    require_programme_reader(user)
    memberships = (
        memberships_seen(user)
        .filter(programme=programme)
        .annotate(
            n_enterprises=_count(Enterprise, "village", scope.enterprises_counted(user)),
            n_products=_count(Product, "enterprise__village", scope.products_counted(user)),
        )
    )
    rows: list[VillageRow] = []
    archived: list[VillageRow] = []
    for membership in memberships:
        membership.programme = programme
        row = VillageRow(
            membership=membership,
            designations=list(membership.designations.all()),
            enterprises=membership.n_enterprises,
            products=membership.n_products,
            hidden=membership.n_hidden,  # type: ignore[attr-defined]  # memberships_seen
        )
        (archived if membership.archived_at else rows).append(row)
    return ProgrammeDetail(programme=programme, rows=rows, archived_rows=archived)


# --- choices for the forms -------------------------------------------------------------------


def villages_available(*, programme: Programme) -> QuerySet[Region]:
    """Villages of the programme's regency that are not (actively) taking part."""
    active = ProgrammeVillage.objects.filter(programme=programme, archived_at__isnull=True)
    return (
        Region.objects.filter(level=Level.VILLAGE, parent__parent_id=programme.regency_id)
        .exclude(pk__in=active.values("village_id"))
        .select_related("parent")
        .order_by("code")
    )


def kecamatan_of_regency(*, programme: Programme) -> QuerySet[Region]:
    return Region.objects.filter(level=Level.KECAMATAN, parent_id=programme.regency_id).order_by(
        "code"
    )


def products_for_membership(*, membership: ProgrammeVillage) -> QuerySet[Product]:
    """The active products of active enterprises in the village: what may be designated."""
    return (
        Product.objects.filter(
            enterprise__village_id=membership.village_id,
            archived_at__isnull=True,
            enterprise__archived_at__isnull=True,
        )
        .select_related("enterprise")
        .order_by("name", "enterprise__name", "pk")
    )


def designation_default_year(*, membership: ProgrammeVillage) -> int:
    """The year the designation form opens on: the latest designated, else this year."""
    latest = (
        Designation.objects.filter(membership=membership)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if latest is not None:
        return latest
    start = membership.programme.start_year
    return max(start, min(timezone.localdate().year, start + 20))


def designations_of(*, membership: ProgrammeVillage) -> list[Designation]:
    """The village's designations so far, newest year first."""
    return list(
        Designation.objects.filter(membership=membership)
        .select_related("product__enterprise")
        .order_by("-year")
    )


def designation_current(*, membership: ProgrammeVillage, year: int) -> Designation | None:
    return (
        Designation.objects.filter(membership=membership, year=year)
        .select_related("product")
        .first()
    )


# --- API -------------------------------------------------------------------------------------


def programme_api_detail(*, user: User, pk: int) -> Programme:
    """One programme with villages (kecamatan too) and the designations ``user`` may see
    (``n_hidden`` on each village counts the others), in three queries."""
    require_programme_reader(user)
    queryset = Programme.objects.select_related("regency").prefetch_related(
        Prefetch("villages", queryset=memberships_seen(user))
    )
    return get_object_or_404(queryset, pk=pk)


# --- history ---------------------------------------------------------------------------------

_TRACKED: dict[type[Any], tuple[str, ...]] = {
    Programme: ("name", "scheme", "regency", "start_year", "description", "archived_at"),
    ProgrammeVillage: ("village", "joined_year", "archived_at"),
    Designation: ("year", "product", "note"),
}
#: Change reasons the services write, shown translated on the history page.
REASONS = {
    "village added": gettext_lazy("village added"),
    "village added again": gettext_lazy("village added again"),
    "village removed": gettext_lazy("village removed"),
    "village restored": gettext_lazy("village restored"),
    "designated": gettext_lazy("product designated"),
    "designation cleared": gettext_lazy("designation cleared"),
    "demo data": gettext_lazy("demo data"),
}


def _visible_versions(user: User, versions: Iterable[Any]) -> list[Any]:
    """Designation versions ``user`` may read: as on the programme page, one that names a
    product outside the user's scope is left out (a facilitator reads her villages' only)."""
    versions = list(versions)
    if not scope.products_counted(user):  # an empty Q: the user sees every product
        return versions
    named = {v.product_id for v in versions if v.product_id}
    visible = set(
        Product.objects.filter(scope.products_counted(user), pk__in=named).values_list(
            "pk", flat=True
        )
    )
    return [v for v in versions if v.product_id is None or v.product_id in visible]


def programme_history(*, user: User, programme: Programme) -> list[HistoryEntry]:
    """Every change to the programme, its villages and their designations, newest first.

    Five queries whatever the number of records (six for a user with a limited scope).
    """
    require_programme_reader(user)
    own = list(versions_of(Programme.history.filter(id=programme.pk)))
    members = list(versions_of(ProgrammeVillage.history.filter(programme_id=programme.pk)))
    village_of = {m.id: m.village_id for m in members}
    picks = _visible_versions(
        user, versions_of(Designation.history.filter(membership_id__in=list(village_of)))
    )
    region_ids = {m.village_id for m in members} | {p.regency_id for p in own}
    regions = dict(Region.objects.filter(pk__in=region_ids).values_list("pk", "name"))
    products = Product.objects.filter(pk__in={d.product_id for d in picks if d.product_id})
    names: dict[tuple[str, Any], str] = {
        ("product", pk): f"{name} ({enterprise})"
        for pk, name, enterprise in products.values_list("pk", "name", "enterprise__name")
    }
    names |= {("regency", pk): name for pk, name in regions.items()}
    names |= {("village", pk): name for pk, name in regions.items()}

    def read(versions: list[Any], model: type[Any], record: Any) -> list[HistoryEntry]:
        return history_entries(
            versions, fields=_TRACKED[model], names=names, reasons=REASONS, record=record
        )

    def designation(r: Any) -> str:
        village = regions.get(village_of.get(r.membership_id, 0), "?")
        return _("Designation %(village)s %(year)s") % {"village": village, "year": r.year}

    return newest_first(
        read(own, Programme, lambda r: _("Programme")),
        read(
            members,
            ProgrammeVillage,
            lambda r: _("Village %(name)s") % {"name": regions.get(r.village_id, "?")},
        ),
        read(picks, Designation, designation),
    )
