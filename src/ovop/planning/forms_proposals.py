"""Forms of the proposal pages: the list's filters, the village step and the proposal itself.

A proposal's group and IKM come from its village, so the form is built for one village (the
first step picks it, narrowed by kecamatan like the other pages). The cost is not a field: the
service multiplies the unit cost by the units.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ovop.core.forms import CleanTextMixin
from ovop.core.forms_money import MoneyField
from ovop.empowerment.models import Group
from ovop.enterprises.forms import VillageChoiceField
from ovop.enterprises.models import Enterprise
from ovop.enterprises.widgets import VillageSelect, narrow_villages
from ovop.planning.choices import MAX_UNITS, ActivityType, ProposalStatus
from ovop.planning.forms_budget import NUMBER_ATTRS, name_fields, with_reason
from ovop.planning.models import FiscalYear, PriceItem, Proposal, Source
from ovop.planning.selectors_proposals import ProposalFilters
from ovop.planning.services_proposals import ProposalInput, group_counts
from ovop.regions.models import Level, Region

ALL = ("", _("All"))
ALL_STATUSES = "all"


def _villages() -> Any:
    return Region.objects.filter(level=Level.VILLAGE).select_related("parent").order_by("name")


def _kecamatan() -> forms.ModelChoiceField:  # type: ignore[type-arg]
    return forms.ModelChoiceField(
        label=_("Kecamatan"),
        queryset=Region.objects.filter(level=Level.KECAMATAN).order_by("name"),
        to_field_name="code",
        required=False,
    )


class ProposalFilterForm(CleanTextMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput({"type": "search"}),
    )
    kecamatan = _kecamatan()
    village = VillageChoiceField(
        label=_("Village"),
        queryset=_villages(),
        to_field_name="code",
        required=False,
        widget=VillageSelect,
    )
    activity_type = forms.ChoiceField(
        label=_("Activity type"), choices=[ALL, *ActivityType.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[*ProposalStatus.choices, (ALL_STATUSES, _("All"))],
        required=False,
    )
    source = forms.ModelChoiceField(
        label=_("May be funded by"), queryset=Source.objects.none(), required=False
    )
    mandatory = forms.ChoiceField(
        label=_("Mandatory"),
        choices=[ALL, ("yes", _("Mandatory only")), ("no", _("Not mandatory"))],
        required=False,
    )

    def __init__(self, *args: Any, year: FiscalYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source = self.fields["source"]
        assert isinstance(source, forms.ModelChoiceField)
        source.queryset = Source.objects.filter(fiscal_year=year).order_by("kind", "name")
        narrow_villages(self)
        name_fields(self)

    def filters(self) -> ProposalFilters:
        data = getattr(self, "cleaned_data", {})
        status = data.get("status") or ProposalStatus.PROPOSED
        mandatory = {"yes": True, "no": False}.get(data.get("mandatory") or "")
        return ProposalFilters(
            kecamatan=data.get("kecamatan"),
            village=data.get("village"),
            activity_type=data.get("activity_type") or "",
            status="" if status == ALL_STATUSES else status,
            source=data.get("source"),
            mandatory=mandatory,
            q=data.get("q") or "",
        )


class VillagePickForm(CleanTextMixin, forms.Form):
    """The first step of a new proposal (or of moving one): its village."""

    kecamatan = _kecamatan()
    village = VillageChoiceField(
        label=_("Village"), queryset=_villages(), to_field_name="code", widget=VillageSelect
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        narrow_villages(self)
        name_fields(self)


class _EnterpriseChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Enterprise) -> str:
        return f"{obj.name} — {obj.owner_name}"


class _PriceChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: PriceItem) -> str:
        cost = f"{obj.unit_cost_idr:,}".replace(",", ".")
        return f"{obj.code} {obj.name} — Rp {cost} / {obj.unit}"


class ProposalForm(CleanTextMixin, forms.Form):
    title = forms.CharField(label=_("Activity"), max_length=200)
    activity_type = forms.ChoiceField(label=_("Activity type"), choices=ActivityType.choices)
    group = forms.ModelChoiceField(label=_("Group"), queryset=Group.objects.none(), required=False)
    enterprises = _EnterpriseChoice(
        label=_("IKM beneficiaries"),
        queryset=Enterprise.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    counts_from_group = forms.BooleanField(
        label=_("Count the group's members as the beneficiaries"), required=False
    )
    beneficiaries_female = forms.IntegerField(
        label=_("Female beneficiaries"),
        required=False,
        min_value=0,
        max_value=100_000,
        initial=0,
        widget=forms.NumberInput(NUMBER_ATTRS),
        help_text=_("Type the counts, or tick the box above to count the group's members."),
    )
    beneficiaries_male = forms.IntegerField(
        label=_("Male beneficiaries"),
        required=False,
        min_value=0,
        max_value=100_000,
        initial=0,
        widget=forms.NumberInput(NUMBER_ATTRS),
    )
    price_item = _PriceChoice(
        label=_("Price list item"), queryset=PriceItem.objects.none(), required=False
    )
    unit_cost_idr = MoneyField(
        label=_("Unit cost (rupiah)"),
        required=False,
        help_text=_("Empty: the price list item's unit cost."),
    )
    units = forms.IntegerField(
        label=_("Units"),
        min_value=1,
        max_value=MAX_UNITS,
        initial=1,
        widget=forms.NumberInput(NUMBER_ATTRS),
    )
    mandatory = forms.BooleanField(
        label=_("Mandatory"), required=False, help_text=_("Every plan must fund it.")
    )
    requires = forms.ModelMultipleChoiceField(
        label=_("Depends on"),
        queryset=Proposal.objects.none(),
        required=False,
        help_text=_("Other proposals of the year it cannot go without."),
    )
    allowed_sources = forms.ModelMultipleChoiceField(
        label=_("Sources that may fund it"),
        queryset=Source.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every source whose rules allow it."),
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea({"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        year: FiscalYear,
        village: Region,
        proposal: Proposal | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.village = village
        self._narrow(year, village, proposal)
        with_reason(self, year)
        name_fields(self)

    def _narrow(self, year: FiscalYear, village: Region, proposal: Proposal | None) -> None:
        groups = Group.objects.filter(village=village, archived_at__isnull=True)
        others = Proposal.objects.filter(fiscal_year=year)
        if proposal is not None:
            others = others.exclude(pk=proposal.pk)
        querysets: dict[str, Any] = {
            "group": groups,
            "enterprises": Enterprise.objects.filter(village=village, archived_at__isnull=True),
            "price_item": PriceItem.objects.filter(fiscal_year=year, archived_at__isnull=True),
            "requires": others.select_related("village").order_by("village__name", "title"),
            "allowed_sources": Source.objects.filter(fiscal_year=year, archived_at__isnull=True),
        }
        for name, queryset in querysets.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
        counts = [(g, *group_counts(g)) for g in groups.order_by("name")]
        if counts:
            self.fields["counts_from_group"].help_text = "; ".join(
                gettext("%(group)s: %(female)s women, %(male)s men")
                % {"group": g.name, "female": f, "male": m}
                for g, f, m in counts
            )

    @classmethod
    def initial_for(cls, proposal: Proposal) -> dict[str, Any]:
        return {
            "title": proposal.title,
            "activity_type": proposal.activity_type,
            "group": proposal.group_id,
            "enterprises": [e.pk for e in proposal.enterprises.all()],
            "beneficiaries_female": proposal.beneficiaries_female,
            "beneficiaries_male": proposal.beneficiaries_male,
            "price_item": proposal.price_item_id,
            "unit_cost_idr": proposal.unit_cost_idr,
            "units": proposal.units,
            "mandatory": proposal.mandatory,
            "requires": [p.pk for p in proposal.requires.all()],
            "allowed_sources": [s.pk for s in proposal.allowed_sources.all()],
            "notes": proposal.notes,
        }

    def to_input(self) -> ProposalInput:
        data = self.cleaned_data
        return ProposalInput(
            title=data["title"],
            activity_type=data["activity_type"],
            village=self.village,
            group=data.get("group"),
            enterprises=list(data.get("enterprises") or []),
            beneficiaries_female=data.get("beneficiaries_female") or 0,
            beneficiaries_male=data.get("beneficiaries_male") or 0,
            counts_from_group=bool(data.get("counts_from_group")),
            price_item=data.get("price_item"),
            unit_cost_idr=data.get("unit_cost_idr"),
            units=data["units"],
            mandatory=bool(data.get("mandatory")),
            requires=list(data.get("requires") or []),
            allowed_sources=list(data.get("allowed_sources") or []),
            notes=data.get("notes") or "",
        )
