"""What an evaluation of a programme assumes, set by its officers: how many years after a
village joins the programme its enterprises can be expected to change (the onset of the
staggered-adoption design). One row per programme, made when first saved; a programme without
one uses the defaults."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

#: The longest onset an evaluation accepts (years from joining to the first year treated).
MAX_LAG_YEARS = 10


class EvaluationSettings(models.Model):
    programme = models.OneToOneField(
        "programme.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="evaluation_settings",
    )
    effect_lag_years = models.PositiveSmallIntegerField(
        _("years until an effect is expected"),
        default=0,
        validators=[MaxValueValidator(MAX_LAG_YEARS)],
        help_text=_(
            "Years from the year a village joins the programme to the first year its "
            "enterprises are counted as treated: 0 counts them from the year they join."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("evaluation settings")
        verbose_name_plural = _("evaluation settings")

    def __str__(self) -> str:
        return str(self.programme)
