"""The query of the evaluation report's downloads and of the API's ``?year=``: the year the
evaluation stands at, and the report's language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ovop.core.forms import CleanTextMixin

LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]


class YearQuery(CleanTextMixin, forms.Form):
    """``?year=``: the evaluation as it stood at the end of that year (its survey rounds and
    fiscal years and those before); every round when left out."""

    year = forms.IntegerField(
        label=_("year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_(
            "The evaluation as it stood at the end of this year: the survey rounds and fiscal "
            "years of this year and before (default: all)."
        ),
    )

    def until_year(self) -> int | None:
        value: int | None = self.cleaned_data.get("year")
        return value


class ReportQuery(CleanTextMixin, forms.Form):
    """The report's year (required) and language (the reader's by default)."""

    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    lang = forms.ChoiceField(label=_("language"), choices=LANGUAGES, required=False)


class ReportRequestForm(CleanTextMixin, forms.Form):
    """The programme page's request for the report: year, language and format."""

    year = forms.IntegerField(label=_("Year evaluated"), min_value=2000, max_value=2100)
    lang = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    kind = forms.ChoiceField(label=_("Format"), choices=[("pdf", "PDF"), ("xlsx", "XLSX")])


def checked(form: forms.Form) -> dict[str, Any]:
    """The form's cleaned data, or a 400 of the API naming each parameter refused."""
    if not form.is_valid():
        errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
        raise serializers.ValidationError(errors)
    return form.cleaned_data
