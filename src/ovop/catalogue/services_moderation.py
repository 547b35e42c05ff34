"""Owners' proposed changes to their products' public pages, and the officers' decisions.

An owner proposes (``proposal_submit``): the proposal is checked as a listing would be (links
through ``links_clean``, photos through ``photo_prepare``) and kept beside the listing, which
does not change. An officer or admin approves (``proposal_approve``: exactly the fields the
owner changed are written to the listing through ``save_with_history``, the photos it removes
are deleted, the rest take the proposed order and the proposed new photos join after them, the
public pages' cache goes stale) or rejects it with a reason
(``proposal_reject``: the listing is left as it was). While the proposal waits, its owner may
withdraw one of its new photos (``proposal_photo_withdraw``), unless that photo is all the
proposal changes: a proposal that changes nothing is refused, as ``proposal_submit`` refuses one.
The owner may also withdraw the whole proposal (``proposal_withdraw``): it leaves the queue, its
new photos are deleted as a rejection deletes them, and the product may get a new proposal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.accounts.models import User
from ovop.catalogue import scope, services
from ovop.catalogue.links import links_clean
from ovop.catalogue.models import Listing
from ovop.catalogue.models_moderation import (
    MAX_PLACE,
    PROPOSABLE,
    REASON_MAX_LENGTH,
    ListingProposal,
    ProposalPhoto,
    ProposalStatus,
)
from ovop.catalogue.photos import delete_variants, photo_prepare
from ovop.catalogue.proposal_photos import (
    PhotoPlan,
    new_photos_apply,
    places_check,
    plan_apply,
    plan_check,
)
from ovop.catalogue.public_cache import catalogue_changed
from ovop.catalogue.search import document_for
from ovop.core.history import save_with_history, set_history
from ovop.enterprises.models import Product

PROPOSED = "catalogue change proposed"
APPROVED = "proposed catalogue change approved"
REJECTED = "proposed catalogue change rejected"
CREATED_FROM_PROPOSAL = "catalogue page created from the owner's proposal"
PHOTO_WITHDRAWN = "proposed photo withdrawn by the owner"
WITHDRAWN = "proposed catalogue change withdrawn by the owner"
REASONS = {
    PROPOSED: gettext_lazy("catalogue change proposed"),
    APPROVED: gettext_lazy("proposed catalogue change approved"),
    REJECTED: gettext_lazy("proposed catalogue change rejected"),
    CREATED_FROM_PROPOSAL: gettext_lazy("catalogue page created from the owner's proposal"),
    PHOTO_WITHDRAWN: gettext_lazy("proposed photo withdrawn by the owner"),
    WITHDRAWN: gettext_lazy("proposed catalogue change withdrawn by the owner"),
}


@dataclass
class ProposalValues:
    """What an owner may set on their product's public page."""

    public_name: str
    story: str = ""
    raw_material: str = ""
    price_idr: int | None = None
    unit: str = ""
    marketplace_links: list[str] = field(default_factory=list)
    show_whatsapp: bool = False

    @classmethod
    def of(cls, listing: Listing, **changed: Any) -> ProposalValues:
        """The listing's present values, with ``changed`` put in."""
        present = cls(
            public_name=listing.public_name,
            story=listing.story,
            raw_material=listing.raw_material,
            price_idr=listing.price_idr,
            unit=listing.unit,
            marketplace_links=list(listing.marketplace_links),
            show_whatsapp=listing.show_whatsapp,
        )
        return replace(present, **changed)


@dataclass(frozen=True)
class NewPhoto:
    """An uploaded photo, what it shows, and its place among the photos shown once the
    proposal is approved (1 = first; ``None``: after the others)."""

    upload: IO[bytes]
    caption: str
    place: int | None = None


def _changed(listing: Listing | None, data: dict[str, object]) -> list[str]:
    """The fields whose proposed value differs from the listing's (all of them without one)."""
    if listing is None:
        return list(PROPOSABLE)
    return [name for name in PROPOSABLE if getattr(listing, name) != data[name]]


def _photo_room(
    listing: Listing | None, proposal: ListingProposal, adding: int, removing: int
) -> None:
    shown = listing.photos.count() if listing is not None else 0
    waiting = proposal.photos.count() if proposal.pk else 0
    if shown - removing + waiting + adding > services.MAX_PHOTOS:
        raise ValidationError(
            {"photo": _("A listing shows at most %(n)d photos.") % {"n": services.MAX_PHOTOS}}
        )


