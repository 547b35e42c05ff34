"""Forms of the activity pages: the list's filters, an activity added by hand, rescheduling
and progress; and the correction reason an administrator gives on a closed year."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from ovop.accounts.models import User
from ovop.core.forms import CleanTextMixin, DatePicker
from ovop.core.forms_money import MoneyField
from ovop.empowerment.models import Group
from ovop.planning.choices import ActivityStatus, ActivityType
from ovop.planning.guard import MAX_REASON
from ovop.planning.models import FiscalYear, Source
from ovop.planning.selectors_activities import ActivityFilters, activities_for
from ovop.regions.models import Level, Region

CORRECTION = "reason"


def add_correction(form: forms.BaseForm, year: FiscalYear) -> None:
    """On a closed year, the form asks for the reason of the administrator's correction
    (kept as the history row's change reason); on an open year it asks nothing."""
    if year.is_closed:
        form.fields[CORRECTION] = forms.CharField(
            label=gettext_lazy("Reason for the correction"),
            max_length=MAX_REASON,
            required=False,
            help_text=gettext_lazy(
                "The year is closed: only an administrator may correct it, giving a reason."
            ),
        )


def correction(form: forms.BaseForm) -> str:
    """The ``reason`` argument of a service call: the form's correction reason, if any."""
    return str(form.cleaned_data.get(CORRECTION) or "")


class ActivityFilterForm(CleanTextMixin, forms.Form):
    year = forms.ModelChoiceField(
        label=gettext_lazy("Fiscal year"),
        queryset=FiscalYear.objects.order_by("-year"),
        to_field_name="year",
        required=False,
    )
    kecamatan = forms.ModelChoiceField(
        label=gettext_lazy("Kecamatan"), queryset=Region.objects.none(), required=False
    )
    village = forms.ModelChoiceField(
        label=gettext_lazy("Village"), queryset=Region.objects.none(), required=False
    )
    activity_type = forms.ChoiceField(
        label=gettext_lazy("Activity type"),
        choices=[("", gettext_lazy("All types")), *ActivityType.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("Every status")), *ActivityStatus.choices],
        required=False,
    )
    source = forms.ModelChoiceField(
        label=gettext_lazy("Funded by"), queryset=Source.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, year: FiscalYear | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        villages = activities_for(user).values("village")
        village_field = self.fields["village"]
        kecamatan_field = self.fields["kecamatan"]
        source_field = self.fields["source"]
        assert isinstance(village_field, forms.ModelChoiceField)
        assert isinstance(kecamatan_field, forms.ModelChoiceField)
        assert isinstance(source_field, forms.ModelChoiceField)
        village_field.queryset = Region.objects.filter(pk__in=villages).order_by("name")
        kecamatan_field.queryset = (
            Region.objects.filter(level=Level.KECAMATAN, children__in=villages)
            .distinct()
            .order_by("name")
        )
        source_field.queryset = (
            Source.objects.filter(fiscal_year=year) if year else Source.objects.none()
        )

    def filters(self, year: FiscalYear | None) -> ActivityFilters:
        """The filters that parsed (one that did not is ignored and shows its message)."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        kecamatan, village, source = data.get("kecamatan"), data.get("village"), data.get("source")
        return ActivityFilters(
            year=year,
            kecamatan_id=kecamatan.pk if kecamatan else None,
            village_id=village.pk if village else None,
            activity_type=data.get("activity_type") or "",
            status=data.get("status") or "",
            source_id=source.pk if source else None,
        )


class ActivityForm(CleanTextMixin, forms.Form):
    """An activity outside the plan, added by a planner."""

    title = forms.CharField(label=gettext_lazy("Activity"), max_length=200)
    activity_type = forms.ChoiceField(
        label=gettext_lazy("Activity type"), choices=ActivityType.choices
    )
    village = forms.ModelChoiceField(
        label=gettext_lazy("Village"),
        queryset=Region.objects.filter(level=Level.VILLAGE).select_related("parent"),
    )
    group = forms.ModelChoiceField(
        label=gettext_lazy("Group"),
        queryset=Group.objects.filter(archived_at__isnull=True),
        required=False,
        help_text=gettext_lazy("Optional: a group of that village."),
    )
    source = forms.ModelChoiceField(label=gettext_lazy("Funded by"), queryset=Source.objects.none())
    planned_cost_idr = MoneyField(
        label=gettext_lazy("Planned cost (rupiah)"),
        help_text=gettext_lazy("For example Rp 15.000.000 or 15 juta."),
    )
    starts_on = forms.DateField(label=gettext_lazy("Starts on"), widget=DatePicker())
    ends_on = forms.DateField(label=gettext_lazy("Ends on"), widget=DatePicker())

    def __init__(self, *args: Any, year: FiscalYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source_field = self.fields["source"]
        assert isinstance(source_field, forms.ModelChoiceField)
        source_field.queryset = Source.objects.filter(fiscal_year=year, archived_at__isnull=True)
        add_correction(self, year)


class ActivityEditForm(CleanTextMixin, forms.Form):
    """Schedule, status (cancelling has its own confirmed step) and physical progress."""

    starts_on = forms.DateField(label=gettext_lazy("Starts on"), widget=DatePicker())
    ends_on = forms.DateField(label=gettext_lazy("Ends on"), widget=DatePicker())
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[c for c in ActivityStatus.choices if c[0] != ActivityStatus.CANCELLED],
    )
    progress_pct = forms.IntegerField(
        label=gettext_lazy("Physical progress (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, year: FiscalYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_correction(self, year)
