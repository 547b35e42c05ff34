"""Running sums of the values that count, kept current as values are written.

The dashboard shows every indicator's figures for a regency, a kecamatan or the whole country
at once; summing millions of values on each visit is what makes such pages slow or, when the
sums are rebuilt at night, stale. A ``ValueTally`` row holds, for one round, indicator and
side (participant or comparison), the count, sum and sum of squares of the values that count
— finished entries (submitted or approved), the total of a split value, no value an open
quality flag doubts: the same rule the evaluation reads — in one area and category of the
enterprises' main product. Two levels are kept: each kecamatan, and the whole regency (what a
province or the country adds up), both with a row per category and one for all categories
(``category`` ""). ``ovop.monitoring.tallies`` recomputes a round's rows in the transaction
that changed its values, so the rows are never older than the data.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ovop.monitoring.models_rounds import Round


class TallyLevel(models.TextChoices):
    KECAMATAN = "kecamatan", _("Kecamatan")
    REGENCY = "regency", _("Regency")


class ValueTally(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="tallies")
    indicator = models.ForeignKey(
        "monitoring.Indicator", on_delete=models.CASCADE, related_name="tallies"
    )
    #: The round's year, kept here so a year's figures are read without a join.
    year = models.PositiveSmallIntegerField()
    arm = models.CharField(max_length=12)
    level = models.CharField(max_length=10, choices=TallyLevel.choices)
    #: The kecamatan's or the regency's code (a province's regencies share its prefix).
    area_code = models.CharField(max_length=20)
    #: The category of the enterprises' main product; "" for all categories.
    category = models.CharField(max_length=20, blank=True)
    n = models.PositiveIntegerField()
    total = models.FloatField()
    total_sq = models.FloatField()
    #: How many of the values are exactly 1 (a yes), for the indicators shown as a share.
    ones = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("value tally")
        verbose_name_plural = _("value tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "indicator", "arm", "level", "area_code", "category"],
                name="monitoring_tally_unique",
            )
        ]
        indexes = [
            # every dashboard reads by level, category and year (one area or all of them);
            # the sums ride along (as keys: SQLite has no INCLUDE) so that PostgreSQL
            # answers from the index alone
            models.Index(
                fields=[
                    *("level", "category", "year", "area_code", "indicator", "arm"),
                    *("n", "total", "ones", "total_sq"),
                ],
                name="monitoring_tally_cover",
            )
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.indicator_id}/{self.arm}/{self.area_code}/{self.category}"
