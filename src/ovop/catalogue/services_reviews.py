"""Buyers' reviews: sent by anyone from a public product page, public only once an officer or
admin publishes them; an officer may hide a published review again, or delete one (on the
reviewer's request), which leaves a history row without the e-mail address."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.accounts.models import User
from ovop.catalogue import scope
from ovop.catalogue.models import Listing
from ovop.catalogue.models_moderation import Review, ReviewStatus
from ovop.catalogue.public_cache import catalogue_changed
from ovop.core.history import delete_with_history, save_with_history

SENT = "review sent"
PUBLISHED = "review published"
HIDDEN = "review hidden"
DELETED = "review deleted"
REASONS = {
    SENT: gettext_lazy("review sent"),
    PUBLISHED: gettext_lazy("review published"),
    HIDDEN: gettext_lazy("review hidden"),
    DELETED: gettext_lazy("review deleted"),
}


@dataclass(frozen=True)
class ReviewValues:
    stars: int
    text: str
    name: str
    email: str


@transaction.atomic
def review_submit(*, listing: Listing, values: ReviewValues) -> Review:
    """A buyer's review of a public listing, waiting for moderation (nobody signed in)."""
    if not scope.public_listings().filter(pk=listing.pk).exists():
        raise ValidationError(_("This product is no longer in the catalogue."))
    now = timezone.now()
    review = Review(
        listing=listing,
        stars=values.stars,
        text=values.text.strip(),
        name=" ".join(values.name.split()),
        email=values.email.strip().lower(),
        consent_at=now,
        created_at=now,
    )
    save_with_history(review, user=None, reason=SENT)
    return review


def _locked(review: Review) -> Review:
    return Review.objects.select_for_update().get(pk=review.pk)


def _decide(review: Review, user: User, status: str, reason: str) -> Review:
    review.status = status
    review.decided_by, review.decided_at = user, timezone.now()
    save_with_history(review, user=user, reason=reason)
    catalogue_changed()
    return review


@transaction.atomic
def review_publish(*, user: User, review: Review) -> Review:
    """Show a waiting (or hidden) review on the product's public page."""
    scope.require_manage(user)
    review = _locked(review)
    if review.status == ReviewStatus.PUBLISHED:
        raise ValidationError(_("This review is already published."))
    return _decide(review, user, ReviewStatus.PUBLISHED, PUBLISHED)


@transaction.atomic
def review_hide(*, user: User, review: Review) -> Review:
    """Take a review off the public page (it stays in the office's list)."""
    scope.require_manage(user)
    review = _locked(review)
    if review.status == ReviewStatus.HIDDEN:
        raise ValidationError(_("This review is already hidden."))
    return _decide(review, user, ReviewStatus.HIDDEN, HIDDEN)


@transaction.atomic
def review_delete(*, user: User, review: Review) -> None:
    """Delete a review and the reviewer's name and e-mail with it (on request)."""
    scope.require_manage(user)
    review = _locked(review)
    delete_with_history(review, user=user, reason=DELETED)
    catalogue_changed()