def _prepare(photos: Sequence[NewPhoto]) -> list[ProposalPhoto]:
    """Each new photo cleaned and resized; a bad one refuses them all (nothing stored)."""
    made: list[ProposalPhoto] = []
    try:
        for photo in photos:
            if not photo.caption.strip():
                raise ValidationError({"caption": _("Describe what the photo shows.")})
            if photo.place is not None and not 1 <= photo.place <= MAX_PLACE:
                raise ValidationError(
                    {"photo_place": _("Position: from 1 to %(n)d.") % {"n": MAX_PLACE}}
                )
            cleaned, variants, width, height = photo_prepare(photo.upload)
            row = ProposalPhoto(
                image=cleaned, caption=photo.caption.strip()[:200], place=photo.place
            )
            row.variants, row.width, row.height = variants, width, height
            made.append(row)
    except ValidationError as error:
        for row in made:
            delete_variants(row.variants)
        if hasattr(error, "error_dict"):
            raise
        raise ValidationError({"photo": error.messages}) from error
    return made


@transaction.atomic
def proposal_submit(
    *,
    user: User,
    product: Product,
    values: ProposalValues,
    photos: Sequence[NewPhoto] = (),
    plan: PhotoPlan | None = None,
) -> ListingProposal:
    """Propose a change to ``product``'s public page; a pending proposal is updated. ``plan``
    removes or reorders the listing's present photos (without one they stay as they are)."""
    scope.require_propose(user, product)
    listing = Listing.objects.filter(product=product).first()
    pending = ListingProposal.objects.select_for_update().filter(
        product=product, status=ProposalStatus.PENDING
    )
    proposal = pending.first() or ListingProposal(product=product)
    data = asdict(values)
    try:
        data["marketplace_links"] = links_clean(values.marketplace_links)
    except ValidationError as error:
        raise ValidationError({"marketplace_links": error.messages}) from error
    changed = _changed(listing, data)
    plan = plan or PhotoPlan()
    order, removed = plan_check(listing, plan)
    waiting = list(proposal.photos.order_by("pk")) if proposal.pk else []
    places = places_check(waiting, plan)
    waiting_photos = bool(waiting)
    if not changed and not photos and not waiting_photos and not (order or removed):
        raise ValidationError(_("Nothing to propose: the page already shows these values."))
    _photo_room(listing, proposal, len(photos), len(removed))
    for name, value in data.items():
        setattr(proposal, name, value)
    proposal.changed_fields = changed
    proposal.photo_order, proposal.removed_photos = order, removed
    proposal.proposed_by, proposal.proposed_at = user, timezone.now()
    _save(proposal, _prepare(photos), user)
    _place(waiting, places)
    return proposal


def _place(waiting: list[ProposalPhoto], places: dict[int, int]) -> None:
    """Give the new photos already waiting on the proposal their places as now proposed."""
    for row in waiting:
        if row.pk in places and row.place != places[row.pk]:
            row.place = places[row.pk]
            row.save(update_fields=["place"])


def _save(proposal: ListingProposal, new_photos: list[ProposalPhoto], user: User) -> None:
    """Save the proposal and its new photos; a refusal deletes the photos' stored copies."""
    try:
        with transaction.atomic():  # two sends at once: the second is refused, not a 500
            save_with_history(proposal, user=user, reason=PROPOSED)
        for row in new_photos:
            row.proposal = proposal
            row.full_clean(exclude=["image"])
            row.save()
    except IntegrityError as error:
        for row in new_photos:
            delete_variants(row.variants)
        raise ValidationError(
            _("Another proposal for this product was sent just now; open the page again.")
        ) from error
    except ValidationError:
        for row in new_photos:
            delete_variants(row.variants)
        raise


def _pending(proposal: ListingProposal) -> ListingProposal:
    locked = (
        ListingProposal.objects.select_for_update(of=("self",))
        .select_related("product__enterprise__village__parent")
        .get(pk=proposal.pk)
    )
    if locked.status == ProposalStatus.WITHDRAWN:
        raise ValidationError(
            _("The owner has withdrawn this proposal; nothing is left to decide.")
        )
    if locked.status != ProposalStatus.PENDING:
        raise ValidationError(_("This proposal has already been decided."))
    return locked


def _write_listing(proposal: ListingProposal, user: User) -> Listing:
    listing = Listing.objects.select_for_update().filter(product=proposal.product).first()
    if listing is None:
        listing = Listing(product=proposal.product)
        listing.slug = services.slug_for(proposal.public_name)
        names, reason = list(PROPOSABLE), CREATED_FROM_PROPOSAL
    else:
        names, reason = [n for n in proposal.changed_fields if n in PROPOSABLE], APPROVED
    for name in names:
        setattr(listing, name, getattr(proposal, name))
    listing.marketplace_links = links_clean(listing.marketplace_links)
    listing.product = proposal.product
    listing.search_document = document_for(listing)
    save_with_history(listing, user=user, reason=reason)
    return listing


