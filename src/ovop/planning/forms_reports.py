"""What the realisation page and API read from the query string: the month the figures are as
at (1–12) and, in the API, which grouping to give."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import dates
from django.utils.translation import gettext_lazy as _

from ovop.core.forms import CleanTextMixin

GROUPINGS = [
    ("source", _("Source of funds")),
    ("kecamatan", _("Kecamatan")),
    ("type", _("Activity type")),
    ("month", _("Month")),
]


def _months() -> list[tuple[str, Any]]:
    return [(str(m), dates.MONTHS[m]) for m in range(1, 13)]


class MonthForm(CleanTextMixin, forms.Form):
    month = forms.TypedChoiceField(
        label=_("Up to the end of"),
        choices=_months,
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("The month (1–12) the figures are as at; by default the current one."),
    )

    def month_or(self, default: int) -> int:
        """The month asked for, or ``default`` when none (or none valid) was."""
        if not self.is_valid() or self.cleaned_data.get("month") is None:
            return default
        return int(self.cleaned_data["month"])


class RealisationQuery(MonthForm):
    by = forms.ChoiceField(
        label=_("Rows by"),
        choices=GROUPINGS,
        required=False,
        help_text=_("source (default), kecamatan, type or month."),
    )

    def grouping(self) -> str:
        return str(self.cleaned_data.get("by") or "source")

    def error_fields(self) -> dict[str, list[str]]:
        return {name: [str(m) for m in messages] for name, messages in self.errors.items()}
