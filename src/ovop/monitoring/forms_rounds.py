"""Forms of the round pages: the round itself, the respondents' filter, one entry, a review
and a correction. The entry form is built from the round's questions; what a field means is
read by the service (``answers``), which names every wrong field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ovop.core.forms import CleanTextMixin, DatePicker
from ovop.core.forms_money import MoneyInput
from ovop.monitoring.answers import MONEY_UNITS, Question, range_text
from ovop.monitoring.choices import Arm, EntryStatus, RoundKind, ValueType
from ovop.monitoring.models import Indicator, Round
from ovop.programme.models import Programme


class RoundForm(CleanTextMixin, forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.filter(archived_at__isnull=True)
    )
    name = forms.CharField(label=_("Name"), max_length=160)
    kind = forms.ChoiceField(label=_("Kind"), choices=RoundKind.choices)
    year = forms.IntegerField(label=_("Year measured"), min_value=2000, max_value=2100)
    period_start = forms.DateField(label=_("Collection starts"), widget=DatePicker())
    period_end = forms.DateField(label=_("Collection ends"), widget=DatePicker())
    baseline = forms.ModelChoiceField(
        label=_("Baseline round"),
        queryset=Round.objects.none(),
        required=False,
        help_text=_("For a follow-up: the round its values are compared with."),
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicators asked"),
        queryset=Indicator.objects.filter(archived_at__isnull=True),
        widget=forms.CheckboxSelectMultiple,
    )
    allows_self_report = forms.BooleanField(
        label=_("Owners may enter their own enterprise's values"), required=False
    )

    def __init__(self, *args: Any, round_: Round | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        baselines = Round.objects.filter(kind=RoundKind.BASELINE)
        if round_ is not None:
            del self.fields["programme"]
            baselines = baselines.filter(programme=round_.programme).exclude(pk=round_.pk)
        self.fields["baseline"].queryset = baselines.select_related("programme")  # type: ignore[attr-defined]
        self.fields["indicators"].label_from_instance = lambda i: f"{i.name} ({i.code})"  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(round_: Round) -> dict[str, Any]:
        return {
            "name": round_.name,
            "kind": round_.kind,
            "year": round_.year,
            "period_start": round_.period_start,
            "period_end": round_.period_end,
            "baseline": round_.baseline_id,
            "indicators": [q.indicator_id for q in round_.questions.all()],
            "allows_self_report": round_.allows_self_report,
        }

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        chosen = {i.pk: i for i in data["indicators"]}
        # keep the order of the library (domain, code), which the form lists
        indicators = [
            chosen[pk] for pk in sorted(chosen, key=lambda pk: (chosen[pk].domain, chosen[pk].code))
        ]
        return {
            "name": data["name"],
            "kind": data["kind"],
            "year": data["year"],
            "period_start": data["period_start"],
            "period_end": data["period_end"],
            "baseline": data["baseline"],
            "indicators": indicators,
            "allows_self_report": data["allows_self_report"],
        }


def default_period(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


class RespondentFilterForm(CleanTextMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=80)
    status = forms.ChoiceField(
        label=_("Entry"), required=False, choices=[("", _("all"))] + EntryStatus.choices
    )
    arm = forms.ChoiceField(
        label=_("Group"), required=False, choices=[("", _("all"))] + Arm.choices
    )


def _widget(question: Question) -> forms.Widget:
    indicator = question.indicator
    if indicator.value_type == ValueType.BOOLEAN:
        return forms.Select(choices=[("", "—"), ("ya", _("Yes")), ("tidak", _("No"))])
    if indicator.value_type == ValueType.CHOICE:
        options = [(c, indicator.option_label(c)) for c in indicator.option_codes()]
        return forms.Select(choices=[("", "—"), *options])
    low = indicator.min_value
    if indicator.unit in MONEY_UNITS and (low is None or low >= 0):
        return MoneyInput()  # shows what it understood while the amount is typed
    return forms.TextInput(
        attrs={"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}
    )


class EntryForm(CleanTextMixin, forms.Form):
    """One field per question; the service reads and checks them all."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            numeric = question.indicator.value_type not in (ValueType.BOOLEAN, ValueType.CHOICE)
            self.fields[question.name] = forms.CharField(
                label=question.label,
                required=False,
                max_length=100,
                help_text=range_text(question.indicator) if numeric else "",
                widget=_widget(question),
            )


class ReviewForm(CleanTextMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
