"""Reads for programme pages and the API, each in a fixed number of queries.

Who may open programmes is decided here, once: admin and officer manage them; viewer, assessor
and facilitator read them; an IKM owner may not open them at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.accounts.models import Role, User
from ovop.enterprises.models import Enterprise, Product
from ovop.programme.models import Designation, Programme, ProgrammeVillage
from ovop.regions.models import Level, Region

# --- who may do what -------------------------------------------------------------------------


def can_read_programmes(user: User | AnonymousUser) -> bool:
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.is_superuser or user.role != Role.OWNER


def can_manage_programmes(user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and user.is_active and user.manages


def require_programme_reader(user: User | AnonymousUser) -> User:
    if not can_read_programmes(user):
        raise PermissionDenied
    assert isinstance(user, User)
    return user


def require_programme_manager(user: User | AnonymousUser) -> User:
    if not can_manage_programmes(user):
        raise PermissionDenied
    assert isinstance(user, User)
    return user


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
    membership: ProgrammeVillage
    designations: list[Designation]
    enterprises: int
    products: int

    @property
    def latest(self) -> Designation | None:
        return self.designations[0] if self.designations else None


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


def _count(model: type[Enterprise] | type[Product], village_path: str) -> Coalesce:
    rows = (
        model.objects.filter(**{village_path: OuterRef("village_id"), "archived_at__isnull": True})
        .order_by()
        .values(village_path)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def programme_detail(*, user: User, programme: Programme) -> ProgrammeDetail:
    """The programme's villages with their designations and counts: two queries."""
    require_programme_reader(user)
    designations = Designation.objects.select_related("product__enterprise").order_by("-year")
    memberships = (
        ProgrammeVillage.objects.filter(programme=programme)
        .select_related("village__parent")
        .annotate(
            n_enterprises=_count(Enterprise, "village"),
            n_products=_count(Product, "enterprise__village"),
        )
        .prefetch_related(Prefetch("designations", queryset=designations))
        .order_by("village__code")
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
    """One programme with villages (kecamatan too) and designations, in three queries."""
    require_programme_reader(user)
    designations = Designation.objects.select_related("product__enterprise").order_by("-year")
    memberships = (
        ProgrammeVillage.objects.select_related("village__parent")
        .prefetch_related(Prefetch("designations", queryset=designations))
        .order_by("village__code")
    )
    queryset = Programme.objects.select_related("regency").prefetch_related(
        Prefetch("villages", queryset=memberships)
    )
    return get_object_or_404(queryset, pk=pk)


# --- history ---------------------------------------------------------------------------------

_TRACKED: dict[type[Any], tuple[str, ...]] = {
    Programme: ("name", "scheme", "regency", "start_year", "description", "archived_at"),
    ProgrammeVillage: ("village", "joined_year", "archived_at"),
    Designation: ("year", "product", "note"),
}
_KIND = {"+": "created", "~": "changed", "-": "deleted"}
#: Change reasons the services write, shown translated on the history page.
REASONS = {
    "created": gettext_lazy("created"),
    "edited": gettext_lazy("edited"),
    "archived": gettext_lazy("archived"),
    "restored": gettext_lazy("restored"),
    "village added": gettext_lazy("village added"),
    "village added again": gettext_lazy("village added again"),
    "village removed": gettext_lazy("village removed"),
    "village restored": gettext_lazy("village restored"),
    "designated": gettext_lazy("product designated"),
    "designation cleared": gettext_lazy("designation cleared"),
    "demo data": gettext_lazy("demo data"),
}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    record: str
    kind: str
    reason: str
    changes: list[FieldChange]


def _show(model: type[Any], field: str, value: Any, names: dict[tuple[str, int], str]) -> str:
    if value is None or value == "":
        return "—"
    model_field = model._meta.get_field(field)
    if model_field.is_relation:
        return names.get((field, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def _entries(
    model: type[Any],
    records: list[Any],
    label: Any,
    names: dict[tuple[str, int], str],
) -> list[HistoryEntry]:
    """One entry per historical record: the fields that differ from the record before it."""
    entries: list[HistoryEntry] = []
    previous: dict[int, Any] = {}
    for record in records:  # oldest first
        before = previous.get(record.id)
        changes = []
        for field in _TRACKED[model]:
            attname = model._meta.get_field(field).attname
            new = getattr(record, attname)
            old = getattr(before, attname) if before is not None else None
            if (before is None and new in (None, "")) or (before is not None and old == new):
                continue
            changes.append(
                FieldChange(
                    label=str(model._meta.get_field(field).verbose_name),
                    old=_show(model, field, old, names) if before is not None else "",
                    new=_show(model, field, new, names),
                )
            )
        previous[record.id] = record
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=str(record.history_user) if record.history_user else "",
                record=label(record),
                kind=_KIND.get(record.history_type, record.history_type),
                reason=str(REASONS.get(reason, reason))
                if (reason := record.history_change_reason)
                else "",
                changes=changes,
            )
        )
    return entries


def programme_history(*, user: User, programme: Programme) -> list[HistoryEntry]:
    """Every change to the programme, its villages and their designations, newest first.

    Five queries whatever the number of records.
    """
    require_programme_reader(user)
    order = ("history_date", "history_id")
    own = list(
        Programme.history.filter(id=programme.pk).select_related("history_user").order_by(*order)
    )
    members = list(
        ProgrammeVillage.history.filter(programme_id=programme.pk)
        .select_related("history_user")
        .order_by(*order)
    )
    village_of = {m.id: m.village_id for m in members}
    picks = list(
        Designation.history.filter(membership_id__in=list(village_of))
        .select_related("history_user")
        .order_by(*order)
    )
    region_ids = {m.village_id for m in members} | {p.regency_id for p in own}
    regions = dict(Region.objects.filter(pk__in=region_ids).values_list("pk", "name"))
    products = {
        pk: f"{name} ({enterprise})"
        for pk, name, enterprise in Product.objects.filter(
            pk__in={d.product_id for d in picks if d.product_id}
        ).values_list("pk", "name", "enterprise__name")
    }
    names = {("regency", pk): name for pk, name in regions.items()}
    names |= {("village", pk): name for pk, name in regions.items()}
    names |= {("product", pk): name for pk, name in products.items()}
    entries = _entries(Programme, own, lambda r: _("Programme"), names)
    entries += _entries(
        ProgrammeVillage,
        members,
        lambda r: _("Village %(name)s") % {"name": regions.get(r.village_id, "?")},
        names,
    )
    entries += _entries(
        Designation,
        picks,
        lambda r: (
            _("Designation %(village)s %(year)s")
            % {"village": regions.get(village_of.get(r.membership_id, 0), "?"), "year": r.year}
        ),
        names,
    )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
