"""Forms of the group, member, people and theme pages: they parse; the services decide.

Every message names its field, because it may reach the user away from its input.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ovop.accounts.models import User
from ovop.core.forms import CleanTextMixin
from ovop.empowerment import scope
from ovop.empowerment.choices import Gender
from ovop.empowerment.models import Group, GroupKind, MemberRole, Membership, Person
from ovop.empowerment.selectors_groups import (
    ACTIVE,
    ALL,
    ARCHIVED,
    GroupFilters,
    enterprises_of_village,
    people_of_village,
)
from ovop.enterprises.forms import VillageChoiceField
from ovop.enterprises.models import Enterprise
from ovop.enterprises.widgets import VillageSelect, narrow_villages
from ovop.regions.models import Level, Region

ALL_LABEL = _("All")
YEAR_ATTRS = {"inputmode": "numeric", "autocomplete": "off"}


def _year(label: Any, *, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=1900,
        max_value=2100,
        widget=forms.NumberInput(attrs=YEAR_ATTRS),
    )


def field_messages(form: forms.BaseForm) -> None:
    """Messages naming the field (in the language of the request): a required field left
    empty, a choice not offered, a year that is not one."""
    for name, field in form.fields.items():
        label = {"label": str(field.label or name)}
        messages = field.error_messages
        messages["required"] = gettext("%(label)s: this field is required.") % label
        messages["invalid_choice"] = (
            gettext("%(label)s: choose one of the options offered.") % label
        )
        if isinstance(field, forms.IntegerField):
            messages["invalid"] = (
                gettext("%(label)s: type a year of four digits, such as 1985.") % label
            )
            low = {**label, "year": field.min_value}
            high = {**label, "year": field.max_value}
            messages["min_value"] = gettext("%(label)s: the year must be %(year)s or later.") % low
            messages["max_value"] = (
                gettext("%(label)s: the year must be %(year)s or earlier.") % high
            )


class GroupFilterForm(CleanTextMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kecamatan = forms.ModelChoiceField(
        queryset=Region.objects.filter(level=Level.KECAMATAN).order_by("name"),
        to_field_name="code",
        required=False,
        label=_("Kecamatan"),
        empty_label=ALL_LABEL,
    )
    village = VillageChoiceField(
        queryset=Region.objects.filter(level=Level.VILLAGE)
        .select_related("parent")
        .order_by("name"),
        to_field_name="code",
        required=False,
        label=_("Village"),
        empty_label=ALL_LABEL,
        widget=VillageSelect,
    )
    kind = forms.ChoiceField(
        label=_("Kind of group"), required=False, choices=[("", ALL_LABEL), *GroupKind.choices]
    )
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(ACTIVE, _("Active")), (ARCHIVED, _("Archived")), (ALL, ALL_LABEL)],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        narrow_villages(self)

    def filters(self) -> GroupFilters:
        """The filters asked for; call after is_valid() (invalid values are dropped)."""
        data = getattr(self, "cleaned_data", {})
        return GroupFilters(
            q=data.get("q") or "",
            kecamatan=data.get("kecamatan"),
            village=data.get("village"),
            kind=data.get("kind") or "",
            active=data.get("active") or ACTIVE,
        )


class GroupForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Group name"), max_length=160)
    kind = forms.ChoiceField(label=_("Kind of group"), choices=GroupKind.choices)
    village = VillageChoiceField(label=_("Village"), queryset=Region.objects.none())
    founded_year = _year(_("Year founded"))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        village = self.fields["village"]
        assert isinstance(village, forms.ModelChoiceField)
        village.queryset = scope.villages_for_new_records(user).select_related("parent")
        field_messages(self)
        village.error_messages["invalid_choice"] = gettext(
            "Village: choose one of the villages offered."
        )

    @classmethod
    def initial_for(cls, group: Group) -> dict[str, Any]:
        return {
            "name": group.name,
            "kind": group.kind,
            "village": group.village_id,
            "founded_year": group.founded_year,
            "note": group.note,
        }


class _PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Person) -> str:
        born = f", {obj.birth_year}" if obj.birth_year else ""
        return f"{obj.name} ({obj.get_gender_display()}{born})"


class _EnterpriseChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Enterprise) -> str:
        return f"{obj.name} — {obj.owner_name}"


class MemberAddForm(CleanTextMixin, forms.Form):
    """Three ways to add a member on one form: a person of the village, an IKM of the
    village (its owner), or a new person typed in. The service checks that exactly one is
    given, and which village each belongs to."""

    person = _PersonChoice(
        label=_("A person already recorded in the village"),
        queryset=Person.objects.none(),
        required=False,
    )
    enterprise = _EnterpriseChoice(
        label=_("Or the owner of an IKM of the village"),
        queryset=Enterprise.objects.none(),
        required=False,
        help_text=_("The owner's name is taken from the registry."),
    )
    name = forms.CharField(label=_("Or a new person: name"), required=False, max_length=120)
    gender = forms.ChoiceField(
        label=_("Gender"),
        required=False,
        choices=[("", _("— choose —")), *Gender.choices],
        help_text=_("Needed for a new person, and for an IKM owner not recorded yet."),
    )
    birth_year = _year(_("Year of birth"))
    role = forms.ChoiceField(
        label=_("Role in the group"), choices=MemberRole.choices, initial=MemberRole.MEMBER
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person, enterprise = self.fields["person"], self.fields["enterprise"]
        assert isinstance(person, forms.ModelChoiceField)
        assert isinstance(enterprise, forms.ModelChoiceField)
        person.queryset = people_of_village(village_id=group.village_id)
        enterprise.queryset = enterprises_of_village(village_id=group.village_id)
        field_messages(self)
        person.error_messages["invalid_choice"] = gettext(
            "Person: choose one of the people of %(village)s."
        ) % {"village": group.village.name}
        enterprise.error_messages["invalid_choice"] = gettext(
            "IKM: choose one of the IKM of %(village)s."
        ) % {"village": group.village.name}


class MembershipForm(CleanTextMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role in the group"), choices=MemberRole.choices)
    joined_year = _year(_("Joined in"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_messages(self)

    @classmethod
    def initial_for(cls, membership: Membership) -> dict[str, Any]:
        return {"role": membership.role, "joined_year": membership.joined_year}


class PersonForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    birth_year = _year(_("Year of birth"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_messages(self)

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        return {"name": person.name, "gender": person.gender, "birth_year": person.birth_year}


class ThemeForm(CleanTextMixin, forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Lower-case letters, digits and hyphens, such as “raw-material”."),
    )
    name_id = forms.CharField(label=_("Name (Indonesian)"), max_length=80)
    name_en = forms.CharField(label=_("Name (English)"), max_length=80)

    def __init__(self, *args: Any, renaming: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if renaming:
            del self.fields["code"]
        field_messages(self)
        if "code" in self.fields:
            self.fields["code"].error_messages["invalid"] = gettext(
                "Code: use lower-case letters, digits and hyphens only, such as “raw-material”."
            )
