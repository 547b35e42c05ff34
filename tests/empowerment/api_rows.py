"""Real rows for the path parameters of the empowerment API in tests/api/test_schemathesis.py:
each path ``/api/v1/empowerment/<kind>/{id}/…`` with the manager of the records it names."""

from __future__ import annotations

from typing import Any

from ovop.empowerment.models import Group, Membership, Person
from ovop.empowerment.models_actions import Action, SupportProposal
from ovop.empowerment.models_cycle import Cycle, Experience, PowerBase, Problem, Reason
from ovop.empowerment.models_meetings import Meeting

API = "/api/v1/empowerment/"

#: The first segment after /empowerment/ → the records its {id} names.
MODELS: dict[str, Any] = {
    "groups": Group.objects,
    "members": Membership.objects,
    "people": Person.objects,
    "cycles": Cycle.objects,
    "experiences": Experience.objects,
    "reasons": Reason.objects,
    "problems": Problem.objects,
    "power-bases": PowerBase.objects,
    "actions": Action.objects,
    "proposals": SupportProposal.objects,
    "meetings": Meeting.objects,
}
#: What may follow {id}/ for each kind.
TAILS: dict[str, tuple[str, ...]] = {
    "groups": ("", "archive/", "restore/", "members/"),
    "cycles": (
        "",
        "advance/",
        "back/",
        "close/",
        "experiences/",
        "reasons/",
        "problems/",
        "power-bases/",
        "actions/",
    ),
    "problems": ("", "choose/"),
    "actions": ("", "progress/"),
    "meetings": ("", "record/", "photos/", "sheet/"),
}


def empowerment_rows() -> dict[str, Any]:
    return {
        f"{API}{kind}/{{id}}/{tail}": manager
        for kind, manager in MODELS.items()
        for tail in TAILS.get(kind, ("",))
    }
