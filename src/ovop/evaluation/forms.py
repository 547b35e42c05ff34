"""The form of a programme's evaluation settings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ovop.core.forms import CleanTextMixin
from ovop.evaluation.models import MAX_LAG_YEARS


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
