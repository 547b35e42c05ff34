"""The fiscal year, its budget sources and price list; the other records live beside this file.

A fiscal year (``FiscalYear``) holds the rubric weights that turn a proposal into an expected
benefit and, once closed, refuses every write that touches it (an administrator may still
correct with a reason). Each source of money (``Source``) has a ceiling and rules: the activity
types it may pay for and, for a village's Dana Desa, the one village it may pay in. The price
list (``PriceItem``, Standar Satuan Harga) gives unit costs that proposals multiply. The
measured effects per rupiah a scenario may use instead of the rubric live in ``models_measured``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ovop.core.models import Archivable
from ovop.planning.choices import MAX_MONEY_IDR, MONEY, ActivityType, SourceKind, YearStatus
from ovop.planning.models_delivery import Activity, CostLine, Output, Participant
from ovop.planning.models_measured import MeasuredBenefit
from ovop.planning.models_proposals import Proposal
from ovop.planning.models_scenarios import Scenario, ScenarioItem

__all__ = [
    "MAX_MONEY_IDR",
    "Activity",
    "CostLine",
    "FiscalYear",
    "MeasuredBenefit",
    "Output",
    "Participant",
    "PriceItem",
    "Proposal",
    "Scenario",
    "ScenarioItem",
    "Source",
]

WEIGHT = [MinValueValidator(0), MaxValueValidator(100)]


class FiscalYear(models.Model):
    year = models.PositiveSmallIntegerField(
        _("fiscal year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("status"), max_length=8, choices=YearStatus.choices, default=YearStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    weight_beneficiaries = models.PositiveSmallIntegerField(
        _("weight: beneficiaries"), default=40, validators=WEIGHT
    )
    weight_priority = models.PositiveSmallIntegerField(
        _("weight: priority of the village's product"), default=25, validators=WEIGHT
    )
    weight_stars = models.PositiveSmallIntegerField(
        _("weight: star level"), default=15, validators=WEIGHT
    )
    weight_stage = models.PositiveSmallIntegerField(
        _("weight: stage reached in the cycle"), default=20, validators=WEIGHT
    )
    #: 0 by default: a plan weighs buyers' demand only once the officer chooses to.
    weight_demand = models.PositiveSmallIntegerField(
        _("weight: demand for the village's products"), default=0, validators=WEIGHT
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_closed(self) -> bool:
        return self.status == YearStatus.CLOSED

    def clean(self) -> None:
        weights = (
            self.weight_beneficiaries,
            self.weight_priority,
            self.weight_stars,
            self.weight_stage,
            self.weight_demand,
        )
        if all(w is not None for w in weights) and sum(weights) == 0:
            raise ValidationError(
                {"weight_beneficiaries": _("At least one rubric weight must be above zero.")}
            )


class Source(Archivable):
    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("fiscal year"), on_delete=models.PROTECT, related_name="sources"
    )
    kind = models.CharField(_("kind of source"), max_length=10, choices=SourceKind.choices)
    name = models.CharField(_("name"), max_length=120)
    ceiling_idr = models.PositiveBigIntegerField(_("ceiling (rupiah)"), validators=MONEY)
    allowed_types = models.JSONField(
        _("activity types it may pay for"),
        default=list,
        blank=True,
        help_text=_("Empty: any type."),
    )
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("only in village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planning_sources",
        help_text=_("A village's Dana Desa pays only for activities in that village."),
    )
    rules_are_default = models.BooleanField(
        _("rules are the configurable default"),
        default=True,
        help_text=_("Cleared once the officer edits the rules of this source."),
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["fiscal_year", "kind", "name"]
        verbose_name = _("budget source")
        verbose_name_plural = _("budget sources")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "name"], name="planning_source_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.fiscal_year})"

    def clean(self) -> None:
        types = self.allowed_types
        if not isinstance(types, list) or any(t not in ActivityType.values for t in types):
            raise ValidationError({"allowed_types": _("Pick activity types from the list.")})
        if len(set(types)) != len(types):
            raise ValidationError({"allowed_types": _("An activity type is listed twice.")})
        if self.kind == SourceKind.DANA_DESA and not self.village_id:
            raise ValidationError({"village": _("Dana Desa belongs to one village: pick it.")})

    def may_fund(self, *, activity_type: str, village_id: int) -> bool:
        """Whether this source's rules allow paying for such an activity in that village."""
        if self.allowed_types and activity_type not in self.allowed_types:
            return False
        return self.village_id is None or self.village_id == village_id


class PriceItem(Archivable):
    """One line of the Standar Satuan Harga: a unit cost the office may plan with."""

    fiscal_year = models.ForeignKey(
        FiscalYear,
        verbose_name=_("fiscal year"),
        on_delete=models.PROTECT,
        related_name="price_items",
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("item"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("e.g. person-day, package"))
    unit_cost_idr = models.PositiveBigIntegerField(
        _("unit cost (rupiah)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_MONEY_IDR)]
    )
    activity_type = models.CharField(
        _("activity type"), max_length=16, choices=ActivityType.choices, blank=True
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["fiscal_year", "code"]
        verbose_name = _("price list item")
        verbose_name_plural = _("price list items")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "code"], name="planning_price_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name} / {self.unit}"
