"""Stage 5: the action plan, and the support it asks of Disperindag as proposals for next year.

An action asking for support (``support`` other than ``NONE``) and marked ``propose`` has one
``SupportProposal``: the stable record the budget plan reads (kind of support, cost, village,
group, beneficiaries, the year it is proposed for, a link back to the action).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

#: The largest cost one action may carry: Rp 10 billion, far above any village action.
MAX_ACTION_COST_IDR = 10_000_000_000


class Support(models.TextChoices):
    NONE = "none", _("No support asked")
    TRAINING = "training", _("Training (bimtek)")
    EQUIPMENT = "equipment", _("Equipment")
    PACKAGING = "packaging", _("Packaging and design clinic")
    CERT_HALAL = "cert_halal", _("Certification: halal")
    CERT_PIRT = "cert_pirt", _("Certification: P-IRT")
    CERT_BPOM = "cert_bpom", _("Certification: BPOM MD")
    CERT_TRADEMARK = "cert_trademark", _("Certification: trademark")
    PROMOTION = "promotion", _("Promotion and exhibitions")
    MARKET_ACCESS = "market_access", _("Market access")
    MENTORING = "mentoring", _("Mentoring")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Action(models.Model):
    cycle = models.ForeignKey(
        "empowerment.Cycle",
        verbose_name=_("cycle"),
        on_delete=models.PROTECT,
        related_name="actions",
    )
    title = models.CharField(_("action"), max_length=200)
    person_in_charge = models.ForeignKey(
        "empowerment.Person",
        verbose_name=_("person in charge"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    due_on = models.DateField(_("due date"))
    cost_idr = models.PositiveBigIntegerField(
        _("estimated cost (rupiah)"), validators=[MaxValueValidator(MAX_ACTION_COST_IDR)]
    )
    support = models.CharField(
        _("support asked from Disperindag"),
        max_length=16,
        choices=Support.choices,
        default=Support.NONE,
    )
    propose = models.BooleanField(
        _("propose for next year's plan"),
        default=False,
        help_text=_("The support asked becomes a proposal the budget plan reads."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    percent_done = models.PositiveSmallIntegerField(
        _("percent done"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_to",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SupportProposal(models.Model):
    """What an action asks Disperindag for, proposed for the plan of ``for_year``."""

    action = models.OneToOneField(
        Action, verbose_name=_("action"), on_delete=models.PROTECT, related_name="proposal"
    )
    support = models.CharField(_("kind of support"), max_length=16, choices=Support.choices)
    cost_idr = models.PositiveBigIntegerField(
        _("estimated cost (rupiah)"), validators=[MaxValueValidator(MAX_ACTION_COST_IDR)]
    )
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="empowerment_proposals",
    )
    group = models.ForeignKey(
        "empowerment.Group",
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    for_year = models.PositiveSmallIntegerField(
        _("proposed for year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    beneficiaries = models.ManyToManyField(
        "empowerment.Person", verbose_name=_("beneficiaries"), blank=True, related_name="+"
    )
    beneficiaries_female = models.PositiveIntegerField(_("female beneficiaries"), default=0)
    beneficiaries_male = models.PositiveIntegerField(_("male beneficiaries"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-for_year", "village__name", "id"]
        verbose_name = _("support proposal")
        verbose_name_plural = _("support proposals")

    def __str__(self) -> str:
        return f"{self.get_support_display()} — {self.village} {self.for_year}"
