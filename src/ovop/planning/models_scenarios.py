"""Plan runs (scenarios), their results, and the approved plan.

A scenario stores its settings (budget per source, fairness rules) and, once run, its result:
one ``ScenarioItem`` per proposal considered, with the benefit used, whether the optimiser
funded it and from which source, and whether the usual rank-and-fund rule would have. The
benefit is the rubric total (0–100) or, with the measured basis, the proposal's cost times
the measured extra monthly revenue per rupiah of its type (rupiah a month); a measured run
keeps the figures it used in ``measured_figures``, so that an approved plan still says where
they came from. Approving a scenario makes it the year's plan (``version`` 1, 2, … — a
revision such as the APBD-P is a new approved scenario with a reason, and the one it revises
becomes ``superseded``). From then on the scenario and its items are frozen: ``save`` and
``delete`` refuse.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ovop.planning.choices import (
    MAX_MONEY_IDR,
    PLAN_FOUND,
    BenefitBasis,
    ScenarioStatus,
    SolveStatus,
)

FROZEN = _("An approved plan is frozen: make a revision with a reason instead.")
_FROZEN_STATES = (ScenarioStatus.APPROVED, ScenarioStatus.SUPERSEDED)


class Scenario(models.Model):
    _stored_status: str | None = None
    fiscal_year = models.ForeignKey(
        "planning.FiscalYear",
        verbose_name=_("fiscal year"),
        on_delete=models.PROTECT,
        related_name="scenarios",
    )
    name = models.CharField(_("name"), max_length=120)
    status = models.CharField(
        _("status"), max_length=10, choices=ScenarioStatus.choices, default=ScenarioStatus.DRAFT
    )
    budgets = models.JSONField(
        _("budget per source (rupiah)"),
        default=dict,
        help_text=_("Source id to the amount this scenario may spend from it."),
    )
    min_per_kecamatan = models.PositiveSmallIntegerField(
        _("at least this many activities per kecamatan"),
        default=0,
        validators=[MaxValueValidator(50)],
    )
    min_per_programme_village = models.PositiveSmallIntegerField(
        _("at least this many activities per programme village"),
        default=0,
        validators=[MaxValueValidator(20)],
    )
    max_share_per_type_pct = models.PositiveSmallIntegerField(
        _("at most this share of the money to one activity type (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    benefit_basis = models.CharField(
        _("expected benefit from"),
        max_length=10,
        choices=BenefitBasis.choices,
        default=BenefitBasis.RUBRIC,
    )
    measured_figures = models.JSONField(
        _("measured figures used"),
        default=list,
        blank=True,
        help_text=_(
            "With the measured basis: the extra monthly revenue per rupiah of each activity "
            "type as it stood at the run, and where it came from."
        ),
    )
    solve_status = models.CharField(
        _("result"), max_length=12, choices=SolveStatus.choices, default=SolveStatus.NOT_RUN
    )
    solve_message = models.TextField(_("solver message"), blank=True)
    total_benefit = models.FloatField(_("total benefit"), default=0.0)
    total_cost_idr = models.PositiveBigIntegerField(_("total cost (rupiah)"), default=0)
    funded_count = models.PositiveIntegerField(_("activities funded"), default=0)
    greedy_benefit = models.FloatField(_("total benefit, rank and fund"), default=0.0)
    greedy_cost_idr = models.PositiveBigIntegerField(_("total cost, rank and fund"), default=0)
    greedy_count = models.PositiveIntegerField(_("activities funded, rank and fund"), default=0)
    binding = models.JSONField(_("binding constraints"), default=list, blank=True)
    frontier = models.JSONField(_("frontier"), default=list, blank=True)
    solved_at = models.DateTimeField(_("solved at"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(_("plan version"), null=True, blank=True)
    revises = models.ForeignKey(
        "self",
        verbose_name=_("revises"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
    )
    revision_reason = models.CharField(_("reason for the revision"), max_length=300, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["fiscal_year", "-created_at", "-id"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "version"],
                condition=models.Q(version__isnull=False),
                name="planning_scenario_version",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Refuse changes to an approved plan; the one change allowed is approved → superseded."""
        if self.is_frozen:
            only_status = kwargs.get("update_fields") in (["status"], ("status",))
            superseding = (
                self._stored_status == ScenarioStatus.APPROVED
                and self.status == ScenarioStatus.SUPERSEDED
            )
            if not (only_status and superseding):
                raise ValidationError(FROZEN)
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.is_frozen:
            raise ValidationError(FROZEN)
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Scenario:
        obj = super().from_db(db, field_names, values)
        stored = obj.__dict__.get("status")
        obj._stored_status = stored if isinstance(stored, str) else None
        return obj

    @property
    def is_frozen(self) -> bool:
        return self._stored_status in _FROZEN_STATES

    @property
    def has_plan(self) -> bool:
        """Whether the last run found a plan (proven optimal or near-optimal) to approve."""
        return self.solve_status in PLAN_FOUND

    @property
    def budget_total_idr(self) -> int:
        return sum(int(v) for v in self.budgets.values())


class ScenarioItem(models.Model):
    """One proposal as a scenario saw it: benefit, cost, and what each rule decided."""

    scenario = models.ForeignKey(
        Scenario, verbose_name=_("scenario"), on_delete=models.CASCADE, related_name="items"
    )
    proposal = models.ForeignKey(
        "planning.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        related_name="scenario_items",
    )
    benefit = models.FloatField(_("expected benefit"))
    cost_idr = models.PositiveBigIntegerField(
        _("cost (rupiah)"), validators=[MaxValueValidator(MAX_MONEY_IDR)]
    )
    funded = models.BooleanField(_("funded (optimal plan)"), default=False)
    source = models.ForeignKey(
        "planning.Source",
        verbose_name=_("funded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    greedy_funded = models.BooleanField(_("funded (rank and fund)"), default=False)
    reason = models.CharField(_("why not funded"), max_length=300, blank=True)

    class Meta:
        ordering = ["scenario", "-funded", "-benefit", "id"]
        verbose_name = _("scenario item")
        verbose_name_plural = _("scenario items")
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "proposal"], name="planning_scenario_item_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scenario} — {self.proposal}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._scenario_frozen():
            raise ValidationError(FROZEN)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self._scenario_frozen():
            raise ValidationError(FROZEN)
        return super().delete(*args, **kwargs)

    def _scenario_frozen(self) -> bool:
        status = Scenario.objects.filter(pk=self.scenario_id).values_list("status", flat=True)
        return bool(status) and status[0] in _FROZEN_STATES
