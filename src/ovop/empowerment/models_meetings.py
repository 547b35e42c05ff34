"""Meetings where the stages happen: agenda, minutes, attendance, photos, the signed sheet.

A meeting is planned first (its agenda and the attendance sheet can be printed before it, for
villages without a connection) and recorded as held afterwards; a held meeting cannot be dated
in the future. Attendance ticks members of the meeting's groups; guests are typed in.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ovop.core.files import UploadTo
from ovop.empowerment.choices import Gender


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")


class Meeting(models.Model):
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="empowerment_meetings",
    )
    groups = models.ManyToManyField(
        "empowerment.Group", verbose_name=_("groups"), related_name="meetings"
    )
    cycle = models.ForeignKey(
        "empowerment.Cycle",
        verbose_name=_("cycle"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    stage = models.PositiveSmallIntegerField(
        _("stage worked on"),
        null=True,
        blank=True,
        choices=[(1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5")],
    )
    status = models.CharField(
        _("status"), max_length=8, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="empowerment_meetings",
    )
    agenda = models.TextField(_("agenda"), max_length=4000)
    minutes = models.TextField(_("minutes"), blank=True, max_length=20000)
    attendance_sheet = models.FileField(
        _("signed attendance sheet"),
        upload_to=UploadTo("attendance"),
        blank=True,
        help_text=_("A photo (JPEG, PNG, WebP) or a PDF scan, at most 5 MB."),
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[groups])

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["village", "held_on"])]

    def __str__(self) -> str:
        return f"{self.village} {self.held_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("empowerment:meeting_detail", args=[self.pk])


class Attendance(models.Model):
    """A member present at a meeting."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(
        "empowerment.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="attendance",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["person__name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="empowerment_present_once")
        ]

    def __str__(self) -> str:
        return str(self.person)


class Guest(models.Model):
    """Someone present who is not a member (village head, partner, officer)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="guests"
    )
    name = models.CharField(_("name"), max_length=120)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    affiliation = models.CharField(_("from"), max_length=160, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("guest")
        verbose_name_plural = _("guests")

    def __str__(self) -> str:
        return self.name


class MeetingPhoto(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=UploadTo("meetings"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("meeting photo")
        verbose_name_plural = _("meeting photos")

    def __str__(self) -> str:
        return self.caption or self.image.name
