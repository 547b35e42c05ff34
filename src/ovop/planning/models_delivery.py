"""Delivery: the activities of the approved plan, who took part, what was spent, what came out.

Each activity of the plan keeps its planned cost and funding source; realised costs are
recorded line by line with a receipt (an image or a PDF). A training records each
participant's pre-test and post-test score (0–100). Outputs update the registry where they
should: a certificate obtained creates the IKM's certification record, linked here.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ovop.core.files import UploadTo
from ovop.planning.choices import (
    MAX_MONEY_IDR,
    MONEY,
    ActivityStatus,
    ActivityType,
    OutputKind,
)

SCORE = [MinValueValidator(0), MaxValueValidator(100)]


class Activity(models.Model):
    fiscal_year = models.ForeignKey(
        "planning.FiscalYear",
        verbose_name=_("fiscal year"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    plan_item = models.OneToOneField(
        "planning.ScenarioItem",
        verbose_name=_("line of the approved plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activity",
    )
    proposal = models.ForeignKey(
        "planning.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    title = models.CharField(_("activity"), max_length=200)
    activity_type = models.CharField(
        _("activity type"), max_length=16, choices=ActivityType.choices
    )
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="planning_activities",
    )
    group = models.ForeignKey(
        "empowerment.Group",
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planning_activities",
    )
    source = models.ForeignKey(
        "planning.Source",
        verbose_name=_("funded by"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    planned_cost_idr = models.PositiveBigIntegerField(_("planned cost (rupiah)"), validators=MONEY)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    progress_pct = models.PositiveSmallIntegerField(
        _("physical progress (%)"), default=0, validators=SCORE
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["fiscal_year", "starts_on", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["fiscal_year", "status"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})
        if self.status == ActivityStatus.CANCELLED and not self.cancel_reason.strip():
            raise ValidationError({"cancel_reason": _("Say why the activity is cancelled.")})
        if self.status == ActivityStatus.DONE and self.progress_pct != 100:
            raise ValidationError(
                {"progress_pct": _("A finished activity has its progress at 100 percent.")}
            )


class Participant(models.Model):
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(
        "empowerment.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="planning_participations",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("IKM"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planning_participations",
    )
    attended = models.BooleanField(_("attended"), default=True)
    pre_score = models.DecimalField(
        _("pre-test score"), max_digits=5, decimal_places=2, null=True, blank=True, validators=SCORE
    )
    post_score = models.DecimalField(
        _("post-test score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "person__name", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="planning_participant_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.activity}"


class CostLine(models.Model):
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="costs"
    )
    spent_on = models.DateField(_("date"))
    description = models.CharField(_("what was paid for"), max_length=200)
    amount_idr = models.PositiveBigIntegerField(
        _("amount (rupiah)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_MONEY_IDR)]
    )
    receipt = models.FileField(
        _("receipt"),
        upload_to=UploadTo("receipts"),
        blank=True,
        help_text=_("A photo (JPEG, PNG, WebP) or a PDF scan, at most 5 MB."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "spent_on", "id"]
        verbose_name = _("realised cost")
        verbose_name_plural = _("realised costs")
        indexes = [models.Index(fields=["spent_on"])]

    def __str__(self) -> str:
        return f"{self.description} ({self.amount_idr})"


class Output(models.Model):
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="outputs"
    )
    kind = models.CharField(_("kind of output"), max_length=14, choices=OutputKind.choices)
    description = models.CharField(_("description"), max_length=200)
    quantity = models.PositiveIntegerField(
        _("quantity"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("IKM"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planning_outputs",
    )
    group = models.ForeignKey(
        "empowerment.Group",
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planning_outputs",
    )
    certification = models.OneToOneField(
        "enterprises.Certification",
        verbose_name=_("certificate record"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planning_output",
    )
    delivered_on = models.DateField(_("delivered on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "delivered_on", "id"]
        verbose_name = _("output")
        verbose_name_plural = _("outputs")

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        if self.kind in (OutputKind.CERTIFICATION, OutputKind.EQUIPMENT) and not (
            self.enterprise_id or self.group_id
        ):
            raise ValidationError({"enterprise": _("Name the IKM or group that received it.")})
        if self.kind == OutputKind.CERTIFICATION and not self.enterprise_id:
            raise ValidationError({"enterprise": _("A certificate belongs to one IKM.")})
