"""OVOP programmes, the villages that take part and each village's designated product."""

from __future__ import annotations

import re

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ovop.core.models import Archivable


class Scheme(models.TextChoices):
    KEMENPERIN_IKM = "kemenperin_ikm", _("Kemenperin IKM (OVOP star award)")
    KEMENKOP = "kemenkop", _("Kemenkop UKM (cooperative OVOP)")
    KEMENDES = "kemendes", _("Kemendes PDTT (village OVOP)")
    REGENCY = "regency_desa_ovop", _("Regency desa OVOP")


YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Programme(Archivable):
    name = models.CharField(_("name"), max_length=160)
    scheme = models.CharField(_("scheme"), max_length=24, choices=Scheme.choices)
    regency = models.ForeignKey(
        "regions.Region",
        verbose_name=_("regency"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), validators=YEAR_VALIDATORS)
    description = models.TextField(_("description"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_year", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("programme:detail", args=[self.pk])


class ProgrammeVillage(Archivable):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="villages"
    )
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="programme_memberships",
    )
    joined_year = models.PositiveSmallIntegerField(_("joined in"), validators=YEAR_VALIDATORS)

    history = HistoricalRecords()

    class Meta:
        ordering = ["village__code"]
        verbose_name = _("participating village")
        verbose_name_plural = _("participating villages")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "village"], name="programme_village_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.village} ({self.programme})"


class Designation(models.Model):
    """The product a participating village carries as its one product in a given year."""

    membership = models.ForeignKey(
        ProgrammeVillage,
        verbose_name=_("participating village"),
        on_delete=models.PROTECT,
        related_name="designations",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    product = models.ForeignKey(
        "enterprises.Product",
        verbose_name=_("designated product"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="designations",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    by_selection = models.BooleanField(
        _("decided by a selection round"),
        default=False,
        help_text=_("Such a designation changes only through a new selection round."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["membership", "-year"]
        verbose_name = _("designated product")
        verbose_name_plural = _("designated products")
        constraints = [
            models.UniqueConstraint(fields=["membership", "year"], name="designation_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.membership.village} {self.year}: {self.product or '-'}"

    @property
    def note_label(self) -> str:
        """The note in the reader's language: the one a selection round writes ("selection
        round 3", stored in English) is translated when shown; a note typed by hand is as typed."""
        found = SELECTION_NOTE.fullmatch(self.note)
        if found:
            return f"{_('selection round')} {found[1]}"  # the model's name: "putaran pemilihan"
        return self.note


#: The note ``designation_from_selection`` stores (in English, the source language).
SELECTION_NOTE = re.compile(r"selection round (\d+)")
