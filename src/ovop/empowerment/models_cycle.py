"""Hogan's five-stage empowerment cycle and what each stage produces.

A cycle belongs to a village and one or more of its groups, for a year. It moves through the
stages in order (``Stage``); every move, forward or back, is a ``StageChange`` row with who and
why. What a stage produces hangs off the cycle: experiences (1), reasons (2), problems or
projects with their votes and the one chosen (3), power bases (4) and the action plan (5).
Closing the cycle ("review") records what was achieved; the next cycle carries the unfinished
actions over (``Action.carried_from``). A closed cycle is read-only.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Stage(models.IntegerChoices):
    EXPERIENCES = 1, _("1. Recall experiences")
    REASONS = 2, _("2. Discuss why they happened")
    PROBLEM = 3, _("3. Choose one problem or project")
    POWER_BASES = 4, _("4. Identify power bases")
    ACTION_PLAN = 5, _("5. Action plan")


class CycleStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed (reviewed)")


class Cycle(models.Model):
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="empowerment_cycles",
    )
    groups = models.ManyToManyField(
        "empowerment.Group", verbose_name=_("groups"), related_name="cycles"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    number = models.PositiveSmallIntegerField(
        _("cycle number"), help_text=_("1 for the village's first cycle, 2 for the next…")
    )
    stage = models.PositiveSmallIntegerField(
        _("stage"), choices=Stage.choices, default=Stage.EXPERIENCES
    )
    status = models.CharField(
        _("status"), max_length=8, choices=CycleStatus.choices, default=CycleStatus.OPEN
    )
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous cycle"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_cycle",
    )
    achievements = models.TextField(
        _("what was achieved"),
        blank=True,
        max_length=4000,
        help_text=_("Written at the review that closes the cycle."),
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_sample = models.BooleanField(_("sample data"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["village__name", "-number"]
        verbose_name = _("empowerment cycle")
        verbose_name_plural = _("empowerment cycles")
        constraints = [
            models.UniqueConstraint(fields=["village", "number"], name="empowerment_cycle_number")
        ]

    def __str__(self) -> str:
        return f"{self.village} — {self.number} ({self.year})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("empowerment:cycle_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == CycleStatus.CLOSED


class StageChange(models.Model):
    """One move of a cycle from a stage to another (forward, back, or the closing review)."""

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.PositiveSmallIntegerField(
        _("from stage"), choices=Stage.choices, null=True, blank=True
    )
    to_stage = models.PositiveSmallIntegerField(_("to stage"), choices=Stage.choices)
    closed = models.BooleanField(_("cycle closed"), default=False)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.cycle}: {self.from_stage} → {self.to_stage}"


class Theme(models.Model):
    """A theme tag for experiences (market, raw material, capital…): the list is editable."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_id"]
        verbose_name = _("experience theme")
        verbose_name_plural = _("experience themes")

    def __str__(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "id").startswith("en") else self.name_id


class ExperienceKind(models.TextChoices):
    DEPOWERING = "depowering", _("Depowering")
    EMPOWERING = "empowering", _("Empowering")


class Experience(models.Model):
    """Stage 1: an experience a member recalls."""

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="experiences"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ExperienceKind.choices)
    text = models.CharField(_("what happened"), max_length=500)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="experiences"
    )
    meeting = models.ForeignKey(
        "empowerment.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experiences",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["id"]
        verbose_name = _("experience")
        verbose_name_plural = _("experiences")

    def __str__(self) -> str:
        return self.text


class Reason(models.Model):
    """Stage 2: why something happened, linked to the experiences it explains."""

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="reasons"
    )
    text = models.CharField(_("reason"), max_length=500)
    experiences = models.ManyToManyField(
        Experience, verbose_name=_("experiences explained"), related_name="reasons"
    )
    meeting = models.ForeignKey(
        "empowerment.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reasons",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[experiences])

    class Meta:
        ordering = ["id"]
        verbose_name = _("reason")
        verbose_name_plural = _("reasons")

    def __str__(self) -> str:
        return self.text


class ProblemKind(models.TextChoices):
    PROBLEM = "problem", _("Problem")
    PROJECT = "project", _("Project")


class Problem(models.Model):
    """Stage 3: a problem or project proposed, its votes, and whether it was chosen."""

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="problems"
    )
    kind = models.CharField(
        _("kind"), max_length=8, choices=ProblemKind.choices, default=ProblemKind.PROBLEM
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    votes = models.PositiveSmallIntegerField(
        _("votes"), default=0, validators=[MaxValueValidator(1000)]
    )
    chosen = models.BooleanField(_("chosen"), default=False)
    selection_round = models.ForeignKey(
        "selection.SelectionRound",
        verbose_name=_("product selection round"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="empowerment_problems",
        help_text=_("When the problem is the choice of the village's product."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-chosen", "-votes", "id"]
        verbose_name = _("problem or project")
        verbose_name_plural = _("problems and projects")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle"],
                condition=models.Q(chosen=True),
                name="empowerment_one_chosen_problem",
            )
        ]

    def __str__(self) -> str:
        return self.title


class PowerBaseKind(models.TextChoices):
    RAW_MATERIAL = "raw_material", _("Local raw material")
    SKILLS = "skills", _("Skills of members")
    INSTITUTION = "institution", _("Institution (BUMDes, cooperative…)")
    FUNDING = "funding", _("Funding (Dana Desa, CSR partner…)")
    GOVERNMENT = "government", _("Government programme")
    OTHER = "other", _("Other")


class PowerBase(models.Model):
    """Stage 4: an asset or ally the group can draw on, and who holds it."""

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="power_bases"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PowerBaseKind.choices)
    description = models.CharField(_("description"), max_length=300)
    holder = models.CharField(
        _("held by"), max_length=160, blank=True, help_text=_("A person, office or partner.")
    )
    holder_person = models.ForeignKey(
        "empowerment.Person",
        verbose_name=_("member who holds it"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="power_bases",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("power base")
        verbose_name_plural = _("power bases")

    def __str__(self) -> str:
        return self.description
