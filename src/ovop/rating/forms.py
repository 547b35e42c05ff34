"""Forms of star rating: the assessment (one radio group per item), invitation, issue, scheme."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from ovop.accounts.models import Role, User
from ovop.enterprises.models import Product
from ovop.rating.definition import SchemeView
from ovop.rating.models import RatingScheme, SchemeStatus


def item_field(item_id: str) -> str:
    return f"item_{item_id}"


class AssessmentForm(forms.Form):
    """One optional radio group per item; the service decides whether the set is complete."""

    evidence = forms.CharField(
        label=gettext_lazy("Evidence note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What you saw and where: documents, visits, samples."),
    )
    photo = forms.ImageField(
        label=gettext_lazy("Photo"),
        required=False,
        help_text=gettext_lazy("JPEG, PNG or WebP, at most 5 MB."),
    )
    caption = forms.CharField(label=gettext_lazy("Photo caption"), required=False, max_length=200)

    def __init__(self, *args: Any, view: SchemeView, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.view = view
        for group in view.groups:
            for item in group.items:
                points = _("points")
                choices = [(o.id, f"{o.label} ({o.points:g} {points})") for o in item.options]
                self.fields[item_field(item.id)] = forms.ChoiceField(
                    label=item.label, choices=choices, required=False, widget=forms.RadioSelect
                )

    def answers(self) -> dict[str, str]:
        return {
            item.id: self.cleaned_data.get(item_field(item.id)) or ""
            for group in self.view.groups
            for item in group.items
        }

    def grouped(self) -> list[tuple[Any, list[tuple[Any, forms.BoundField]]]]:
        """Each group with its (item, bound field) pairs, in the scheme's order."""
        return [
            (group, [(item, self[item_field(item.id)]) for item in group.items])
            for group in self.view.groups
        ]


class InviteForm(forms.Form):
    product = forms.ModelChoiceField(
        label=gettext_lazy("Product"),
        queryset=Product.objects.filter(archived_at__isnull=True).select_related("enterprise"),
    )
    scheme = forms.ModelChoiceField(
        label=gettext_lazy("Scheme"),
        queryset=RatingScheme.objects.filter(status=SchemeStatus.ACTIVE),
    )
    assessor = forms.ModelChoiceField(
        label=gettext_lazy("Assessor"),
        queryset=User.objects.filter(role=Role.ASSESSOR, is_active=True).order_by("username"),
    )


class IssueForm(forms.Form):
    scheme = forms.ModelChoiceField(
        label=gettext_lazy("Scheme"), queryset=RatingScheme.objects.all()
    )
    how = forms.ChoiceField(
        label=gettext_lazy("Combine the assessors by"),
        choices=[("mean", pgettext_lazy("statistics", "Mean")), ("median", gettext_lazy("Median"))],
        initial="mean",
    )


class SchemeDefinitionForm(forms.Form):
    definition = forms.CharField(
        label=gettext_lazy("Definition (JSON)"),
        widget=forms.Textarea(attrs={"rows": 30, "cols": 100}),
    )
    configurable_defaults = forms.CharField(
        label=gettext_lazy("Configurable defaults (one path a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_definition(self) -> object:
        raw = self.cleaned_data["definition"]
        try:
            return json.loads(raw)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("Definition: not valid JSON (line %(line)s, column %(col)s: %(msg)s).")
                % {"line": exc.lineno, "col": exc.colno, "msg": exc.msg}
            ) from None

    def clean_configurable_defaults(self) -> list[str]:
        raw: str = self.cleaned_data.get("configurable_defaults") or ""
        return [line.strip() for line in raw.splitlines() if line.strip()]
