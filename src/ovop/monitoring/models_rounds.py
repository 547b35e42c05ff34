"""Survey rounds, the indicators each asks and its respondents.

A round (``Round``) is one measurement: the baseline or a follow-up of a programme, a period,
the indicators asked (``RoundIndicator``, in order) and its respondents (``Respondent``): the
programme villages' enterprises and a comparison group of non-participating ones, each with the
state of its entry (draft, submitted, returned, approved). Once locked, a round's values change
only by an administrator's correction with a reason.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ovop.monitoring.choices import Arm, EntryStatus, Origin, RoundKind, RoundStatus

USER = settings.AUTH_USER_MODEL


class Round(models.Model):
    programme = models.ForeignKey(
        "programme.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="survey_rounds",
    )
    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=10, choices=RoundKind.choices)
    year = models.PositiveSmallIntegerField(
        _("year measured"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    period_start = models.DateField(_("collection starts"))
    period_end = models.DateField(_("collection ends"))
    baseline = models.ForeignKey(
        "self",
        verbose_name=_("baseline round"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        help_text=_("The round this follow-up is compared with (values far from it are flagged)."),
    )
    indicators: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "monitoring.Indicator", through="RoundIndicator", verbose_name=_("indicators")
    )
    allows_self_report = models.BooleanField(_("owners may enter their own values"), default=False)
    status = models.CharField(
        _("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    locked_by = models.ForeignKey(
        USER,
        verbose_name=_("locked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    form_version = models.PositiveIntegerField(_("field form version"), default=1)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-period_start", "name"]
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("monitoring:round", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.status == RoundStatus.LOCKED

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The end comes before the start.")})
        if self.baseline_id is not None:
            if self.kind == RoundKind.BASELINE:
                raise ValidationError({"baseline": _("A baseline is not compared with another.")})
            if self.pk is not None and self.baseline_id == self.pk:
                raise ValidationError({"baseline": _("A round cannot be its own baseline.")})


class RoundIndicator(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="questions")
    indicator = models.ForeignKey(
        "monitoring.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "indicator"], name="round_indicator_unique")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.indicator_id}"


class Respondent(models.Model):
    # Indexes: respondent_unique (round first) serves every look-up by round, status counts
    # included; the submitter and the reviewer have none, since nothing looks respondents up
    # by them. Each index more is written again for every respondent an import of a hundred
    # thousand moves to "submitted"; with these, and the room PostgreSQL keeps free in each
    # page (fillfactor, migration 0004), such an update rewrites no index at all. Nor does it
    # wait at commit for a hundred thousand checks of the submitter's key: the user is
    # protected by Django (on_delete=PROTECT), and users are deactivated, not deleted.
    round = models.ForeignKey(
        Round,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="respondents",
        db_index=False,
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="survey_answers",
    )
    arm = models.CharField(_("group"), max_length=12, choices=Arm.choices)
    matched_to = models.ForeignKey(
        "self",
        verbose_name=_("matched to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="matches",
        help_text=_("The participant this comparison enterprise was chosen for."),
    )
    distance = models.FloatField(_("matching distance"), null=True, blank=True)
    status = models.CharField(
        _("entry"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.EMPTY
    )
    origin = models.CharField(
        _("entered through"), max_length=12, choices=Origin.choices, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        USER,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    review_comment = models.CharField(_("reviewer's comment"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["enterprise__village__code", "enterprise__name", "pk"]
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        constraints = [
            models.UniqueConstraint(fields=["round", "enterprise"], name="respondent_unique")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} ({self.round})"
