"""Forms of the fiscal year, source and price list pages: they parse; the services decide.

Every message names its field. A form for a record of a closed year asks an administrator for
the reason of the correction (``with_reason``); the service refuses anyone else.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ovop.core.forms import CleanTextMixin
from ovop.core.forms_money import MoneyField
from ovop.enterprises.forms import VillageChoiceField
from ovop.enterprises.widgets import VillageSelect, narrow_villages
from ovop.planning.choices import ActivityType, SourceKind
from ovop.planning.guard import MAX_REASON
from ovop.planning.models import FiscalYear, PriceItem, Source
from ovop.planning.selectors_budget import ACTIVE, ALL, ARCHIVED
from ovop.regions.models import Level, Region

STATUS_CHOICES = [(ACTIVE, _("Active")), (ARCHIVED, _("Archived")), (ALL, _("All"))]
NUMBER_ATTRS = {"inputmode": "numeric", "autocomplete": "off"}


def name_fields(form: forms.BaseForm) -> None:
    """Messages naming the field, in the request's language."""
    for name, field in form.fields.items():
        label = {"label": str(field.label or name)}
        field.error_messages["required"] = gettext("%(label)s: this field is required.") % label
        field.error_messages["invalid_choice"] = (
            gettext("%(label)s: choose one of the options offered.") % label
        )
        if isinstance(field, forms.IntegerField):
            field.error_messages["invalid"] = gettext("%(label)s: type a whole number.") % label
            low = {**label, "limit": field.min_value}
            high = {**label, "limit": field.max_value}
            field.error_messages["min_value"] = gettext("%(label)s: at least %(limit)s.") % low
            field.error_messages["max_value"] = gettext("%(label)s: at most %(limit)s.") % high


def with_reason(form: forms.BaseForm, year: FiscalYear | None) -> None:
    """Add the correction's reason to ``form`` when ``year`` is closed."""
    if year is not None and year.is_closed:
        form.fields["reason"] = forms.CharField(
            label=_("Reason for the correction"),
            max_length=MAX_REASON,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("The year is closed: only an administrator may correct it, with a reason."),
        )


class YearOpenForm(CleanTextMixin, forms.Form):
    year = forms.IntegerField(
        label=_("Fiscal year"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(NUMBER_ATTRS),
    )
    copy_previous = forms.BooleanField(
        label=_("Copy the sources and price list of the previous year"),
        required=False,
        initial=True,
        help_text=_("Names, kinds, rules, ceilings and unit costs; edit them afterwards."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_fields(self)


def _weight(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=0, max_value=100, widget=forms.NumberInput(NUMBER_ATTRS)
    )


class WeightsForm(CleanTextMixin, forms.Form):
    weight_beneficiaries = _weight(_("Weight: beneficiaries"))
    weight_priority = _weight(_("Weight: priority of the village's product"))
    weight_stars = _weight(_("Weight: star level"))
    weight_stage = _weight(_("Weight: stage reached in the cycle"))
    weight_demand = _weight(_("Weight: demand for the village's products"))

    def __init__(self, *args: Any, year: FiscalYear, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {n: getattr(year, n) for n in self.base_fields})
        super().__init__(*args, **kwargs)
        with_reason(self, year)
        name_fields(self)


class SourceForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of source"), choices=SourceKind.choices)
    name = forms.CharField(label=_("Name"), max_length=120)
    ceiling_idr = MoneyField(label=_("Ceiling (rupiah)"))
    allowed_types = forms.MultipleChoiceField(
        label=_("Activity types it may pay for"),
        choices=ActivityType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any type. A new source starts from its kind's default."),
    )
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"),
        queryset=Region.objects.filter(level=Level.KECAMATAN).order_by("name"),
        to_field_name="code",
        required=False,
    )
    village = VillageChoiceField(
        label=_("Only in village"),
        queryset=Region.objects.filter(level=Level.VILLAGE).select_related("parent"),
        required=False,
        widget=VillageSelect,
        help_text=_("Required for Dana Desa: it pays only for activities in its village."),
    )
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)

    def __init__(self, *args: Any, year: FiscalYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        narrow_villages(self)
        with_reason(self, year)
        name_fields(self)
        self.fields["ceiling_idr"].error_messages["required"] = gettext(
            "Ceiling (rupiah): give the amount, such as 750.000.000 or 750 juta."
        )

    @classmethod
    def initial_for(cls, source: Source) -> dict[str, Any]:
        return {
            "kind": source.kind,
            "name": source.name,
            "ceiling_idr": source.ceiling_idr,
            "allowed_types": list(source.allowed_types),
            "village": source.village_id,
            "notes": source.notes,
        }

    def service_kwargs(self, *, new: bool) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("kecamatan", None)
        if new and "allowed_types" not in self.data:
            data["allowed_types"] = None  # nothing ticked on a new source: its kind's default
        return data


class PriceItemForm(CleanTextMixin, forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Item"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=40, help_text=_("e.g. person-day, package"))
    unit_cost_idr = MoneyField(label=_("Unit cost (rupiah)"))
    activity_type = forms.ChoiceField(
        label=_("Activity type"), choices=[("", _("Any")), *ActivityType.choices], required=False
    )

    def __init__(self, *args: Any, year: FiscalYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        with_reason(self, year)
        name_fields(self)

    @classmethod
    def initial_for(cls, item: PriceItem) -> dict[str, Any]:
        return {
            "code": item.code,
            "name": item.name,
            "unit": item.unit,
            "unit_cost_idr": item.unit_cost_idr,
            "activity_type": item.activity_type,
        }


class PriceSearchForm(CleanTextMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput({"type": "search"}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)

    def values(self) -> tuple[str, str]:
        data = getattr(self, "cleaned_data", {})
        return data.get("q") or "", data.get("status") or ACTIVE


class SourceFilterForm(CleanTextMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)


class PriceImportForm(CleanTextMixin, forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=_(
            "First row: code, item, unit, unit cost, activity type. Unit costs like "
            "Rp 150.000 or 1,5 juta. Nothing is saved unless every row is right."
        ),
    )

    def __init__(self, *args: Any, year: FiscalYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        with_reason(self, year)
        name_fields(self)
