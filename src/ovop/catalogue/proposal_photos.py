"""What an owner's proposal does to the listing's photos: which present photos it removes, in
which order the rest are shown and where its new photos go among them (``PhotoPlan``), checked
when the owner proposes (``plan_check``, ``places_check``) and carried out when an officer
approves (``plan_apply``, then ``new_photos_apply``).

Removing a photo is done as an officer's "remove" is (``services.photo_remove``): the row is
deleted through ``delete_with_history`` and its resized copies once the transaction commits.
A listing may be left without photos, as an officer may leave it.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.catalogue import services
from ovop.catalogue.models import Listing, ListingPhoto
from ovop.catalogue.models_moderation import MAX_PLACE, ListingProposal, ProposalPhoto
from ovop.catalogue.photos import delete_variants
from ovop.core.history import delete_with_history, save_with_history

#: The keys a refused plan is reported under (the proposal form's field names).
ORDER_FIELD = "photo_order"
REMOVE_FIELD = "remove_photos"
#: The change reason of a photo moved by an approval (``services_moderation.APPROVED``).
REORDERED = "proposed catalogue change approved"

K = TypeVar("K", bound=Hashable)
N = TypeVar("N")


@dataclass(frozen=True)
class PhotoPlan:
    """The present photos (ids) kept, in the order proposed, and those removed; a present
    photo named in neither is kept after the ordered ones, in its present order. ``places``:
    the new photos already waiting on the proposal (ids) and their places among the photos
    shown once approved (1 = first); one not named keeps its place."""

    order: tuple[int, ...] = ()
    removed: tuple[int, ...] = ()
    places: tuple[tuple[int, int], ...] = ()


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


def order_from_positions(present: Sequence[K], positions: Mapping[K, int]) -> tuple[K, ...]:
    """The photos ``present`` (ids, in their present order) sorted by the positions an owner
    typed (1 = first; a photo without one keeps its place). Two photos given the same number:
    the one moved there goes before the one already there when it moved up, after it when it
    moved down (photo 3 set to 1 comes first; photo 1 set to 3 comes after the third)."""

    def key(index_pk: tuple[int, K]) -> tuple[int, int, int]:
        index, pk = index_pk
        wanted = positions.get(pk, index + 1)
        moved = 0 if wanted < index + 1 else 2 if wanted > index + 1 else 1
        return wanted, moved, index

    return tuple(pk for _index, pk in sorted(enumerate(present), key=key))


def merged(kept: Sequence[K], new: Sequence[tuple[N, int | None]]) -> list[K | N]:
    """The photos shown once a proposal is approved: ``kept`` (the present photos, in their
    order) with each ``new`` photo at its place (1 = first; beyond the end or empty: after
    them, in the order given). Two new photos given the same place keep the order given."""
    shown: list[K | N] = list(kept)
    placed = sorted(
        ((place, index, photo) for index, (photo, place) in enumerate(new) if place is not None),
        key=lambda row: (row[0], row[1]),
    )
    last = -1
    for place, _index, photo in placed:
        last = max(min(place - 1, len(shown)), last + 1)
        shown.insert(last, photo)
    shown.extend(photo for photo, place in new if place is None)
    return shown


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


def places_check(waiting: list[ProposalPhoto], plan: PhotoPlan) -> dict[int, int]:
    """The places of the new photos ``waiting`` on the proposal, by id, as the plan gives them:
    a photo that is not the proposal's, or a place outside 1 to ``MAX_PLACE``, is refused."""
    ids = {p.pk for p in waiting}
    places = dict(plan.places)
    _refuse_strangers(tuple(pk for pk, _place in plan.places), list(ids), ORDER_FIELD)
    for place in places.values():
        if not 1 <= place <= MAX_PLACE:
            raise ValidationError({ORDER_FIELD: _("Position: from 1 to %(n)d.") % {"n": MAX_PLACE}})
    return places


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


def _added(row: ProposalPhoto, listing: Listing) -> ListingPhoto:
    photo = ListingPhoto(listing=listing, caption=row.caption)
    photo.image.name = row.image.name
    photo.variants, photo.width, photo.height = row.variants, row.width, row.height
    return photo


def new_photos_apply(proposal: ListingProposal, listing: Listing, user: User) -> None:
    """Add the proposal's new photos to ``listing`` at their places among its photos (which
    ``plan_apply`` has already removed and ordered); the photos after them move down."""
    rows = list(proposal.photos.order_by("pk"))
    if not rows:
        return
    present = list(listing.photos.select_for_update().order_by("position", "pk"))
    if len(present) + len(rows) > services.MAX_PHOTOS:
        raise ValidationError(
            _("A listing shows at most %(n)d photos.") % {"n": services.MAX_PHOTOS}
        )
    shown = merged(present, [(row, row.place) for row in rows])
    for position, item in enumerate(shown):
        if isinstance(item, ProposalPhoto):
            photo = _added(item, listing)
            photo.position = position
            save_with_history(photo, user=user, reason=services.PHOTO_ADDED)
        elif item.position != position:
            item.position = position
            save_with_history(item, user=user, reason=REORDERED)
    proposal.photos.all().delete()
