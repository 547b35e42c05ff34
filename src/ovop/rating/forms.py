"""Forms of star rating: the assessment (one radio group per item), invitation, issue, scheme."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from ovop.accounts.models import Role, User
from ovop.analysis.rating import Settlement
from ovop.core.forms import CleanTextMixin
from ovop.enterprises.models import Product
from ovop.rating.definition import SchemeView, option_text, scheme_name
from ovop.rating.models import RatingScheme, SchemeStatus


def item_field(item_id: str) -> str:
    return f"item_{item_id}"


class AssessmentForm(CleanTextMixin, forms.Form):
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

    def __init__(
        self, *args: Any, view: SchemeView, registry: dict[str, str] | None = None, **kwargs: Any
    ) -> None:
        """``registry`` maps the items the registry decides to what it knows (no field)."""
        super().__init__(*args, **kwargs)
        self.view = view
        self.registry = registry or {}
        for group in view.groups:
            for item in group.items:
                if item.id in self.registry:
                    continue
                choices = [(o.id, option_text(o, item)) for o in item.options]
                self.fields[item_field(item.id)] = forms.ChoiceField(
                    label=item.label, choices=choices, required=False, widget=forms.RadioSelect
                )

    def note_fields(self) -> list[forms.BoundField]:
        """The evidence note, photo and caption (shown under the items)."""
        return [self["evidence"], self["photo"], self["caption"]]

    def answers(self) -> dict[str, str]:
        return {
            item.id: self.cleaned_data.get(item_field(item.id)) or ""
            for group in self.view.groups
            for item in group.items
            if item.id not in self.registry
        }

    def grouped(self) -> list[tuple[Any, list[tuple[Any, forms.BoundField | None, str]]]]:
        """Each group with its (item, bound field, registry text) triples in the scheme's
        order; an item the registry decides has no field and says what the registry knows."""
        return [
            (
                group,
                [
                    (item, None, self.registry[item.id])
                    if item.id in self.registry
                    else (item, self[item_field(item.id)], "")
                    for item in group.items
                ],
            )
            for group in self.view.groups
        ]


class SchemeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A drop-down of scheme versions named in the reader's language ("Penilaian produk OVOP
    Kemenperin v2"), not by the stored (English) name."""

    def label_from_instance(self, obj: RatingScheme) -> str:
        return f"{scheme_name(obj)} v{obj.version}"


class InviteForm(CleanTextMixin, forms.Form):
    product = forms.ModelChoiceField(
        label=gettext_lazy("Product"),
        queryset=Product.objects.filter(archived_at__isnull=True).select_related("enterprise"),
        widget=forms.HiddenInput,
    )
    scheme = SchemeChoiceField(
        label=gettext_lazy("Scheme"),
        queryset=RatingScheme.objects.filter(status=SchemeStatus.ACTIVE),
    )
    assessor = forms.ModelChoiceField(
        label=gettext_lazy("Assessor"),
        queryset=User.objects.filter(role=Role.ASSESSOR, is_active=True).order_by("username"),
    )


def settle_field(item_id: str) -> str:
    return f"settle_{item_id}"


def reason_field(item_id: str) -> str:
    return f"reason_{item_id}"


class IssueForm(CleanTextMixin, forms.Form):
    """Scheme and how to combine; ``confirm`` (set by the preview page) issues, its absence
    previews. ``ties`` (item id, label) adds the officer's decision and reason for each tie."""

    scheme = SchemeChoiceField(label=gettext_lazy("Scheme"), queryset=RatingScheme.objects.all())
    how = forms.ChoiceField(
        label=gettext_lazy("Combine the assessors by"),
        choices=[("mean", pgettext_lazy("statistics", "Mean")), ("median", gettext_lazy("Median"))],
        initial="mean",
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, ties: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ties = list(ties)
        for item_id, label in self.ties:
            self.fields[settle_field(item_id)] = forms.ChoiceField(
                label=label,
                choices=[
                    ("", gettext_lazy("Not settled yet")),
                    ("pass", gettext_lazy("Passed")),
                    ("fail", gettext_lazy("Failed")),
                ],
                required=False,
            )
            self.fields[reason_field(item_id)] = forms.CharField(
                label=gettext_lazy("Reason"), required=False, max_length=500
            )

    def settlements(self) -> dict[str, Settlement]:
        """The ties the officer decided, with their reasons (the service checks them)."""
        decided = {}
        for item_id, _label in self.ties:
            choice = self.cleaned_data.get(settle_field(item_id)) or ""
            if choice:
                reason = self.cleaned_data.get(reason_field(item_id)) or ""
                decided[item_id] = Settlement(passed=choice == "pass", reason=reason)
        return decided

    def tie_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[settle_field(i)], self[reason_field(i)]) for i, _label in self.ties]


#: A scheme's definition as JSON: the published ones are about 15,000 characters.
DEFINITION_MAX_LENGTH = 200_000


class SchemeDefinitionForm(CleanTextMixin, forms.Form):
    name_id = forms.CharField(
        label=gettext_lazy("Name in Indonesian"),
        required=False,
        max_length=160,
        help_text=gettext_lazy(
            "Shown instead of the definition's name when the interface is in Indonesian; "
            "left empty, the definition's name is shown."
        ),
    )
    definition = forms.CharField(
        label=gettext_lazy("Definition (JSON)"),
        max_length=DEFINITION_MAX_LENGTH,
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
