"""Forms for the programme pages: they parse input only; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ovop.core.forms import CleanTextMixin
from ovop.enterprises.models import Product
from ovop.programme import selectors
from ovop.programme.models import Programme, ProgrammeVillage, Scheme
from ovop.regions.models import Level, Region


class ProgrammeFilterForm(CleanTextMixin, forms.Form):
    q = forms.CharField(label=_("Name contains"), required=False)
    scheme = forms.ChoiceField(
        label=_("Scheme"), required=False, choices=[("", _("All schemes")), *Scheme.choices]
    )
    archived = forms.ChoiceField(
        label=_("Archived"),
        required=False,
        choices=[("", _("Hide archived")), ("1", _("Include archived"))],
    )


class ProgrammeForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    scheme = forms.ChoiceField(label=_("Scheme"), choices=Scheme.choices)
    regency = forms.ModelChoiceField(
        label=_("Regency"),
        queryset=Region.objects.filter(level=Level.REGENCY).order_by("code"),
        error_messages={"invalid_choice": _("Regency: choose one of the loaded regencies.")},
    )
    start_year = forms.IntegerField(label=_("Start year"), min_value=2000, max_value=2100)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)

    @classmethod
    def initial_for(cls, programme: Programme) -> dict[str, Any]:
        return {
            "name": programme.name,
            "scheme": programme.scheme,
            "regency": programme.regency_id,
            "start_year": programme.start_year,
            "description": programme.description,
        }


class _VillageChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Region) -> str:
        kecamatan = obj.parent.name if obj.parent else ""
        return f"{kecamatan} · {obj.name}"


class VillagesAddForm(CleanTextMixin, forms.Form):
    villages = _VillageChoice(
        label=_("Villages"),
        queryset=Region.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 14}),
        help_text=_("Villages of the regency that are not taking part yet."),
        error_messages={"invalid_choice": _("Villages: %(value)s is not a village you can add.")},
    )
    kecamatan = forms.ModelChoiceField(
        label=_("Or every village of kecamatan"),
        queryset=Region.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Kecamatan: choose one of the list.")},
    )
    joined_year = forms.IntegerField(label=_("Joined in (year)"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        villages = self.fields["villages"]
        kecamatan = self.fields["kecamatan"]
        assert isinstance(villages, forms.ModelMultipleChoiceField)
        assert isinstance(kecamatan, forms.ModelChoiceField)
        villages.queryset = selectors.villages_available(programme=programme)
        kecamatan.queryset = selectors.kecamatan_of_regency(programme=programme)


class _ProductChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Product) -> str:
        return f"{obj.name} — {obj.enterprise.name}"


class DesignationForm(CleanTextMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    product = _ProductChoice(
        label=_("Designated product"),
        queryset=Product.objects.none(),
        required=False,
        empty_label=_("— none (clear the designation) —"),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args: Any, membership: ProgrammeVillage, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        product = self.fields["product"]
        assert isinstance(product, forms.ModelChoiceField)
        product.queryset = selectors.products_for_membership(membership=membership)
        product.error_messages["invalid_choice"] = _(
            "Designated product: choose one of the products made in %(village)s."
        ) % {"village": membership.village.name}
