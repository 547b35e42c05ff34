"""The values of a round, the field submissions they came from, their changes and flags.

``Value`` holds one indicator's answer for one respondent (and, for an indicator split by
gender or age, one part of it). It carries no django-simple-history table: a million values
arrive in one import, and only a change is worth a history row, so every change of a stored
value writes one ``ValueRevision`` (before, after, who, why, through what). ``Submission``
remembers each field submission (its instance id and the chain it belongs to), so that the same
export imported twice counts nothing twice and an edited submission replaces its earlier
values. ``Flag`` marks a value the quality check doubts until someone confirms or corrects it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ovop.monitoring.choices import VALUE_PLACES, Breakdown, FlagKind, FlagStatus, Origin

USER = settings.AUTH_USER_MODEL
DIGITS = 16 + VALUE_PLACES


class Value(models.Model):
    # No index of their own: the unique constraint (respondent first) and the index
    # (indicator first) serve both lookups, and every index slows the import of a million.
    # No foreign-key constraint in the database either (``db_constraint=False``): PostgreSQL
    # checks one row at a time, which took 9 of the 14 seconds of writing a million values.
    # Django still cascades and protects (``on_delete``), every value is written by
    # ``values_write`` for a respondent and an indicator of the round it has just read, and
    # whoever removes a respondent locks its round and its row first (``services_rounds``,
    # ``services_comparison``), as every writer of values does.
    respondent = models.ForeignKey(
        "monitoring.Respondent",
        on_delete=models.CASCADE,
        related_name="values",
        db_index=False,
        db_constraint=False,
    )
    indicator = models.ForeignKey(
        "monitoring.Indicator",
        on_delete=models.PROTECT,
        related_name="values",
        db_index=False,
        db_constraint=False,
    )
    breakdown = models.CharField(
        _("part"), max_length=6, choices=Breakdown.choices, default=Breakdown.TOTAL, blank=True
    )
    number = models.DecimalField(
        _("value"), max_digits=DIGITS, decimal_places=VALUE_PLACES, null=True, blank=True
    )
    choice = models.CharField(_("option"), max_length=40, blank=True)
    origin = models.CharField(_("entered through"), max_length=12, choices=Origin.choices)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(
                fields=["respondent", "indicator", "breakdown"], name="value_unique"
            )
        ]
        #: One indicator's values read whole (an estimate over every IKM of the country) come
        #: from this index alone on PostgreSQL (an index-only scan): its rows lie scattered
        #: over the whole table, ten indicators to an entry.
        indexes = [
            models.Index(
                fields=["indicator", "respondent", "breakdown", "number"],
                name="monitoring_value_read",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.breakdown or 'total'}={self.number or self.choice}"


class ValueRevision(models.Model):
    """One change of a stored value: what it was, what it became, who, when, why, how."""

    respondent = models.ForeignKey(
        "monitoring.Respondent", on_delete=models.CASCADE, related_name="revisions"
    )
    indicator = models.ForeignKey(
        "monitoring.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    breakdown = models.CharField(max_length=6, choices=Breakdown.choices, blank=True)
    old_number = models.DecimalField(
        max_digits=DIGITS, decimal_places=VALUE_PLACES, null=True, blank=True
    )
    old_choice = models.CharField(max_length=40, blank=True)
    new_number = models.DecimalField(
        max_digits=DIGITS, decimal_places=VALUE_PLACES, null=True, blank=True
    )
    new_choice = models.CharField(max_length=40, blank=True)
    origin = models.CharField(max_length=12, choices=Origin.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    submission = models.ForeignKey(
        "monitoring.Submission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("value change")
        verbose_name_plural = _("value changes")

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.old_number} → {self.new_number}"


class Submission(models.Model):
    """A field-form submission as ODK Central or KoboToolbox exported it."""

    round = models.ForeignKey(
        "monitoring.Round", on_delete=models.PROTECT, related_name="submissions"
    )
    respondent = models.ForeignKey(
        "monitoring.Respondent", on_delete=models.PROTECT, related_name="submissions"
    )
    #: The instance id of this version (``uuid:…``), unique within a round.
    instance_id = models.CharField(_("instance id"), max_length=64)
    #: The id every version of one submission shares: ODK Central's KEY (the first
    #: instanceID), KoboToolbox's meta/rootUuid, else its _id.
    chain = models.CharField(_("submission chain"), max_length=64)
    origin = models.CharField(max_length=12, choices=Origin.choices)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    replaced = models.BooleanField(_("replaced by a later edit"), default=False)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    job = models.ForeignKey(
        "monitoring.ImportJob",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["round", "chain", "submitted_at", "pk"]
        verbose_name = _("field submission")
        verbose_name_plural = _("field submissions")
        constraints = [
            models.UniqueConstraint(fields=["round", "instance_id"], name="submission_unique")
        ]
        indexes = [models.Index(fields=["round", "chain"])]

    def __str__(self) -> str:
        return self.instance_id


class Flag(models.Model):
    respondent = models.ForeignKey(
        "monitoring.Respondent", on_delete=models.CASCADE, related_name="flags"
    )
    indicator = models.ForeignKey(
        "monitoring.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=14, choices=FlagKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN
    )
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    resolved_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "kind", "pk"]
        verbose_name = _("quality flag")
        verbose_name_plural = _("quality flags")
        constraints = [
            models.UniqueConstraint(fields=["respondent", "indicator", "kind"], name="flag_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.respondent_id})"
