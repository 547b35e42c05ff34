"""Proposals: activities the office could fund in a fiscal year.

A proposal comes from an empowerment action plan (``support``: the action's support proposal)
or is typed by an officer. Its cost is a unit cost (usually from the price list) times a number
of units. ``requires`` names the proposals it cannot go without; ``allowed_sources`` narrows the
sources that may pay for it (empty: every source whose rules allow its type and village).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ovop.planning.choices import MAX_MONEY_IDR, MAX_UNITS, ActivityType, ProposalStatus


class Proposal(models.Model):
    fiscal_year = models.ForeignKey(
        "planning.FiscalYear",
        verbose_name=_("fiscal year"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    title = models.CharField(_("activity"), max_length=200)
    activity_type = models.CharField(
        _("activity type"), max_length=16, choices=ActivityType.choices
    )
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="planning_proposals",
    )
    group = models.ForeignKey(
        "empowerment.Group",
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planning_proposals",
    )
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise",
        verbose_name=_("IKM beneficiaries"),
        blank=True,
        related_name="planning_proposals",
    )
    beneficiaries_female = models.PositiveIntegerField(
        _("female beneficiaries"), default=0, validators=[MaxValueValidator(100_000)]
    )
    beneficiaries_male = models.PositiveIntegerField(
        _("male beneficiaries"), default=0, validators=[MaxValueValidator(100_000)]
    )
    price_item = models.ForeignKey(
        "planning.PriceItem",
        verbose_name=_("price list item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    unit_cost_idr = models.PositiveBigIntegerField(
        _("unit cost (rupiah)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MONEY_IDR)],
    )
    units = models.PositiveIntegerField(
        _("units"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_UNITS)]
    )
    cost_idr = models.PositiveBigIntegerField(
        _("cost (rupiah)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MONEY_IDR)],
        help_text=_("Unit cost times units."),
    )
    mandatory = models.BooleanField(
        _("mandatory"), default=False, help_text=_("Every plan must fund it.")
    )
    requires = models.ManyToManyField(
        "self",
        verbose_name=_("depends on"),
        symmetrical=False,
        blank=True,
        related_name="required_by",
    )
    allowed_sources = models.ManyToManyField(
        "planning.Source",
        verbose_name=_("sources that may fund it"),
        blank=True,
        related_name="proposals",
        help_text=_("Empty: every source whose rules allow it."),
    )
    support = models.OneToOneField(
        "empowerment.SupportProposal",
        verbose_name=_("from the action plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planning_proposal",
    )
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
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
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["updated_at"], m2m_fields=[enterprises, requires, allowed_sources]
    )

    class Meta:
        ordering = ["fiscal_year", "village__name", "id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [models.Index(fields=["fiscal_year", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def beneficiaries(self) -> int:
        return self.beneficiaries_female + self.beneficiaries_male
