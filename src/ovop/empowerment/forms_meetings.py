"""Forms of the meeting pages: they parse what was typed or ticked; the services validate the
rest and write. Every message names its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.accounts.models import User
from ovop.core.forms import CleanTextMixin, DatePicker
from ovop.empowerment import scope, selectors_meetings
from ovop.empowerment.choices import Gender
from ovop.empowerment.models import Group, Person
from ovop.empowerment.models_cycle import Cycle, Stage
from ovop.empowerment.models_meetings import Meeting, MeetingStatus
from ovop.empowerment.selectors_meetings import MeetingFilters
from ovop.empowerment.services_meeting_checks import GuestInput
from ovop.enterprises.form_messages import name_field_errors
from ovop.regions.models import Region

SHEET_ACCEPT = "image/*,application/pdf,.pdf"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (``multiple``); the list of those sent, maybe empty."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(one, initial) for one in files if one]


class _VillageChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.name} ({obj.parent.name})" if obj.parent else obj.name


class _GroupChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Group) -> str:
        return f"{obj.name} · {obj.village.name}"


class _CycleChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Cycle) -> str:
        return _("%(village)s — cycle %(number)s (%(year)s), stage %(stage)s") % {
            "village": obj.village.name,
            "number": obj.number,
            "year": obj.year,
            "stage": obj.stage,
        }


class MeetingPlanForm(CleanTextMixin, forms.Form):
    village = _VillageChoice(label=gettext_lazy("Village"), queryset=Region.objects.none())
    groups = _GroupChoice(
        label=gettext_lazy("Groups"),
        queryset=Group.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "big-ticks"}),
    )
    cycle = _CycleChoice(
        label=gettext_lazy("Cycle"),
        queryset=Cycle.objects.none(),
        required=False,
        help_text=gettext_lazy("The open empowerment cycle this meeting works on, if any."),
    )
    stage = forms.TypedChoiceField(
        label=gettext_lazy("Stage worked on"),
        choices=[("", gettext_lazy("The cycle's current stage")), *Stage.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    held_on = forms.DateField(label=gettext_lazy("Date"), widget=DatePicker())
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200)
    facilitator = forms.ModelChoiceField(
        label=gettext_lazy("Facilitator"), queryset=User.objects.none(), required=False
    )
    agenda = forms.CharField(
        label=gettext_lazy("Agenda"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args: Any, user: User, village: Region | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choice_querysets(user, village)
        name_field_errors(self)
        self.fields["groups"].error_messages["invalid_choice"] = _(
            "Groups: choose groups of the village chosen."
        )
        self.fields["cycle"].error_messages["invalid_choice"] = _(
            "Cycle: choose an open cycle of the village chosen."
        )

    def _choice_querysets(self, user: User, village: Region | None) -> None:
        fields = self.fields
        fields["village"].queryset = scope.villages_for_new_records(user).select_related("parent")  # type: ignore[attr-defined]
        fields["groups"].queryset = selectors_meetings.groups_for_new_meetings(  # type: ignore[attr-defined]
            user=user, village=village
        )
        fields["cycle"].queryset = selectors_meetings.cycles_for_new_meetings(  # type: ignore[attr-defined]
            user=user, village=village
        )
        fields["facilitator"].queryset = selectors_meetings.facilitators_for(  # type: ignore[attr-defined]
            village=village, user=user
        )

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict[str, Any]:
        return {
            "village": meeting.village_id,
            "groups": list(meeting.groups.values_list("pk", flat=True)),
            "cycle": meeting.cycle_id,
            "stage": meeting.stage,
            "held_on": meeting.held_on,
            "place": meeting.place,
            "facilitator": meeting.facilitator_id,
            "agenda": meeting.agenda,
        }

    def service_kwargs(self) -> dict[str, Any]:
        """What the plan and update services take (the village apart)."""
        data = self.cleaned_data
        return {
            "groups": list(data["groups"]),
            "cycle": data["cycle"],
            "stage": data["stage"],
            "held_on": data["held_on"],
            "place": data["place"],
            "agenda": data["agenda"],
            "facilitator": data["facilitator"],
        }


class _MemberTicks(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Person) -> str:
        gender = _("F") if obj.gender == Gender.FEMALE else _("M")
        born = f", {obj.birth_year}" if obj.birth_year else ""
        return f"{obj.name} ({gender}{born})"


class MeetingRecordForm(CleanTextMixin, forms.Form):
    held_on = forms.DateField(
        label=gettext_lazy("Date held"),
        widget=DatePicker(),
        help_text=gettext_lazy("The day it was held: today or earlier."),
    )
    minutes = forms.CharField(
        label=gettext_lazy("Minutes"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("What was discussed and decided."),
    )
    present = _MemberTicks(
        label=gettext_lazy("Members present"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "big-ticks"}),
    )
    attendance_sheet = forms.FileField(
        label=gettext_lazy("Signed attendance sheet"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": SHEET_ACCEPT}),
        help_text=gettext_lazy("A photo (JPEG, PNG, WebP) or a PDF scan, at most 5 MB."),
    )
    photos = MultipleFileField(
        label=gettext_lazy("Photos"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        help_text=gettext_lazy("JPEG, PNG or WebP, at most 5 MB each; several may be chosen."),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        present = self.fields["present"]
        assert isinstance(present, forms.ModelMultipleChoiceField)
        present.queryset = selectors_meetings.meeting_members(meeting=meeting)
        name_field_errors(self)
        present.error_messages["invalid_choice"] = _(
            "Members present: someone ticked is not an active member of this meeting's groups; "
            "nothing was saved."
        )
        present.error_messages["invalid_pk_value"] = present.error_messages["invalid_choice"]
        for name in ("attendance_sheet", "photos"):
            label = str(self.fields[name].label)
            self.fields[name].error_messages["empty"] = _("%(field)s: the file is empty.") % {
                "field": label
            }
            self.fields[name].error_messages["invalid"] = _(
                "%(field)s: no file was sent; check the form's encoding."
            ) % {"field": label}


class GuestForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("Guest's name"), max_length=120, required=False)
    gender = forms.ChoiceField(
        label=gettext_lazy("Gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    birth_year = forms.IntegerField(label=gettext_lazy("Year of birth"), required=False)
    affiliation = forms.CharField(
        label=gettext_lazy("From (village, office, partner)"), max_length=160, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        row = self.prefix.rsplit("-", 1)[-1] if self.prefix else "0"
        self.row = int(row) + 1 if row.isdigit() else 1
        where = _("Guests, row %(row)s") % {"row": self.row}
        self.fields["birth_year"].error_messages["invalid"] = _(
            "%(where)s: the year of birth must be a whole number."
        ) % {"where": where}
        self.fields["gender"].error_messages["invalid_choice"] = _(
            "%(where)s: choose female or male."
        ) % {"where": where}
        self.fields["birth_year"].widget.attrs.update({"min": 1900, "inputmode": "numeric"})

    def guest(self) -> GuestInput:
        data = self.cleaned_data
        return GuestInput(
            name=data["name"],
            gender=data["gender"],
            birth_year=data["birth_year"],
            affiliation=data["affiliation"],
        )


class GuestFormSetBase(forms.BaseFormSet):  # type: ignore[type-arg]
    def guests(self) -> list[GuestInput]:
        """The guests filled in, in order (rows left blank or ticked "remove" are dropped)."""
        return [
            form.guest()
            for form in self.forms
            if form.has_changed()
            and not form.cleaned_data.get("DELETE")
            and any(
                form.cleaned_data.get(k) for k in ("name", "gender", "birth_year", "affiliation")
            )
        ]


GuestFormSet = forms.formset_factory(
    GuestForm, formset=GuestFormSetBase, extra=3, can_delete=True, max_num=200, absolute_max=200
)


def guest_initial(meeting: Meeting) -> list[dict[str, Any]]:
    return [
        {
            "name": g.name,
            "gender": g.gender,
            "birth_year": g.birth_year,
            "affiliation": g.affiliation,
        }
        for g in meeting.guests.order_by("id")
    ]


class MeetingPhotoForm(CleanTextMixin, forms.Form):
    image = forms.FileField(
        label=gettext_lazy("Photo"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        help_text=gettext_lazy("JPEG, PNG or WebP, at most 5 MB."),
    )
    caption = forms.CharField(label=gettext_lazy("Caption"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_field_errors(self)


class MeetingSheetForm(CleanTextMixin, forms.Form):
    document = forms.FileField(
        label=gettext_lazy("Signed attendance sheet"),
        widget=forms.ClearableFileInput(attrs={"accept": SHEET_ACCEPT}),
        help_text=gettext_lazy("A photo (JPEG, PNG, WebP) or a PDF scan, at most 5 MB."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_field_errors(self)


class MeetingFilterForm(CleanTextMixin, forms.Form):
    village = forms.ModelChoiceField(
        label=gettext_lazy("Village"), queryset=Region.objects.none(), required=False
    )
    group = forms.ModelChoiceField(
        label=gettext_lazy("Group"), queryset=Group.objects.none(), required=False
    )
    cycle = forms.ModelChoiceField(
        label=gettext_lazy("Cycle"), queryset=Cycle.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("Planned and held")), *MeetingStatus.choices],
        required=False,
    )
    date_from = forms.DateField(label=gettext_lazy("From"), widget=DatePicker(), required=False)
    date_to = forms.DateField(label=gettext_lazy("Until"), widget=DatePicker(), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in selectors_meetings.filter_choices(user=user).items():
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]
        name_field_errors(self)

    def filters(self) -> MeetingFilters:
        """The filters that parsed (one that did not is ignored and shows its message)."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return MeetingFilters(
            village=data.get("village"),
            group=data.get("group"),
            cycle=data.get("cycle"),
            status=data.get("status") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
