"""Forms of the cycle pages: they parse input only; the services validate and write.

One column on a phone: each form is a list of fields, checkboxes and radios stacked.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ovop.core.forms import CleanTextMixin
from ovop.empowerment import selectors_cycles as selectors
from ovop.empowerment.models import (
    Cycle,
    CycleStatus,
    Experience,
    ExperienceKind,
    Group,
    Meeting,
    Person,
    PowerBaseKind,
    ProblemKind,
    Stage,
    Theme,
)
from ovop.selection.models import SelectionRound


class CycleFilterForm(CleanTextMixin, forms.Form):
    q = forms.CharField(label=_("Village or group contains"), required=False, max_length=100)
    stage = forms.TypedChoiceField(
        label=_("Stage"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All stages")), *Stage.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *CycleStatus.choices]
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


class _GroupChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Group) -> str:
        return f"{obj.village.name} · {obj.name}"


class CycleOpenForm(CleanTextMixin, forms.Form):
    groups = _GroupChoice(
        label=_("Groups"),
        queryset=Group.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One group, or several groups of the same village working together."),
        error_messages={
            "required": _("Groups: choose at least one group of the village."),
            "invalid_choice": _("Groups: %(value)s is not a group you can open a cycle for."),
        },
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = self.fields["groups"]
        assert isinstance(groups, forms.ModelMultipleChoiceField)
        groups.queryset = selectors.groups_for_new_cycle(user=user)


class CycleBackForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why go back a stage?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the cycle's log of stage changes, with your name."),
    )


class CycleCloseForm(CleanTextMixin, forms.Form):
    achievements = forms.CharField(
        label=_("What was achieved"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    next_year = forms.IntegerField(
        label=_("Year of the next cycle"),
        min_value=2000,
        max_value=2100,
        help_text=_("The next cycle opens at stage 1 with the same groups."),
    )


def _meeting_field() -> forms.ModelChoiceField:  # type: ignore[type-arg]
    return forms.ModelChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Meeting: choose a meeting of this cycle.")},
    )


class _CycleForm(CleanTextMixin, forms.Form):
    """A form about one cycle's content: its choice lists are the cycle's."""

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        meeting = self.fields.get("meeting")
        if isinstance(meeting, forms.ModelChoiceField):
            meeting.queryset = selectors.cycle_meetings(cycle)


class ExperienceForm(_CycleForm):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ExperienceKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("What happened"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Themes: %(value)s is not an active theme.")},
    )
    meeting = _meeting_field()

    def __init__(self, *args: Any, cycle: Cycle, kept: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, cycle=cycle, **kwargs)
        themes = self.fields["themes"]
        assert isinstance(themes, forms.ModelMultipleChoiceField)
        kept_ids = [theme.pk for theme in kept]
        themes.queryset = Theme.objects.filter(Q(archived_at__isnull=True) | Q(pk__in=kept_ids))


class ReasonForm(_CycleForm):
    text = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    experiences = forms.ModelMultipleChoiceField(
        label=_("Experiences explained"),
        queryset=Experience.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Experiences explained: choose at least one experience of this cycle."),
            "invalid_choice": _("Experiences explained: choose experiences of this cycle."),
        },
    )
    meeting = _meeting_field()

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, cycle=cycle, **kwargs)
        experiences = self.fields["experiences"]
        assert isinstance(experiences, forms.ModelMultipleChoiceField)
        experiences.queryset = selectors.cycle_experiences(cycle)


class ProblemForm(_CycleForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ProblemKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    votes = forms.IntegerField(label=_("Votes"), min_value=0, initial=0)
    selection_round = forms.ModelChoiceField(
        label=_("Product selection round"),
        queryset=SelectionRound.objects.none(),
        required=False,
        help_text=_("Only when the problem is the choice of the village's product."),
        error_messages={
            "invalid_choice": _("Product selection round: choose a round of this village.")
        },
    )

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, cycle=cycle, **kwargs)
        present = selectors.members_present(cycle)
        votes = self.fields["votes"]
        votes.help_text = _("Members present who voted for it: 0 to %(n)s.") % {"n": present}
        rounds = self.fields["selection_round"]
        assert isinstance(rounds, forms.ModelChoiceField)
        rounds.queryset = selectors.village_selection_rounds(cycle)


class _PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PowerBaseForm(_CycleForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=PowerBaseKind.choices)
    description = forms.CharField(label=_("Description"), max_length=300)
    holder = forms.CharField(
        label=_("Held by"),
        required=False,
        max_length=160,
        help_text=_("A person, office or partner; or choose a member below."),
    )
    holder_person = _PersonChoice(
        label=_("Member who holds it"),
        queryset=Person.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("Member who holds it: choose a member of this cycle's groups.")
        },
    )

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, cycle=cycle, **kwargs)
        person = self.fields["holder_person"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = selectors.cycle_members(cycle)


#: The form of each kind of stage content, by the stage that produces it.
STAGE_FORMS: dict[int, tuple[str, type[_CycleForm]]] = {
    Stage.EXPERIENCES: ("experiences", ExperienceForm),
    Stage.REASONS: ("reasons", ReasonForm),
    Stage.PROBLEM: ("problems", ProblemForm),
    Stage.POWER_BASES: ("power-bases", PowerBaseForm),
}


def stage_forms(cycle: Cycle) -> dict[int, _CycleForm]:
    """Empty forms to add content to each stage ``cycle`` has reached, by stage."""
    return {
        stage: form_class(cycle=cycle, auto_id=f"id_s{stage}_%s")
        for stage, (_slug, form_class) in STAGE_FORMS.items()
        if cycle.stage >= stage
    }
