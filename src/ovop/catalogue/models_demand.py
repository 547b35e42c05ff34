"""What buyers ask for: inquiries sent from a product page, and the demand counters.

An :class:`Inquiry` holds a buyer's name, phone or e-mail, the quantity asked and a message,
given with the buyer's consent to pass them to the enterprise and the programme office. Its
personal data is kept for ``OVOP_INQUIRY_RETENTION_MONTHS`` at most and erased earlier on
request: the row stays, anonymised (``anonymised_at``), so the demand figures keep counting
it. Its history records the outcome fields only, never the personal data.

A :class:`DemandCount` is one counter of public interest in a listing in one month: page views,
WhatsApp clicks or marketplace clicks, raised with ``UPDATE … SET n = n + 1``; no visitor is
recorded.
"""

from __future__ import annotations

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

#: Bounds of what a buyer may ask for and of an order's figures.
MAX_QUANTITY = 100_000
MESSAGE_MAX_LENGTH = 2_000
MAX_ORDER_VALUE_IDR = 100_000_000_000
#: Fields that hold a buyer's personal data (erased on request or after the retention period).
PERSONAL_FIELDS = ("name", "phone", "email", "message")


class InquiryStatus(models.TextChoices):
    NEW = "new", _("waiting for an answer")
    ANSWERED = "answered", _("answered")
    ORDERED = "ordered", _("ordered")
    LOST = "lost", _("lost")


class Inquiry(models.Model):
    """A buyer's question about a listed product (see the module's documentation)."""

    listing = models.ForeignKey(
        "catalogue.Listing",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="inquiries",
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    quantity = models.PositiveIntegerField(
        _("quantity"), validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)]
    )
    message = models.TextField(
        _("message"), blank=True, validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)]
    )
    language = models.CharField(_("language"), max_length=8, default="id")
    consent_at = models.DateTimeField(_("consent given at"))
    created_at = models.DateTimeField(_("sent at"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=InquiryStatus.choices, default=InquiryStatus.NEW
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    outcome_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True)
    ordered_quantity = models.PositiveIntegerField(
        _("quantity ordered"), null=True, blank=True, validators=[MaxValueValidator(MAX_QUANTITY)]
    )
    ordered_value_idr = models.PositiveBigIntegerField(
        _("order value (rupiah)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_ORDER_VALUE_IDR)],
    )
    anonymised_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=list(PERSONAL_FIELDS))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1, quantity__lte=MAX_QUANTITY),
                name="inquiry_quantity_bounded",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.created_at:%d/%m/%Y}"


class DemandKind(models.TextChoices):
    VIEW = "view", _("page views")
    WHATSAPP = "whatsapp", _("WhatsApp clicks")
    MARKETPLACE = "marketplace", _("marketplace clicks")


class DemandCount(models.Model):
    """How often something happened to a listing in one month (first day of the month)."""

    listing = models.ForeignKey(
        "catalogue.Listing", on_delete=models.CASCADE, related_name="demand_counts"
    )
    month = models.DateField(_("month"))
    kind = models.CharField(_("kind"), max_length=12, choices=DemandKind.choices)
    n = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        ordering = ["month", "listing_id", "kind"]
        verbose_name = _("demand count")
        verbose_name_plural = _("demand counts")
        constraints = [
            models.UniqueConstraint(fields=["listing", "month", "kind"], name="demand_count_unique")
        ]

    def __str__(self) -> str:
        return f"{self.listing_id} {self.month:%m/%Y} {self.kind} {self.n}"
