"""Selection rounds: a panel chooses a village's one product with AHP weights and TOPSIS.

A round moves draft → judging → decided. Criteria and candidates can change only while the
round is a draft; assessors' pairwise judgements and the candidates' scores are given while
it is judging; the decision stores a frozen copy of every input and result.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    JUDGING = "judging", _("Judging")
    DECIDED = "decided", _("Decided")


class Direction(models.TextChoices):
    BENEFIT = "benefit", _("Benefit (higher is better)")
    COST = "cost", _("Cost (lower is better)")


class SelectionRound(models.Model):
    title = models.CharField(_("title"), max_length=160)
    programme = models.ForeignKey(
        "programme.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="selection_rounds",
    )
    area = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village or kecamatan"),
        on_delete=models.PROTECT,
        related_name="selection_rounds",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    assessors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited assessors"),
        related_name="selection_rounds",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    history = HistoricalRecords(m2m_fields=[assessors])

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("selection round")
        verbose_name_plural = _("selection rounds")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("selection:detail", args=[self.pk])


class Criterion(models.Model):
    round = models.ForeignKey(
        SelectionRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("criterion"), max_length=120)
    description = models.CharField(_("description"), max_length=255, blank=True)
    direction = models.CharField(
        _("direction"), max_length=7, choices=Direction.choices, default=Direction.BENEFIT
    )
    unit = models.CharField(
        _("unit"), max_length=30, default="1-5", help_text=_("'1-5' for a 1 to 5 scale.")
    )
    min_value = models.FloatField(_("lowest allowed value"), default=1)
    max_value = models.FloatField(_("highest allowed value"), default=5)

    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="criterion_unique_name"),
            models.CheckConstraint(
                condition=models.Q(max_value__gt=models.F("min_value")),
                name="criterion_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Candidate(models.Model):
    round = models.ForeignKey(
        SelectionRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="candidates"
    )
    product = models.ForeignKey(
        "enterprises.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="selection_candidacies",
    )
    name = models.CharField(
        _("name"),
        max_length=160,
        help_text=_("A product of the village, or a commodity proposed but not yet produced."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "id"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="candidate_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Judgement(models.Model):
    """One assessor's pairwise comparison of the round's criteria (upper triangle)."""

    round = models.ForeignKey(
        SelectionRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="judgements"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        on_delete=models.PROTECT,
        related_name="judgements",
    )
    matrix = models.JSONField(_("pairwise matrix"))
    criteria_ids = models.JSONField(_("criteria, in matrix order"))
    consistency_ratio = models.FloatField(_("consistency ratio"))
    reason = models.TextField(_("reason for keeping an inconsistent judgement"), blank=True)
    submitted = models.BooleanField(_("submitted"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("judgement")
        verbose_name_plural = _("judgements")
        constraints = [
            models.UniqueConstraint(fields=["round", "assessor"], name="judgement_one_per_assessor")
        ]

    def __str__(self) -> str:
        return f"{self.round} / {self.assessor}"


class Score(models.Model):
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="scores"
    )
    value = models.FloatField(_("value"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "criterion"], name="score_unique_cell")
        ]

    def __str__(self) -> str:
        return f"{self.candidate} / {self.criterion}: {self.value}"


#: Why a stored decision refuses to be saved again or deleted.
FROZEN = _("A decision cannot be edited or deleted; choosing again means a new round.")


#: The methods a decision may name, as stored (English) → as shown (translated).
METHOD_LABELS = {
    "AHP (geometric mean of judgements) + TOPSIS": _("AHP (geometric mean of judgements) + TOPSIS"),
}


class Decision(models.Model):
    """The designation that closes a round. Never edited: choosing again means a new round."""

    round = models.OneToOneField(
        SelectionRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="decision"
    )
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("chosen candidate"), on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("method"), max_length=60)
    snapshot = models.JSONField(_("inputs and results as they were"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.round}: {self.candidate}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Create only: a stored decision is never changed (choosing again means a new round)."""
        if not self._state.adding:
            raise ValidationError(FROZEN)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValidationError(FROZEN)

    @property
    def method_label(self) -> str:
        """The stored method in the reader's language (stored in English, as decided)."""
        return str(METHOD_LABELS.get(self.method, self.method))
