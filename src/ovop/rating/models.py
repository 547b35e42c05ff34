"""Star-rating schemes (versioned data), assessments by assessors, and panel results.

A scheme's structure is the dict form of ``ovop.analysis.rating.Scheme``; numbers that no
published source gives are listed in ``configurable_defaults`` so the UI can say so.
A published scheme version is never edited: a change is a new version (clone).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ovop.core.files import UploadTo


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("In use")
    ARCHIVED = "archived", _("Archived")


class AssessmentStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class CoachingTier(models.TextChoices):
    """Who coaches a product, by its stars (Kemenperin practice)."""

    CENTRAL = "central", _("Central government (Kemenperin)")
    PROVINCE = "province", _("Provincial government")
    REGENCY = "regency", _("Regency / city government")
    NONE = "none", _("Not yet rated")


def coaching_tier(stars: int) -> CoachingTier:
    if stars >= 4:
        return CoachingTier.CENTRAL
    if stars == 3:
        return CoachingTier.PROVINCE
    if stars >= 1:
        return CoachingTier.REGENCY
    return CoachingTier.NONE


class RatingScheme(models.Model):
    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=160)
    source = models.TextField(_("source"), blank=True)
    definition = models.JSONField(_("definition"))
    configurable_defaults = models.JSONField(
        _("numbers that are configurable defaults"), default=list, blank=True
    )
    labels_id = models.JSONField(
        _("Indonesian labels"),
        default=dict,
        blank=True,
        help_text=_("Indonesian text of the scheme's labels, by kind and id."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("rating scheme")
        verbose_name_plural = _("rating schemes")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="scheme_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Assessment(models.Model):
    """One assessor's rating of one product against one scheme version."""

    product = models.ForeignKey(
        "enterprises.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    scheme = models.ForeignKey(
        RatingScheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="+"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.INVITED,
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    evidence = models.TextField(_("evidence note"), blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-invited_at"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "scheme", "assessor"], name="assessment_one_per_assessor"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product} / {self.assessor} ({self.scheme})"


class AssessmentPhoto(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=UploadTo("assessments"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("assessment photo")
        verbose_name_plural = _("assessment photos")

    def __str__(self) -> str:
        return self.caption or self.image.name

    def file_url(self) -> str:
        """Where the photo is served, to users who may see the assessment."""
        from django.urls import reverse

        return reverse("files:assessment_photo", args=[self.pk])


class StarRating(models.Model):
    """A panel's combined result for a product: what the badge and certificate show."""

    product = models.ForeignKey(
        "enterprises.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="star_ratings",
    )
    scheme = models.ForeignKey(
        RatingScheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="+"
    )
    assessments = models.ManyToManyField(Assessment, verbose_name=_("assessments"))
    stars = models.PositiveSmallIntegerField(_("stars"))
    percent = models.FloatField(_("score (% of maximum)"))
    result = models.JSONField(_("panel result"))
    tier = models.CharField(_("coaching tier"), max_length=10, choices=CoachingTier.choices)
    verification_code = models.CharField(_("verification code"), max_length=16, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("star rating")
        verbose_name_plural = _("star ratings")

    def __str__(self) -> str:
        return f"{self.product} ★{self.stars}"
