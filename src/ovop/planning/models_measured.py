"""Measured effects per rupiah: what the budget plan's "measured" basis multiplies costs by.

One current row per activity type: the extra monthly revenue (rupiah) that one rupiah spent on
the type's activities brought the IKM taking part, with its 95 % interval, as an evaluation of
a programme measured it (the inverse of the efficiency page's cost per rupiah of extra monthly
revenue). An officer adopts the figures on that page; adopting again replaces a type's row,
and the history keeps every earlier value with who adopted it and when. The evaluation writes
through ``services_measured``; planning never reads the evaluation itself.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ovop.planning.choices import MAX_MONEY_IDR, ActivityType

#: The largest extra monthly revenue per rupiah accepted: Rp 1.000 a month for each rupiah
#: spent is far beyond anything an activity could bring, so a larger figure is an error.
MAX_REVENUE_PER_IDR = 1000.0


class MeasuredBenefit(models.Model):
    activity_type = models.CharField(
        _("activity type"), max_length=16, choices=ActivityType.choices, unique=True
    )
    revenue_per_idr = models.FloatField(
        _("extra monthly revenue per rupiah spent"),
        validators=[MaxValueValidator(MAX_REVENUE_PER_IDR)],
    )
    revenue_per_idr_low = models.FloatField(_("low end of the interval (95%)"))
    revenue_per_idr_high = models.FloatField(
        _("high end of the interval (95%)"), validators=[MaxValueValidator(MAX_REVENUE_PER_IDR)]
    )
    programme = models.ForeignKey(
        "programme.Programme",
        verbose_name=_("measured in programme"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    measured_year = models.PositiveSmallIntegerField(
        _("last survey year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    enterprises = models.PositiveIntegerField(
        _("IKM it rests on"), validators=[MinValueValidator(1)]
    )
    cost_idr = models.PositiveBigIntegerField(
        _("money it rests on (rupiah)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MONEY_IDR)],
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adopted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    adopted_at = models.DateTimeField(_("adopted at"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["activity_type"]
        verbose_name = _("measured effect per rupiah")
        verbose_name_plural = _("measured effects per rupiah")

    def __str__(self) -> str:
        return f"{self.get_activity_type_display()}: {self.revenue_per_idr:g}"

    def clean(self) -> None:
        low, value, high = self.revenue_per_idr_low, self.revenue_per_idr, self.revenue_per_idr_high
        if None in (low, value, high):
            return
        if not 0 < low <= value <= high:
            raise ValidationError(
                {
                    "revenue_per_idr": _(
                        "Extra revenue per rupiah: give a positive figure inside its interval, "
                        "whose low end is above zero."
                    )
                }
            )
