"""The public search form: words and filters, each bounded; a bad value is shown, not a 500."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.catalogue.models import MAX_PRICE_IDR
from ovop.catalogue.selectors import FILTER_CERTIFICATES, CatalogueFilters
from ovop.catalogue.selectors_places import Places
from ovop.core.forms import CleanTextMixin
from ovop.core.forms_money import MoneyField
from ovop.enterprises.models import Category

QUERY_MAX_LENGTH = 100
STAR_CHOICES = [("", gettext_lazy("any")), *[(str(n), f"{n}+ ★") for n in range(1, 6)]]


class SearchForm(CleanTextMixin, forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search"), required=False, max_length=QUERY_MAX_LENGTH, strip=True
    )
    regency = forms.ChoiceField(label=gettext_lazy("Regency or city"), required=False)
    kecamatan = forms.ChoiceField(label=gettext_lazy("Kecamatan"), required=False)
    category = forms.ChoiceField(
        label=gettext_lazy("Category"),
        required=False,
        choices=[("", gettext_lazy("all")), *Category.choices],
    )
    stars = forms.ChoiceField(label=gettext_lazy("Stars"), required=False, choices=STAR_CHOICES)
    certificates = forms.MultipleChoiceField(
        label=gettext_lazy("Certificates"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(kind.value, kind.label) for kind in FILTER_CERTIFICATES],
    )
    price_min = MoneyField(label=gettext_lazy("Lowest price"), required=False)
    price_max = MoneyField(label=gettext_lazy("Highest price"), required=False)

    def __init__(self, *args: Any, places: Places, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kecamatan_field = self.fields["kecamatan"]
        assert isinstance(kecamatan_field, forms.ChoiceField)
        kecamatan_field.choices = [("", _("all")), *places.kecamatan]
        if places.choose_first:
            kecamatan_field.help_text = _("Choose the regency or city first.")
        regency_field = self.fields["regency"]
        assert isinstance(regency_field, forms.ChoiceField)
        if places.regencies:
            regency_field.choices = [("", _("all")), *places.regencies]
        else:  # one regency's catalogue: nothing to choose
            del self.fields["regency"]
        for field in self.fields.values():  # Django's own message has no Indonesian
            field.error_messages["invalid_choice"] = _("%(field)s: choose one from the list.") % {
                "field": field.label
            }
        for name in ("price_min", "price_max"):
            self.fields[name].widget.attrs.pop("data-money", None)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("price_min"), data.get("price_max")
        for name, value in (("price_min", low), ("price_max", high)):
            if value is not None and value > MAX_PRICE_IDR:
                self.add_error(name, _("At most Rp 1.000.000.000."))
        if low is not None and high is not None and low > high:
            raise ValidationError(_("The lowest price is above the highest price."))
        return data

    def filters(self) -> CatalogueFilters:
        data = self.cleaned_data
        return CatalogueFilters(
            q=data.get("q") or "",
            regency=data.get("regency") or "",
            kecamatan=data.get("kecamatan") or "",
            category=data.get("category") or "",
            min_stars=int(data["stars"]) if data.get("stars") else None,
            certificates=tuple(data.get("certificates") or ()),
            price_min_idr=data.get("price_min"),
            price_max_idr=data.get("price_max"),
        )
