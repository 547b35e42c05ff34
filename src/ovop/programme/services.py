"""Writes for programmes, their participating villages and each village's designated product.

Every function is one use case: it checks that ``user`` may manage programmes (raising
PermissionDenied otherwise), validates everything before it writes, runs in one transaction and
leaves a history record with the user and a change reason.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.enterprises.models import Product
from ovop.programme.models import Designation, Programme, ProgrammeVillage
from ovop.programme.selectors import can_manage_programmes
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


def _save(obj: models.Model, *, user: User, reason: str) -> None:
    """Validate, then save ``obj`` with ``user`` and ``reason`` in its history record."""
    obj.full_clean()
    obj._history_user = user  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]
    obj.save()


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
    _save(programme, user=user, reason="created")
    return programme


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
    if all(getattr(programme, key) == value for key, value in new.items()):
        return programme
    for key, value in new.items():
        setattr(programme, key, value)
    _save(programme, user=user, reason="edited")
    return programme


@transaction.atomic
def programme_archive(*, user: User, programme: Programme) -> Programme:
    _require_manager(user)
    if programme.archived_at is None:
        programme.archived_at = timezone.now()
        _save(programme, user=user, reason="archived")
    return programme


@transaction.atomic
def programme_restore(*, user: User, programme: Programme) -> Programme:
    _require_manager(user)
    if programme.archived_at is not None:
        programme.archived_at = None
        _save(programme, user=user, reason="restored")
    return programme


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
            _save(membership, user=user, reason="village added")
        elif membership.archived_at is not None:
            membership.archived_at = None
            _save(membership, user=user, reason="village added again")
        else:
            continue
        changed.append(membership)
    return changed


@transaction.atomic
def programme_village_remove(*, user: User, membership: ProgrammeVillage) -> ProgrammeVillage:
    """Take a village out of its programme: the membership is archived, never deleted."""
    _require_manager(user)
    _require_active(membership.programme)
    if membership.archived_at is None:
        membership.archived_at = timezone.now()
        _save(membership, user=user, reason="village removed")
    return membership


@transaction.atomic
def programme_village_restore(*, user: User, membership: ProgrammeVillage) -> ProgrammeVillage:
    _require_manager(user)
    _require_active(membership.programme)
    if membership.archived_at is not None:
        membership.archived_at = None
        _save(membership, user=user, reason="village restored")
    return membership


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


@transaction.atomic
def designation_set(
    *,
    user: User,
    membership: ProgrammeVillage,
    year: int,
    product: Product | None,
    note: str = "",
    by_selection: bool = False,
) -> Designation | None:
    """Designate ``product`` as the village's one product for ``year``; ``None`` clears it.

    A designation that a selection round decided (``by_selection``) is frozen with the
    round: only another round's decision replaces it. Returns the designation, or None when
    there was nothing to clear.
    """
    _require_manager(user)
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
    designation = Designation.objects.filter(membership=membership, year=year).first()
    if designation is not None and designation.by_selection and not by_selection:
        raise ValidationError(
            {
                "product": _(
                    "Product: the designation for %(year)s was decided by a selection round; "
                    "open a new round to choose again."
                )
                % {"year": year}
            }
        )
    if designation is None:
        if product is None:
            return None
        designation = Designation(membership=membership, year=year)
    new_product_id = product.pk if product is not None else None
    note = note.strip()
    unchanged = designation.product_id == new_product_id and designation.note == note
    if designation.pk and unchanged and designation.by_selection == by_selection:
        return designation
    designation.product = product
    designation.note = note
    designation.by_selection = by_selection
    _save(designation, user=user, reason="designated" if product else "designation cleared")
    return designation
