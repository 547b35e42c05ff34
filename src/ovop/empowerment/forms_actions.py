"""Forms of the action plan and the proposal list: they parse input; the services validate
and write (``services_actions``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ovop.core.forms import CleanTextMixin, DatePicker
from ovop.core.forms_money import MoneyField
from ovop.empowerment.models import (
    Action,
    ActionStatus,
    Cycle,
    Group,
    Person,
    ProposalStatus,
    Support,
)
from ovop.empowerment.selectors_actions import ALL_STATUSES, ProposalFilters
from ovop.empowerment.services_proposals import cycle_members
from ovop.enterprises.form_messages import name_field_errors
from ovop.regions.models import Region

PROGRESS_HELP = _(
    "Done means 100 %; 100 % marks the action done; a planned action with some progress "
    "becomes in progress."
)


class _PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Person) -> str:
        return obj.name


class _PeopleChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name} ({obj.get_gender_display()})"


def _percent_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Percent done"),
        initial=0,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5, "inputmode": "numeric"}),
        help_text=PROGRESS_HELP,
    )


def _check_percent(value: int | None) -> int | None:
    if value is not None and not 0 <= value <= 100:
        raise forms.ValidationError(_("Percent done must be between 0 and 100."))
    return value


class ProgressForm(CleanTextMixin, forms.Form):
    """The quick phone form: status and percent done."""

    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    percent_done = _percent_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_field_errors(self)

    def clean_percent_done(self) -> int | None:
        return _check_percent(self.cleaned_data.get("percent_done"))


class ActionForm(CleanTextMixin, forms.Form):
    title = forms.CharField(label=_("Action"), max_length=200)
    person_in_charge = _PersonChoice(label=_("Person in charge"), queryset=Person.objects.none())
    due_on = forms.DateField(label=_("Due date"), widget=DatePicker())
    cost_idr = MoneyField(
        label=_("Estimated cost (rupiah)"),
        help_text=_("For example 1.500.000 or 1,5 juta; 0 when it costs nothing."),
    )
    support = forms.ChoiceField(
        label=_("Support asked from Disperindag"), choices=Support.choices, initial=Support.NONE
    )
    propose = forms.BooleanField(
        label=_("Propose for next year's plan"),
        required=False,
        help_text=_("The support asked becomes a proposal the budget plan reads."),
    )
    beneficiaries = _PeopleChoice(
        label=_("Beneficiaries"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Who the support is for (only when proposed): every member unless narrowed."),
    )
    group = forms.ModelChoiceField(
        label=_("Group of the proposal"), queryset=Group.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.PLANNED
    )
    percent_done = _percent_field()

    def __init__(self, *args: Any, cycle: Cycle, action: Action | None = None, **kw: Any) -> None:
        data = args[0] if args else kw.get("data")
        if action is not None and data is None:
            kw.setdefault("initial", self.initial_for(action))
        super().__init__(*args, **kw)
        self._setup_choices(cycle, action)
        name_field_errors(self)
        self.fields["cost_idr"].error_messages["required"] = str(
            _("Estimated cost (rupiah) is required.")
        )

    def _setup_choices(self, cycle: Cycle, action: Action | None) -> None:
        members: QuerySet[Person] = cycle_members(cycle)
        kept = Person.objects.none()
        if action is not None:
            kept = Person.objects.filter(pk__in=[action.person_in_charge_id])
            proposal = getattr(action, "proposal", None)
            if proposal is not None:
                kept = kept | proposal.beneficiaries.all()
        people = Person.objects.filter(pk__in=members.values("pk")) | kept
        self._field("person_in_charge").queryset = people.distinct().order_by("name", "id")
        beneficiaries = self._field("beneficiaries")
        beneficiaries.queryset = people.distinct().order_by("name", "id")
        if not self.is_bound and "beneficiaries" not in self.initial:
            self.initial["beneficiaries"] = list(members.values_list("pk", flat=True))
        groups = cycle.groups.order_by("name", "id")
        if len(groups) > 1:
            self._field("group").queryset = groups
        else:
            del self.fields["group"]

    def _field(self, name: str) -> forms.ModelChoiceField:  # type: ignore[type-arg]
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        return field

    def clean_percent_done(self) -> int | None:
        return _check_percent(self.cleaned_data.get("percent_done"))

    @staticmethod
    def initial_for(action: Action) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(action, name)
            for name in ("title", "due_on", "cost_idr", "support", "propose", "status")
        }
        initial["percent_done"] = action.percent_done
        initial["person_in_charge"] = action.person_in_charge_id
        proposal = getattr(action, "proposal", None)
        if proposal is not None:
            initial["beneficiaries"] = list(proposal.beneficiaries.values_list("pk", flat=True))
            initial["group"] = proposal.group_id
        return initial

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned values as the services take them; beneficiaries only when proposing."""
        data = dict(self.cleaned_data)
        proposing = data["support"] != Support.NONE and data["propose"]
        data["beneficiaries"] = list(data["beneficiaries"]) if proposing else None
        data["group"] = data.get("group")
        return data


# --- the proposal list's filters ----------------------------------------------------------------

STATUS_CHOICES = [*ProposalStatus.choices, (ALL_STATUSES, _("All"))]


class ProposalFilterForm(CleanTextMixin, forms.Form):
    year = forms.IntegerField(label=_("Proposed for year"), required=False, min_value=2000)
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"), queryset=Region.objects.none(), required=False, to_field_name="code"
    )
    village = forms.ModelChoiceField(
        label=_("Village"), queryset=Region.objects.none(), required=False, to_field_name="code"
    )
    support = forms.ChoiceField(
        label=_("Kind of support"),
        required=False,
        choices=[("", _("All")), *[c for c in Support.choices if c[0] != Support.NONE]],
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)

    def __init__(
        self, *args: Any, kecamatan: QuerySet[Region], villages: QuerySet[Region], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["year"].widget.attrs["max"] = 2100
        kec, vil = self.fields["kecamatan"], self.fields["village"]
        assert isinstance(kec, forms.ModelChoiceField)
        assert isinstance(vil, forms.ModelChoiceField)
        kec.queryset, vil.queryset = kecamatan, villages
        kec.empty_label = vil.empty_label = str(_("All"))

    def filters(self) -> ProposalFilters:
        """The filters asked for; a value that is not valid is ignored."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return ProposalFilters(
            year=data.get("year"),
            kecamatan=data.get("kecamatan"),
            village=data.get("village"),
            support=data.get("support") or "",
            status=data.get("status") or ProposalStatus.PROPOSED,
        )
