"""The query parameters of the empowerment API's lists, read and bounded by Django forms
(``ovop.core.api_params.form_parameters`` describes them in the schema from these forms).

A value a form refuses answers 400 naming the parameter; an empty value means "all".
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ovop.core.forms import CleanTextMixin
from ovop.empowerment.models import GroupKind
from ovop.empowerment.models_actions import ActionStatus, ProposalStatus, Support
from ovop.empowerment.models_cycle import CycleStatus, Stage
from ovop.empowerment.models_meetings import MeetingStatus

ALL = ("", _("All"))
ACTIVE_CHOICES = [
    ("active", _("Active")),
    ("archived", _("Archived")),
    ("all", _("All")),
]
#: Largest id a filter accepts (beyond any row; keeps the database's integer in range).
MAX_ID = 2_147_483_647


def _village() -> forms.CharField:
    return forms.CharField(
        label=_("Village"),
        required=False,
        max_length=13,
        help_text=_("The village's Kemendagri code, e.g. 19.04.05.2001."),
    )


def _id(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=1, max_value=MAX_ID)


def _year(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=2000, max_value=2100)


def _choice(label: Any, choices: list[tuple[Any, Any]]) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[ALL, *choices], required=False)


class ApiFilterForm(CleanTextMixin, forms.Form):
    """A list's filters; ``filters()`` gives the cleaned values to the selector."""

    def filters(self) -> dict[str, Any]:
        return dict(getattr(self, "cleaned_data", {}))

    def error_fields(self) -> dict[str, list[str]]:
        return {name: [str(m) for m in messages] for name, messages in self.errors.items()}


class GroupFilters(ApiFilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    village = _village()
    kind = _choice(_("Kind of group"), GroupKind.choices)
    active = forms.ChoiceField(label=_("Status"), choices=ACTIVE_CHOICES, required=False)


class PersonFilters(ApiFilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    village = _village()
    group = _id(_("Group (id)"))
    active = forms.ChoiceField(label=_("Status"), choices=ACTIVE_CHOICES, required=False)


class CycleFilters(ApiFilterForm):
    village = _village()
    group = _id(_("Group (id)"))
    year = _year(_("Year"))
    status = _choice(_("Status"), CycleStatus.choices)
    stage = _choice(_("Stage"), [(str(value), label) for value, label in Stage.choices])


class ActionFilters(ApiFilterForm):
    village = _village()
    cycle = _id(_("Cycle (id)"))
    status = _choice(_("Status"), ActionStatus.choices)
    support = _choice(_("Support asked"), Support.choices)


class ProposalFilters(ApiFilterForm):
    village = _village()
    for_year = _year(_("Proposed for year"))
    support = _choice(_("Support asked"), Support.choices)
    status = _choice(_("Status"), ProposalStatus.choices)


class MeetingFilters(ApiFilterForm):
    village = _village()
    group = _id(_("Group (id)"))
    cycle = _id(_("Cycle (id)"))
    status = _choice(_("Status"), MeetingStatus.choices)
    held_from = forms.DateField(label=_("Held on or after"), required=False)
    held_to = forms.DateField(label=_("Held on or before"), required=False)
