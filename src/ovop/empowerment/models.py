"""Village groups and their members; the cycle, meeting and stage models live beside this file.

A person is recorded once per village (``Person``) and joins any number of that village's
groups (``Membership``). An IKM owner already in the registry is a person linked to the
enterprise they run, picked rather than typed again. Whether a person counts as youth is worked
out from the birth year and the cut-off ``settings.OVOP_YOUTH_AGE_LIMIT`` (under 30 by default,
after UU 40/2009 on youth), so that changing the cut-off changes every count at once.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ovop.core.models import Archivable
from ovop.empowerment.choices import AgeGroup, Gender


class GroupKind(models.TextChoices):
    IKM = "ikm", _("IKM group (kelompok IKM)")
    WOMEN = "women", _("Women's group (KWT / PKK)")
    YOUTH = "youth", _("Youth group (karang taruna)")
    COOPERATIVE = "cooperative", _("Cooperative (koperasi)")
    OTHER = "other", _("Other group")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    TREASURER = "treasurer", _("Treasurer")
    MEMBER = "member", _("Member")


BIRTH_YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2100)]


def age_group(birth_year: int | None, in_year: int) -> str:
    """The age group of someone born in ``birth_year``, in ``in_year`` (youth below the cut-off)."""
    if birth_year is None:
        return AgeGroup.UNKNOWN
    if in_year - birth_year < settings.OVOP_YOUTH_AGE_LIMIT:
        return AgeGroup.YOUTH
    return AgeGroup.ADULT


class Group(Archivable):
    """A village group that takes part in empowerment work."""

    name = models.CharField(_("group name"), max_length=160)
    kind = models.CharField(_("kind of group"), max_length=16, choices=GroupKind.choices)
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="empowerment_groups",
    )
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"), null=True, blank=True, validators=BIRTH_YEAR_VALIDATORS
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["village__name", "name", "id"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(fields=["village", "name"], name="empowerment_group_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("empowerment:group_detail", args=[self.pk])


class Person(Archivable):
    """Someone of the village who takes part: a group member, once, however many groups."""

    name = models.CharField(_("name"), max_length=120)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=BIRTH_YEAR_VALIDATORS,
        help_text=_("Decides the age group (youth or adult); leave empty when not known."),
    )
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="empowerment_people",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("IKM run by this person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="empowerment_people",
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=models.Q(enterprise__isnull=False),
                name="empowerment_person_one_per_enterprise",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def age_group_in(self, year: int) -> str:
        return age_group(self.birth_year, year)


class Membership(Archivable):
    """A person's place in a group; archived when they leave (never deleted)."""

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(
        _("role in the group"), max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    joined_year = models.PositiveSmallIntegerField(
        _("joined in"), null=True, blank=True, validators=BIRTH_YEAR_VALIDATORS
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "person__name", "id"]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="empowerment_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.group})"


from ovop.empowerment.models_actions import (  # noqa: E402,F401  (models of this app)
    MAX_ACTION_COST_IDR,
    Action,
    ActionStatus,
    ProposalStatus,
    Support,
    SupportProposal,
)
from ovop.empowerment.models_cycle import (  # noqa: E402,F401  (models of this app)
    Cycle,
    CycleStatus,
    Experience,
    ExperienceKind,
    PowerBase,
    PowerBaseKind,
    Problem,
    ProblemKind,
    Reason,
    Stage,
    StageChange,
    Theme,
)
from ovop.empowerment.models_meetings import (  # noqa: E402,F401  (models of this app)
    Attendance,
    Guest,
    Meeting,
    MeetingPhoto,
    MeetingStatus,
)

__all__ = [
    "Action",
    "ActionStatus",
    "AgeGroup",
    "Attendance",
    "BIRTH_YEAR_VALIDATORS",
    "Cycle",
    "CycleStatus",
    "Experience",
    "ExperienceKind",
    "Gender",
    "Group",
    "GroupKind",
    "Guest",
    "MAX_ACTION_COST_IDR",
    "Meeting",
    "MeetingPhoto",
    "MeetingStatus",
    "MemberRole",
    "Membership",
    "Person",
    "PowerBase",
    "PowerBaseKind",
    "Problem",
    "ProblemKind",
    "ProposalStatus",
    "Reason",
    "Stage",
    "StageChange",
    "Support",
    "SupportProposal",
    "Theme",
    "age_group",
]
