"""What an evaluation of a programme assumes, set by its officers: how many years after a
village joins the programme its enterprises can be expected to change (the onset of the
staggered-adoption design), and where the effectiveness bands begin (percent of a target
reached; the defaults are the five bands commonly used in Indonesian local-government
evaluation, ``ovop.analysis.effectiveness.DEFAULT_BANDS``). One row per programme, made when
first saved; a programme without one uses the defaults."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

#: The longest onset an evaluation accepts (years from joining to the first year treated).
MAX_LAG_YEARS = 10
#: The bands' lower limits (percent of the target) a setting may take.
BAND_LIMITS = [MinValueValidator(1), MaxValueValidator(1000)]


def _band_field(label: Any, default: int) -> models.PositiveSmallIntegerField[int, int]:
    return models.PositiveSmallIntegerField(label, default=default, validators=BAND_LIMITS)


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
    very_effective_from_pct = _band_field(_("“very effective” from (%)"), 100)
    effective_from_pct = _band_field(_("“effective” from (%)"), 90)
    fairly_effective_from_pct = _band_field(_("“fairly effective” from (%)"), 80)
    less_effective_from_pct = _band_field(_("“less effective” from (%)"), 60)
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

    @property
    def band_limits_pct(self) -> tuple[int, int, int, int]:
        return (
            self.very_effective_from_pct,
            self.effective_from_pct,
            self.fairly_effective_from_pct,
            self.less_effective_from_pct,
        )

    def clean(self) -> None:
        limits = self.band_limits_pct
        if None in limits:
            return  # a missing limit is named by its own field's check
        if any(a <= b for a, b in zip(limits, limits[1:], strict=False)):
            raise ValidationError(
                {
                    "effective_from_pct": _(
                        "Each band must begin below the one above it: very effective > "
                        "effective > fairly effective > less effective."
                    )
                }
            )


class HeadlineSet(models.Model):
    """The dashboard's headline estimates of a programme, computed in the background for one
    version of its data (``ovop.evaluation.headlines``); shown, dated, until the next ones
    are ready. One row per programme."""

    programme = models.OneToOneField(
        "programme.Programme", on_delete=models.CASCADE, related_name="headline_set"
    )
    #: The digest of the data these headlines were computed from ("" none yet).
    version = models.CharField(max_length=64, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    #: language code → list of headlines (dicts of ``headlines.Headline``'s fields).
    headlines = models.JSONField(default=dict, blank=True)
    #: The version a computation was last asked for, and when (a lost task is asked again).
    wanted = models.CharField(max_length=64, blank=True)
    wanted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("headline estimates")
        verbose_name_plural = _("headline estimates")

    def __str__(self) -> str:
        return f"{self.programme_id}@{self.version[:8]}"


from ovop.evaluation.models_report import ReportJob  # noqa: E402, F401  (the app's models)