@transaction.atomic
def proposal_approve(*, user: User, proposal: ListingProposal, publish: bool = False) -> Listing:
    """Write the proposal's changed fields to the listing (made, unpublished, when the product
    has none), remove and reorder its photos as proposed and add the new ones; ``publish``
    also shows the listing to the public."""
    scope.require_manage(user)
    proposal = _pending(proposal)
    listing = _write_listing(proposal, user)
    plan_apply(proposal, listing, user)
    new_photos_apply(proposal, listing, user)
    proposal.status = ProposalStatus.APPROVED
    proposal.decided_by, proposal.decided_at = user, timezone.now()
    save_with_history(proposal, user=user, reason=APPROVED)
    if publish:
        listing = services.listing_publish(user=user, listing=listing)
    catalogue_changed()
    return listing


def _delete_files(groups: list[dict[str, str]]) -> None:
    for names in groups:
        delete_variants(names)


def _drop_new_photos(proposal: ListingProposal) -> None:
    """Delete the proposal's new photos: the rows now, their stored files (the cleaned upload
    and every resized copy) once the transaction commits."""
    variants = [{**row.variants, "image": row.image.name} for row in proposal.photos.all()]
    proposal.photos.all().delete()
    transaction.on_commit(lambda: _delete_files(variants))


@transaction.atomic
def proposal_reject(*, user: User, proposal: ListingProposal, reason: str) -> ListingProposal:
    """Refuse the proposal with a reason the owner reads; the listing does not change."""
    scope.require_manage(user)
    text = reason.strip()
    if not text:
        raise ValidationError({"reason": _("Reason: tell the owner why the change is refused.")})
    if len(text) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Reason: at most %(n)d characters.") % {"n": REASON_MAX_LENGTH}}
        )
    proposal = _pending(proposal)
    proposal.status = ProposalStatus.REJECTED
    proposal.reason = text
    proposal.decided_by, proposal.decided_at = user, timezone.now()
    save_with_history(proposal, user=user, reason=REJECTED)
    _drop_new_photos(proposal)
    return proposal


@transaction.atomic
def proposal_withdraw(*, user: User, proposal: ListingProposal) -> ListingProposal:
    """The owner takes back their pending proposal before an officer decides it: it leaves the
    moderation queue, its history records who withdrew it and when (``decided_by`` and
    ``decided_at``, as a decision does), its new photos are deleted, the listing does not
    change, and the product may receive a new proposal. Refused once it is decided."""
    scope.require_propose(user, proposal.product)
    locked = ListingProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status == ProposalStatus.WITHDRAWN:
        raise ValidationError(_("This proposal is already withdrawn."))
    if locked.status != ProposalStatus.PENDING:
        raise ValidationError(
            _("The officer has already decided this proposal: it can no longer be withdrawn.")
        )
    locked.status = ProposalStatus.WITHDRAWN
    locked.decided_by, locked.decided_at = user, timezone.now()
    save_with_history(locked, user=user, reason=WITHDRAWN)
    _drop_new_photos(locked)
    return locked


def photo_withdrawable(proposal: ListingProposal, waiting: int) -> bool:
    """Whether one of the ``waiting`` new photos of ``proposal`` may be withdrawn: something
    must be left to propose (a changed field, a present photo removed or moved, another new
    photo), since a proposal that changes nothing is refused (``proposal_submit``)."""
    return bool(proposal.changed_fields or proposal.changes_photos or waiting > 1)


@transaction.atomic
def proposal_photo_withdraw(
    *, user: User, proposal: ListingProposal, photo_id: int
) -> ListingProposal:
    """The owner takes a new photo off their pending proposal: the row and its stored files
    (the cleaned upload and every resized copy, once the transaction commits) are deleted, and
    the proposal's history keeps who withdrew a photo and when. Refused once the proposal is
    decided, and when the photo is all the proposal changes (``photo_withdrawable``)."""
    scope.require_propose(user, proposal.product)
    locked = ListingProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != ProposalStatus.PENDING:
        raise ValidationError(
            _(
                "The officer has already decided this proposal: its new photos can no longer "
                "be removed."
            )
        )
    waiting = list(locked.photos.select_for_update().order_by("pk"))
    photo = next((row for row in waiting if row.pk == photo_id), None)
    if photo is None:
        raise ValidationError(_("This photo is no longer part of the proposal."))
    if not photo_withdrawable(locked, len(waiting)):
        raise ValidationError(
            _(
                "This photo is the only change your proposal makes, and a proposal must "
                "change something: change something else first, withdraw the whole proposal, "
                "or wait for the officer."
            )
        )
    files = {**photo.variants, "image": photo.image.name}
    photo.delete()
    set_history(locked, user=user, reason=PHOTO_WITHDRAWN)
    locked.save()  # no field changes: the history row records the withdrawal
    transaction.on_commit(lambda: delete_variants(files))
    return locked
