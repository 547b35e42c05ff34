"""The form of a programme's evaluation settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ovop.core.forms import CleanTextMixin
from ovop.evaluation.models import MAX_LAG_YEARS

BAND_FIELDS = (
    "very_effective_from_pct",
    "effective_from_pct",
    "fairly_effective_from_pct",
    "less_effective_from_pct",
)


def _band(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=1, max_value=1000)


class SettingsForm(CleanTextMixin, forms.Form):
    effect_lag_years = forms.IntegerField(
        label=_("Years until an effect is expected"),
        min_value=0,
        max_value=MAX_LAG_YEARS,
        help_text=_(
            "Years from the year a village joins the programme to the first year its "
            "enterprises are counted as treated: 0 counts them from the year they join."
        ),
    )
    very_effective_from_pct = _band(_("“Very effective” from (% of the target)"))
    effective_from_pct = _band(_("“Effective” from (% of the target)"))
    fairly_effective_from_pct = _band(_("“Fairly effective” from (% of the target)"))
    less_effective_from_pct = _band(_("“Less effective” from (% of the target)"))

    def band_limits(self) -> tuple[int, ...]:
        return tuple(self.cleaned_data[name] for name in BAND_FIELDS)
