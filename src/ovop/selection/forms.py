"""Forms for the selection pages: they parse input only; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ovop.core.forms import CleanTextMixin
from ovop.enterprises.models import Product
from ovop.programme.models import Programme
from ovop.regions.models import Level, Region
from ovop.selection import judging, selectors
from ovop.selection.models import Candidate, Criterion, Direction, RoundStatus


class _AreaChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Region) -> str:
        if obj.level == Level.KECAMATAN:
            return str(_("Kecamatan %(name)s (all villages)") % {"name": obj.name})
        return f"{obj.parent.name if obj.parent else ''} · {obj.name}"


class _OneProductChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Product) -> str:
        return f"{obj.name} — {obj.enterprise.name}"


class RoundFilterForm(CleanTextMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *RoundStatus.choices]
    )


def _assessor_field() -> forms.ModelMultipleChoiceField:  # type: ignore[type-arg]
    return forms.ModelMultipleChoiceField(
        label=_("Invited assessors"),
        queryset=selectors.assessors_available(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class RoundCreateForm(CleanTextMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.filter(archived_at__isnull=True)
    )
    area = _AreaChoice(
        label=_("Village or kecamatan"),
        queryset=Region.objects.filter(level__in=[Level.VILLAGE, Level.KECAMATAN])
        .select_related("parent")
        .order_by("code"),
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    assessors = _assessor_field()
    proposed = forms.CharField(
        label=_("Proposed commodities (not yet produced), one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_proposed(self) -> list[str]:
        text: str = self.cleaned_data.get("proposed", "")
        return [line.strip() for line in text.splitlines() if line.strip()]


class RoundEditForm(CleanTextMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    assessors = _assessor_field()


class CriterionForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Criterion"), max_length=120)
    description = forms.CharField(label=_("Description"), max_length=255, required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    unit = forms.CharField(label=_("Unit"), max_length=30, initial="1-5")
    min_value = forms.FloatField(label=_("Lowest allowed value"), initial=1)
    max_value = forms.FloatField(label=_("Highest allowed value"), initial=5)

    @classmethod
    def initial_for(cls, criterion: Criterion) -> dict[str, Any]:
        return {
            f: getattr(criterion, f)
            for f in ("name", "description", "direction", "unit", "min_value", "max_value")
        }


class CandidateForm(CleanTextMixin, forms.Form):
    product = _OneProductChoice(
        label=_("Product of the area"), queryset=Product.objects.none(), required=False
    )
    name = forms.CharField(label=_("or a proposed commodity"), max_length=160, required=False)

    def __init__(self, *args: Any, area: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["product"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors.products_in_area(area)


class JudgementForm(CleanTextMixin, forms.Form):
    """One radio row per pair of criteria, on Saaty's 17-step scale."""

    reason = forms.CharField(
        label=_("Reason for keeping an inconsistent judgement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, criteria: list[Criterion], matrix: list[list[float]] | None, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.criteria = criteria
        for i, j in judging.pairs(len(criteria)):
            initial = judging.answer_for(matrix[i][j]) if matrix else "1"
            self.fields[f"pair_{i}_{j}"] = forms.ChoiceField(
                label=f"{criteria[i].name} / {criteria[j].name}",
                choices=[(a, a) for a in judging.SCALE],
                initial=initial,
                widget=forms.RadioSelect,
            )

    def rows(self) -> list[dict[str, Any]]:
        """For the template: each pair with its two criteria and bound field."""
        return [
            {"left": self.criteria[i], "right": self.criteria[j], "field": self[f"pair_{i}_{j}"]}
            for i, j in judging.pairs(len(self.criteria))
        ]

    def matrix(self) -> list[list[float]]:
        answers = {
            (i, j): judging.scale_value(self.cleaned_data[f"pair_{i}_{j}"])
            for i, j in judging.pairs(len(self.criteria))
        }
        return judging.matrix_from_answers(len(self.criteria), answers)


class ScoresForm(CleanTextMixin, forms.Form):
    """A grid candidate × criterion; blank cells are left as they are. ``locked`` cells
    (values someone else entered, for an assessor) are shown but cannot be changed."""

    def __init__(
        self,
        *args: Any,
        candidates: list[Candidate],
        criteria: list[Criterion],
        entered_by: dict[tuple[int, int], str] | None = None,
        locked: frozenset[tuple[int, int]] = frozenset(),
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self.candidates, self.criteria = candidates, criteria
        self.entered_by = entered_by or {}
        for cand in candidates:
            for crit in criteria:
                self.fields[f"score_{cand.pk}_{crit.pk}"] = forms.FloatField(
                    label=f"{cand.name} / {crit.name}",
                    required=False,
                    disabled=(cand.pk, crit.pk) in locked,
                    widget=forms.NumberInput(
                        attrs={"step": "any", "min": crit.min_value, "max": crit.max_value}
                    ),
                )

    def grid(self) -> list[dict[str, Any]]:
        """Rows of cells: each the bound field and who entered the stored value (or "")."""
        return [
            {
                "candidate": cand,
                "cells": [
                    {
                        "field": self[f"score_{cand.pk}_{c.pk}"],
                        "by": self.entered_by.get((cand.pk, c.pk), ""),
                    }
                    for c in self.criteria
                ],
            }
            for cand in self.candidates
        ]

    def values(self) -> dict[tuple[int, int], float]:
        return {
            (cand.pk, crit.pk): value
            for cand in self.candidates
            for crit in self.criteria
            if (value := self.cleaned_data.get(f"score_{cand.pk}_{crit.pk}")) is not None
        }


class DecideForm(CleanTextMixin, forms.Form):
    candidate = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


__all__ = [
    "CandidateForm",
    "CriterionForm",
    "DecideForm",
    "JudgementForm",
    "RoundCreateForm",
    "RoundEditForm",
    "RoundFilterForm",
    "ScoresForm",
]
