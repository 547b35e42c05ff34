"""Reads of the moderation: the queue (pending proposals with what they change, their photos
included, pending and
published reviews), an owner's own proposals, and a public page's published reviews.

``public_reviews`` and ``review_summary`` are what the public sees of reviews: stars, text, the
shown name (first name and an initial) and the date — never the e-mail address.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, QuerySet
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.catalogue import scope
from ovop.catalogue.models import Listing, ListingPhoto
from ovop.catalogue.models_moderation import (
    ListingProposal,
    ProposalPhoto,
    ProposalStatus,
    Review,
    ReviewStatus,
)
from ovop.catalogue.proposal_photos import kept_after, merged
from ovop.core.money import format_rupiah

#: How many published reviews a product page and the API show (the newest).
PUBLIC_REVIEWS = 20
#: How many published reviews the queue lists for hiding or deleting (the newest).
QUEUE_PUBLISHED = 50


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    old: str
    new: str


def _shown(name: str, value: object) -> str:
    if name == "price_idr":
        return format_rupiah(value) if isinstance(value, int) else _("price on request")
    if name == "show_whatsapp":
        return _("yes") if value else _("no")
    if name == "marketplace_links":
        return "\n".join(value) if isinstance(value, list) else ""
    return str(value or "")


def proposal_changes(proposal: ListingProposal, listing: Listing | None) -> list[FieldChange]:
    """Field by field, what approving ``proposal`` changes on ``listing`` (old → new)."""
    changes = []
    for name in proposal.changed_fields:
        label = str(getattr(ListingProposal._meta.get_field(name), "verbose_name", name))
        old = _shown(name, getattr(listing, name)) if listing is not None else ""
        new = _shown(name, getattr(proposal, name))
        changes.append(FieldChange(name, label[:1].upper() + label[1:], old, new))
    return changes


@dataclass(frozen=True)
class ShownPhoto:
    """One photo of the page as approving a proposal leaves it: a present photo kept, or a
    new one (``new``: a ``ProposalPhoto``, served by ``files:proposal_photo``)."""

    photo: ListingPhoto | ProposalPhoto
    new: bool


@dataclass(frozen=True)
class PhotoChanges:
    """What approving a proposal does to the listing's photos: the present photos it removes,
    the order of the present photos it keeps (whether that differs), its new photos, and all
    the photos shown once it is approved, in their order, the new ones at their places
    (``after``)."""

    removed: list[ListingPhoto]
    kept: list[ListingPhoto]
    reordered: bool
    added: list[ProposalPhoto]
    after: list[ShownPhoto]

    def __bool__(self) -> bool:
        return bool(self.removed or self.reordered or self.added)


def proposal_photo_changes(proposal: ListingProposal, listing: Listing | None) -> PhotoChanges:
    """The photos' part of the diff (reads ``listing.photos`` and ``proposal.photos``, which
    ``pending_proposals`` prefetches)."""
    present = sorted(listing.photos.all(), key=lambda p: (p.position, p.pk)) if listing else []
    by_id = {p.pk: p for p in present}
    kept_ids = kept_after(proposal, list(by_id))
    removed = [p for p in present if p.pk in proposal.removed_photos]
    kept = [by_id[pk] for pk in kept_ids]
    reordered = kept_ids != [p.pk for p in present if p not in removed]
    added = sorted(proposal.photos.all(), key=lambda p: p.pk)
    shown = merged(kept, [(p, p.place) for p in added])
    after = [ShownPhoto(p, isinstance(p, ProposalPhoto)) for p in shown]
    return PhotoChanges(removed, kept, reordered, added, after)


def listing_of_proposal(proposal: ListingProposal) -> Listing | None:
    return getattr(proposal.product, "listing", None)


def pending_proposals() -> QuerySet[ListingProposal]:
    return (
        ListingProposal.objects.filter(status=ProposalStatus.PENDING)
        .select_related("product__enterprise__village", "product__listing", "proposed_by")
        .prefetch_related("photos", "product__listing__photos")
        .order_by("proposed_at", "pk")
    )


def pending_reviews() -> QuerySet[Review]:
    return (
        Review.objects.filter(status=ReviewStatus.PENDING)
        .select_related("listing")
        .order_by("created_at", "pk")
    )


def published_reviews_office() -> QuerySet[Review]:
    return (
        Review.objects.filter(status=ReviewStatus.PUBLISHED)
        .select_related("listing")
        .order_by("-created_at", "-pk")[:QUEUE_PUBLISHED]
    )


def owner_proposals(user: User) -> QuerySet[ListingProposal]:
    return (
        scope.owner_proposals(user)
        .select_related("product", "decided_by")
        .order_by("-proposed_at", "-pk")
    )


@dataclass(frozen=True)
class PublicReview:
    stars: int
    text: str
    name: str
    date: dt.date


@dataclass(frozen=True)
class ReviewSummary:
    count: int
    average: float | None


def public_reviews(listing: Listing) -> list[PublicReview]:
    """The newest published reviews of a listing, as the public sees them."""
    rows = Review.objects.filter(listing=listing, status=ReviewStatus.PUBLISHED).order_by(
        "-created_at", "-pk"
    )[:PUBLIC_REVIEWS]
    return [PublicReview(r.stars, r.text, r.shown_name, r.created_at.date()) for r in rows]


def review_summary(listing: Listing) -> ReviewSummary:
    row = Review.objects.filter(listing=listing, status=ReviewStatus.PUBLISHED).aggregate(
        count=Count("pk"), average=Avg("stars")
    )
    average = round(float(row["average"]), 1) if row["average"] is not None else None
    return ReviewSummary(row["count"], average)
