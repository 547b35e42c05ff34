"""Running counts of the registry, kept current as it is written.

The dashboard counts IKM, products and valid certificates for a kecamatan, a regency or the
whole country (a million IKM and 1.65 million products: counting them on each visit takes a
second). A ``RegistryTally`` row holds one count for an area (a kecamatan, a regency as the
sum of its kecamatans, or the whole country as the sum of its regencies) and a product
category ("" for all): the IKM that are not archived (with a product of the category), their
products not archived, and their certificates not archived by the month they expire
(``bucket`` yyyymm, 0 for no expiry date: what is valid on a day is the later months plus the
part of the day's own month read live).
``ovop.enterprises.tallies`` recomputes the areas an enterprise, product or certificate
belongs to (before and after the change) in the transaction that changes it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TallyKind(models.TextChoices):
    ENTERPRISES = "enterprises", _("IKM")
    PRODUCTS = "products", _("products")
    CERTIFICATES = "certificates", _("certificates")


class RegistryLevel(models.TextChoices):
    KECAMATAN = "kecamatan", _("Kecamatan")
    REGENCY = "regency", _("Regency")
    #: The whole country (``area_code`` ""): the sums of every regency's rows, so that the
    #: national dashboard reads a few dozen rows instead of adding up 514 regencies'.
    COUNTRY = "country", _("Country")


class RegistryTally(models.Model):
    level = models.CharField(max_length=10, choices=RegistryLevel.choices)
    #: The kecamatan's or the regency's code; "" for the country.
    area_code = models.CharField(max_length=20)
    #: A product category; "" for all.
    category = models.CharField(max_length=20, blank=True)
    kind = models.CharField(max_length=12, choices=TallyKind.choices)
    #: Certificates: the year and month they expire (yyyymm), 0 for none; else 0.
    bucket = models.PositiveIntegerField(default=0)
    n = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("registry tally")
        verbose_name_plural = _("registry tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "area_code", "category", "kind", "bucket"],
                name="enterprises_tally_unique",
            )
        ]
        indexes = [
            # the counts ride along as keys, so that a sum over every regency is read from
            # the index alone
            models.Index(
                fields=["level", "category", "kind", "area_code", "bucket", "n"],
                name="enterprises_tally_cover",
            )
        ]

    def __str__(self) -> str:
        return f"{self.level}/{self.area_code}/{self.category}/{self.kind}/{self.bucket}"
