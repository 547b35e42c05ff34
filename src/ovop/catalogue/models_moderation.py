"""What waits for an officer in the catalogue: owners' proposed changes and buyers' reviews.

A :class:`ListingProposal` holds the same public fields as a listing (``PublicFields``) and the
names of the fields its owner changed (``changed_fields``); nothing of it is public until an
officer approves it, and approving writes exactly those fields to the listing. A product has at
most one pending proposal: a new edit updates it. Its owner may withdraw it while it waits; a
withdrawn proposal, like a decided one, stays in the owner's list and frees the product for a
new one.

Besides adding photos (``ProposalPhoto``, each with its place among the photos shown once
approved), a proposal may remove some of the listing's present photos and reorder the rest
(``photo_order``, ``removed_photos``: photo ids).

A :class:`Review` is public only once an officer publishes it; its reviewer's e-mail address is
for the office only (never on a public page, in the API or in an export) and is kept out of the
review's history (so is the name), so that deleting a review on request deletes them too.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ovop.catalogue.models import PublicFields
from ovop.core.files import UploadTo

REASON_MAX_LENGTH = 500
REVIEW_MAX_LENGTH = 1_000
REVIEWER_NAME_MAX_LENGTH = 60
#: The public fields an owner may propose to change (what ``changed_fields`` may name).
PROPOSABLE = (
    "public_name",
    "story",
    "raw_material",
    "price_idr",
    "unit",
    "marketplace_links",
    "show_whatsapp",
)


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("awaiting approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    #: The owner took the proposal back before an officer decided it.
    WITHDRAWN = "withdrawn", _("withdrawn")


class ListingProposal(PublicFields):
    """An owner's proposed change to the public page of one of their products."""

    product = models.ForeignKey(
        "enterprises.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="listing_proposals",
    )
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="listing_proposals",
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(
        _("reason"), blank=True, validators=[MaxLengthValidator(REASON_MAX_LENGTH)]
    )
    #: The listing's present photos (ids) the owner keeps, in the proposed order; with
    #: ``removed_photos`` both empty, the proposal leaves the present photos as they are.
    photo_order = models.JSONField(_("proposed photo order"), default=list, blank=True)
    #: The listing's present photos (ids) the owner proposes to remove.
    removed_photos = models.JSONField(_("photos to remove"), default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("proposed catalogue change")
        verbose_name_plural = _("proposed catalogue changes")
        constraints = [
            models.UniqueConstraint(
                fields=["product"],
                condition=models.Q(status="pending"),
                name="one_pending_proposal_per_product",
            )
        ]

    def __str__(self) -> str:
        return f"{self.public_name} ({self.get_status_display()})"

    @property
    def changes_photos(self) -> bool:
        """Whether approving removes or reorders the listing's present photos."""
        return bool(self.photo_order or self.removed_photos)


#: The highest place a new photo may be given (a listing shows at most 8 photos; see
#: ``services.MAX_PHOTOS``, which this module may not import).
MAX_PLACE = 8


class ProposalPhoto(models.Model):
    """A photo an owner proposes to add (cleaned and resized as a listing's photos are), and
    its ``place`` among the photos shown once the proposal is approved (1 = first; empty:
    after the present photos)."""

    proposal = models.ForeignKey(ListingProposal, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=UploadTo("catalogue"))
    caption = models.CharField(_("description"), max_length=200)
    place = models.PositiveSmallIntegerField(
        _("place among the photos"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PLACE)],
    )
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    variants = models.JSONField(default=dict, editable=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("proposed photo")
        verbose_name_plural = _("proposed photos")

    def __str__(self) -> str:
        return self.caption


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("awaiting moderation")
    PUBLISHED = "published", _("published")
    HIDDEN = "hidden", _("hidden")


class Review(models.Model):
    """A buyer's stars and words about a product, public once an officer publishes them."""

    listing = models.ForeignKey(
        "catalogue.Listing",
        verbose_name=_("listing"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    stars = models.PositiveSmallIntegerField(
        _("stars"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("review"), validators=[MaxLengthValidator(REVIEW_MAX_LENGTH)])
    name = models.CharField(_("name"), max_length=REVIEWER_NAME_MAX_LENGTH)
    #: For the office only (a question about the review); never public.
    email = models.EmailField(_("e-mail"))
    consent_at = models.DateTimeField(_("consent given at"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["email", "name"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        indexes = [models.Index(fields=["listing", "status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="review_stars_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stars}★ {self.name}"

    @property
    def shown_name(self) -> str:
        """The name the public sees: the first name and the initial of the last ("Budi S.")."""
        words = self.name.split()
        if not words:
            return "?"
        if len(words) == 1:
            return words[0]
        return f"{words[0]} {words[-1][0].upper()}."
