"""Writes for programmes, their participating villages and each village's designated product.

Every function is one use case: it checks that ``user`` may manage programmes (raising
PermissionDenied otherwise), validates everything before it writes, runs in one transaction and
leaves a history record with the user and a change reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import REASON_ARCHIVED, save_with_history
from ovop.core.models import archive, restore
from ovop.enterprises.models import Product
from ovop.programme.models import Designation, Programme, ProgrammeVillage
from ovop.programme.scope import can_manage_programmes
from ovop.regions.models import Level, Region

#: A programme's designations and new villages may reach this many years past its start.
YEARS_AHEAD = 20


def _require_manager(user: User) -> None:
    if not can_manage_programmes(user):
        raise PermissionDenied


def _require_active(programme: Programme) -> None:
    if programme.archived_at is not None:
        raise ValidationError(
            _("Programme “%(name)s” is archived; restore it before changing it.")
            % {"name": programme.name}
        )


def _check_year(programme: Programme, year: int, field: str, label: str) -> None:
    last = programme.start_year + YEARS_AHEAD
    if not programme.start_year <= year <= last:
        raise ValidationError(
            {
                field: _("%(label)s: %(year)s is outside the programme's years %(first)s–%(last)s.")
                % {"label": label, "year": year, "first": programme.start_year, "last": last}
            }
        )


def _check_regency(regency: Region) -> None:
    if regency.level != Level.REGENCY:
        raise ValidationError(
            {"regency": _("Regency: %(name)s is not a regency.") % {"name": regency.name}}
        )


@transaction.atomic
def programme_create(
    *,
    user: User,
    name: str,
    scheme: str,
    regency: Region,
    start_year: int,
    description: str = "",
) -> Programme:
    _require_manager(user)
    _check_regency(regency)
    programme = Programme(
        name=name.strip(),
        scheme=scheme,
        regency=regency,
        start_year=start_year,
        description=description.strip(),
    )
    return save_with_history(programme, user=user, reason="created")


def _check_start_year_change(programme: Programme, start_year: int) -> None:
    memberships = ProgrammeVillage.objects.filter(programme=programme)
    earliest_join = memberships.aggregate(y=models.Min("joined_year"))["y"]
    years = Designation.objects.filter(membership__programme=programme).aggregate(
        first=models.Min("year"), last=models.Max("year")
    )
    used = [year for year in (earliest_join, years["first"]) if year is not None]
    if used and start_year > min(used):
        raise ValidationError(
            {
                "start_year": _(
                    "Start year: the programme already has a village or designation in "
                    "%(year)s, so it cannot start later than that."
                )
                % {"year": min(used)}
            }
        )
    if years["last"] is not None and years["last"] > start_year + YEARS_AHEAD:
        raise ValidationError(
            {
                "start_year": _(
                    "Start year: the programme has a designation for %(year)s, more than "
                    "%(n)s years after %(start)s."
                )
                % {"year": years["last"], "n": YEARS_AHEAD, "start": start_year}
            }
        )


@transaction.atomic
def programme_update(
    *,
    user: User,
    programme: Programme,
    name: str,
    scheme: str,
    regency: Region,
    start_year: int,
    description: str = "",
) -> Programme:
    _require_manager(user)
    _require_active(programme)
    _check_regency(regency)
    if regency.pk != programme.regency_id and programme.villages.exists():
        raise ValidationError(
            {"regency": _("Regency: it cannot change while the programme has villages.")}
        )
    if start_year != programme.start_year:
        _check_start_year_change(programme, start_year)
    new = {
        "name": name.strip(),
        "scheme": scheme,
        "regency_id": regency.pk,
        "start_year": start_year,
        "description": description.strip(),
    }
    for key, value in new.items():
        setattr(programme, key, value)
    return save_with_history(programme, user=user, reason="edited")


@transaction.atomic
def programme_archive(
    *, user: User, programme: Programme, reason: str = REASON_ARCHIVED
) -> Programme:
    """Archive ``programme``, ``reason`` kept in its history; archiving an archived one is
    refused (ValidationError)."""
    _require_manager(user)
    return archive(programme, user=user, reason=reason)


@transaction.atomic
def programme_restore(*, user: User, programme: Programme) -> Programme:
    """Restore ``programme``; restoring an active one is refused (ValidationError)."""
    _require_manager(user)
    return restore(programme, user=user)


def _villages_to_add(
    programme: Programme, villages: Iterable[Region], kecamatan: Region | None
) -> list[Region]:
    chosen = {village.pk: village for village in villages}
    if kecamatan is not None:
        if kecamatan.level != Level.KECAMATAN or kecamatan.parent_id != programme.regency_id:
            raise ValidationError(
                {
                    "kecamatan": _("Kecamatan: %(name)s is not a kecamatan of %(regency)s.")
                    % {"name": kecamatan.name, "regency": programme.regency.name}
                }
            )
        for village in Region.objects.filter(parent=kecamatan, level=Level.VILLAGE):
            chosen.setdefault(village.pk, village)
    if not chosen:
        raise ValidationError(
            {"villages": _("Villages: choose at least one village or a whole kecamatan.")}
        )
    kecamatan_of = dict(
        Region.objects.filter(pk__in=[v.parent_id for v in chosen.values()]).values_list(
            "pk", "parent_id"
        )
    )
    for village in chosen.values():
        regency_id = kecamatan_of.get(village.parent_id) if village.parent_id else None
        if village.level != Level.VILLAGE or regency_id != programme.regency_id:
            raise ValidationError(
                {
                    "villages": _("Villages: %(name)s is not a village of %(regency)s.")
                    % {"name": village.name, "regency": programme.regency.name}
                }
            )
    return sorted(chosen.values(), key=lambda v: v.code)


@transaction.atomic
def programme_villages_add(
    *,
    user: User,
    programme: Programme,
    villages: Iterable[Region] = (),
    kecamatan: Region | None = None,
    joined_year: int,
) -> list[ProgrammeVillage]:
    """Add villages (and/or every village of one kecamatan); returns the memberships changed.

    Villages already taking part are left alone; a village removed earlier is restored.
    """
    _require_manager(user)
    _require_active(programme)
    targets = _villages_to_add(programme, villages, kecamatan)
    _check_year(programme, joined_year, "joined_year", _("Joined in"))
    existing = {m.village_id: m for m in ProgrammeVillage.objects.filter(programme=programme)}
    changed: list[ProgrammeVillage] = []
    for village in targets:
        membership = existing.get(village.pk)
        if membership is None:
            membership = ProgrammeVillage(
                programme=programme, village=village, joined_year=joined_year
            )
            save_with_history(membership, user=user, reason="village added")
        elif membership.archived_at is not None:
            restore(membership, user=user, reason="village added again")
        else:
            continue
        changed.append(membership)
    return changed


@transaction.atomic
def programme_village_remove(
    *, user: User, membership: ProgrammeVillage, reason: str = "village removed"
) -> ProgrammeVillage:
    """Take a village out of its programme: the membership is archived, never deleted;
    ``reason`` is kept in its history."""
    _require_manager(user)
    _require_active(membership.programme)
    return archive(membership, user=user, reason=reason)


@transaction.atomic
def programme_village_restore(*, user: User, membership: ProgrammeVillage) -> ProgrammeVillage:
    _require_manager(user)
    _require_active(membership.programme)
    return restore(membership, user=user, reason="village restored")


def _check_product(membership: ProgrammeVillage, product: Product) -> None:
    village = membership.village
    if product.enterprise.village_id != village.pk:
        raise ValidationError(
            {
                "product": _("Product: “%(product)s” is not made by an enterprise in %(village)s.")
                % {"product": product.name, "village": village.name}
            }
        )
    if product.archived_at is not None or product.enterprise.archived_at is not None:
        raise ValidationError(
            {
                "product": _("Product: “%(product)s” or its enterprise is archived.")
                % {"product": product.name}
            }
        )


class RoundDecision(Protocol):
    """A selection round's stored decision (``ovop.selection.models.Decision`` is one): the
    proof that lets :func:`designation_decide` set, or replace, a village's designation.
    Programme sits below selection, so it names only what it reads."""

    @property
    def pk(self) -> Any: ...

    @property
    def round_id(self) -> int: ...

    @property
    def decided_by(self) -> User: ...


def _designation_target(
    membership: ProgrammeVillage, year: int, product: Product | None
) -> Designation | None:
    """Check that ``membership`` may carry ``product`` in ``year``; the stored designation."""
    programme = membership.programme
    _require_active(programme)
    if membership.archived_at is not None:
        raise ValidationError(
            _("%(village)s has been removed from this programme; restore it first.")
            % {"village": membership.village.name}
        )
    _check_year(programme, year, "year", _("Year"))
    if product is not None:
        _check_product(membership, product)
    return Designation.objects.filter(membership=membership, year=year).first()


def designation_check(
    *, user: User, membership: ProgrammeVillage, year: int, product: Product | None
) -> Designation | None:
    """Everything :func:`designation_set` checks, without writing (ValidationError or
    PermissionDenied when it would refuse); the designation stored for that year, if any."""
    _require_manager(user)
    designation = _designation_target(membership, year, product)
    if designation is not None and designation.by_selection:
        raise ValidationError(
            {
                "product": _(
                    "Product: the designation for %(year)s was decided by a selection round; "
                    "open a new round to choose again."
                )
                % {"year": year}
            }
        )
    return designation


@transaction.atomic
def designation_set(
    *,
    user: User,
    membership: ProgrammeVillage,
    year: int,
    product: Product | None,
    note: str = "",
    reason: str = "",
) -> Designation | None:
    """Designate ``product`` by hand as the village's one product for ``year``; ``None``
    clears it. Returns the designation, or None when there was nothing to clear. ``reason``
    is kept in the history ("designated" or "designation cleared" when not given).

    A designation that a selection round decided is frozen with the round: it is refused
    here, and only another round's decision (:func:`designation_decide`) replaces it.
    """
    designation = designation_check(user=user, membership=membership, year=year, product=product)
    if designation is None:
        if product is None:
            return None
        designation = Designation(membership=membership, year=year)
    designation.product = product
    designation.note = note.strip()
    default = "designated" if product else "designation cleared"
    return save_with_history(designation, user=user, reason=reason or default)


@transaction.atomic
def designation_decide(
    *, decision: RoundDecision, membership: ProgrammeVillage, year: int, product: Product
) -> Designation:
    """Designate ``product`` for ``year`` as the stored selection ``decision`` chose.

    The decision is the proof: it must be stored, and its decider must manage programmes.
    The designation replaces whatever was set for that year (by hand or by an earlier round),
    is marked as decided by a selection round, and from then on refuses hand edits.
    """
    if decision.pk is None:
        raise ValidationError(_("Designation: the selection decision has not been stored."))
    user = decision.decided_by
    _require_manager(user)
    designation = _designation_target(membership, year, product)
    designation = designation or Designation(membership=membership, year=year)
    designation.product = product
    designation.note = f"selection round {decision.round_id}"
    designation.by_selection = True
    return save_with_history(designation, user=user, reason="designated by a selection round")
