"""What an owner's proposal does to the listing's present photos: which it removes and in which
order the rest are shown (``PhotoPlan``), checked when the owner proposes (``plan_check``) and
carried out when an officer approves (``plan_apply``).

Removing a photo is done as an officer's "remove" is (``services.photo_remove``): the row is
deleted through ``delete_with_history`` and its resized copies once the transaction commits.
A listing may be left without photos, as an officer may leave it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.catalogue import services
from ovop.catalogue.models import Listing, ListingPhoto
from ovop.catalogue.models_moderation import ListingProposal
from ovop.catalogue.photos import delete_variants
from ovop.core.history import delete_with_history, save_with_history

#: The keys a refused plan is reported under (the proposal form's field names).
ORDER_FIELD = "photo_order"
REMOVE_FIELD = "remove_photos"
#: The change reason of a photo moved by an approval (``services_moderation.APPROVED``).
REORDERED = "proposed catalogue change approved"


@dataclass(frozen=True)
class PhotoPlan:
    """The present photos (ids) kept, in the order proposed, and those removed; a present
    photo named in neither is kept after the ordered ones, in its present order."""

    order: tuple[int, ...] = ()
    removed: tuple[int, ...] = ()


def present_ids(listing: Listing | None) -> list[int]:
    if listing is None:
        return []
    return list(listing.photos.order_by("position", "pk").values_list("pk", flat=True))


def _refuse_strangers(ids: tuple[int, ...], present: list[int], key: str) -> None:
    strangers = [pk for pk in ids if pk not in present]
    if strangers:
        raise ValidationError(
            {key: _("Photo %(id)s is not a photo of this page.") % {"id": strangers[0]}}
        )
    if len(set(ids)) != len(ids):
        raise ValidationError({key: _("Name each photo once.")})


def order_from_positions(present: list[int], positions: dict[int, int]) -> tuple[int, ...]:
    """The photos ``present`` (ids, in their present order) sorted by the positions an owner
    typed (1 = first; a photo without one keeps its place). Two photos given the same number:
    the one moved there goes before the one already there when it moved up, after it when it
    moved down (photo 3 set to 1 comes first; photo 1 set to 3 comes after the third)."""

    def key(index_pk: tuple[int, int]) -> tuple[int, int, int]:
        index, pk = index_pk
        wanted = positions.get(pk, index + 1)
        moved = 0 if wanted < index + 1 else 2 if wanted > index + 1 else 1
        return wanted, moved, index

    return tuple(pk for _index, pk in sorted(enumerate(present), key=key))


def plan_check(listing: Listing | None, plan: PhotoPlan) -> tuple[list[int], list[int]]:
    """The plan as stored on the proposal (``photo_order``, ``removed_photos``): both empty
    when it changes nothing. A photo that is not the listing's, or named twice, is refused."""
    present = present_ids(listing)
    _refuse_strangers(plan.order, present, ORDER_FIELD)
    _refuse_strangers(plan.removed, present, REMOVE_FIELD)
    if set(plan.order) & set(plan.removed):
        raise ValidationError({ORDER_FIELD: _("A photo to remove has no place in the order.")})
    removed = [pk for pk in present if pk in plan.removed]
    rest = [pk for pk in present if pk not in plan.order and pk not in plan.removed]
    order = [*plan.order, *rest]
    if not removed and order == present:
        return [], []
    return order, removed


def kept_after(proposal: ListingProposal, present: list[int]) -> list[int]:
    """The present photos (ids) shown once ``proposal`` is approved, in their new order: its
    order first, then photos added since it was made (present, neither ordered nor removed)."""
    if not proposal.changes_photos:
        return present
    ordered = [pk for pk in proposal.photo_order if pk in present]
    later = [pk for pk in present if pk not in ordered and pk not in proposal.removed_photos]
    return [*ordered, *later]


def _remove(photo: ListingPhoto, user: User) -> None:
    variants = dict(photo.variants)
    delete_with_history(photo, user=user, reason=services.PHOTO_REMOVED)
    transaction.on_commit(lambda: delete_variants(variants))


def plan_apply(proposal: ListingProposal, listing: Listing, user: User) -> None:
    """Remove and reorder the listing's present photos as ``proposal`` says (a photo an
    officer removed meanwhile is passed over)."""
    if not proposal.changes_photos:
        return
    photos = {p.pk: p for p in ListingPhoto.objects.select_for_update().filter(listing=listing)}
    for pk in proposal.removed_photos:
        photo = photos.pop(pk, None)
        if photo is not None:
            _remove(photo, user)
    present = [p.pk for p in sorted(photos.values(), key=lambda p: (p.position, p.pk))]
    for position, pk in enumerate(kept_after(proposal, present)):
        photo = photos[pk]
        if photo.position != position:
            photo.position = position
            save_with_history(photo, user=user, reason=REORDERED)
