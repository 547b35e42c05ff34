"""The action plan through the API (``services_actions`` decides; proposals follow their
action there and are read-only here).

- POST empowerment/cycles/{id}/actions/: add an action to the cycle's plan (stage 5).
- PATCH empowerment/actions/{id}/: change the fields given; DELETE: remove a planned action
  (any other is dropped instead, by PATCH ``status``).
- POST empowerment/actions/{id}/progress/: status and percent done.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ovop.accounts.models import User
from ovop.core.api import error_responses
from ovop.core.api_money import MoneySerializerField
from ovop.core.api_text import CleanTextSerializerMixin
from ovop.empowerment import api, selectors_api, services_actions
from ovop.empowerment import api_serializers as out
from ovop.empowerment.api_write_common import (
    id_field,
    ids_field,
    merged,
    pick,
    pick_many,
    read_input,
    require_village,
    writer,
)
from ovop.empowerment.api_write_cycles import writable_cycle
from ovop.empowerment.models_actions import Action, ActionStatus, Support
from ovop.empowerment.models_cycle import Cycle


class ActionIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    person_in_charge = id_field(
        required=False, allow_null=True, default=None, help_text="A member (id)."
    )
    due_on = serializers.DateField(required=False, allow_null=True)
    cost_idr = MoneySerializerField(
        label=gettext_lazy("Estimated cost (rupiah)"), required=False, allow_null=True
    )
    support = serializers.ChoiceField(choices=Support.choices, default=Support.NONE)
    propose = serializers.BooleanField(default=False)
    status = serializers.ChoiceField(choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    percent_done = serializers.IntegerField(min_value=0, max_value=100, default=0)
    beneficiaries = ids_field(
        required=False, help_text="Members the support benefits (ids); all members by default."
    )
    group = id_field(required=False, allow_null=True, help_text="The group proposing (id).")


class ProgressIn(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    percent_done = serializers.IntegerField(min_value=0, max_value=100)


def _resolve(user: User, cycle: Cycle, data: dict[str, Any]) -> dict[str, Any]:
    people = selectors_api.people_for(user).filter(village_id=cycle.village_id)
    if "person_in_charge" in data:
        data["person_in_charge"] = pick(
            people, data["person_in_charge"], field="person_in_charge", label=_("Person in charge")
        )
    if "beneficiaries" in data:
        data["beneficiaries"] = pick_many(
            people, data["beneficiaries"], field="beneficiaries", label=_("Beneficiaries")
        )
    if "group" in data:
        groups = selectors_api.groups_for(user).filter(village_id=cycle.village_id)
        data["group"] = pick(groups, data["group"], field="group", label=_("Group"))
    return data


def _current(action: Action) -> dict[str, Any]:
    return {
        "title": action.title,
        "person_in_charge": action.person_in_charge,
        "due_on": action.due_on,
        "cost_idr": action.cost_idr,
        "support": action.support,
        "propose": action.propose,
        "status": action.status,
        "percent_done": action.percent_done,
        "beneficiaries": None,  # None keeps the proposal's own
        "group": None,
    }


def _action_out(user: User, pk: int) -> dict[str, Any]:
    return dict(out.ActionOut(selectors_api.actions_for(user).get(pk=pk)).data)


def _writable_action(request: Request, pk: int) -> tuple[User, Action]:
    user = writer(request)
    action = generics.get_object_or_404(selectors_api.actions_for(user), pk=pk)
    require_village(user, action.cycle.village_id)
    return user, action


class ActionAdd(api.ReaderView):
    """Add an action to the cycle's plan."""

    @extend_schema(
        request=ActionIn, responses={201: out.ActionOut, **error_responses(400, 403, 404)}
    )
    def post(self, request: Request, pk: int) -> Response:
        user, cycle = writable_cycle(request, pk)
        data = _resolve(user, cycle, read_input(ActionIn, request))
        # Left out, the date and the cost reach the service as None: it names them as missing.
        data.setdefault("due_on", None)
        data.setdefault("cost_idr", None)
        action = services_actions.action_add(user=user, cycle=cycle, **data)
        return Response(_action_out(user, action.pk), status=status.HTTP_201_CREATED)


class ActionDetailChange(api.ActionDetail):
    """One action (GET); change the fields given (PATCH); remove a planned one (DELETE)."""

    @extend_schema(
        request=ActionIn, responses={200: out.ActionOut, **error_responses(400, 403, 404)}
    )
    def patch(self, request: Request, pk: int) -> Response:
        user, action = _writable_action(request, pk)
        given = _resolve(user, action.cycle, read_input(ActionIn, request, partial=True))
        data = merged(_current(action), given)
        services_actions.action_update(user=user, action=action, **data)
        return Response(_action_out(user, action.pk))

    @extend_schema(responses={204: None, **error_responses(400, 403, 404)})
    def delete(self, request: Request, pk: int) -> Response:
        user, action = _writable_action(request, pk)
        services_actions.action_remove(user=user, action=action)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ActionProgress(api.ReaderView):
    """Record how far the action has got: status and percent done (made to agree)."""

    @extend_schema(
        request=ProgressIn, responses={200: out.ActionOut, **error_responses(400, 403, 404)}
    )
    def post(self, request: Request, pk: int) -> Response:
        user, action = _writable_action(request, pk)
        data = read_input(ProgressIn, request)
        services_actions.action_progress(user=user, action=action, **data)
        return Response(_action_out(user, action.pk))
