"""What the stages produce, written through the API (``services_stages`` and
``services_stages_plan`` decide: stage reached, cycle open, last record kept…).

For each kind of content (experiences, reasons, problems, power bases):
POST empowerment/cycles/{id}/<kind>/ adds one; PATCH empowerment/<kind>/{id}/ changes the
fields given; DELETE empowerment/<kind>/{id}/ removes it (its history keeps it).
POST empowerment/problems/{id}/choose/ makes a problem the cycle's chosen one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ovop.accounts.models import User
from ovop.core.api import error_responses
from ovop.core.api_text import CleanTextSerializerMixin
from ovop.empowerment import api, selectors_api, services_stages, services_stages_plan
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
from ovop.empowerment.models_cycle import (
    Cycle,
    Experience,
    ExperienceKind,
    PowerBase,
    PowerBaseKind,
    Problem,
    ProblemKind,
    Reason,
    Theme,
)
from ovop.selection.models import SelectionRound

MAX_THEMES = 50


class ExperienceIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ExperienceKind.choices)
    text = serializers.CharField(max_length=500)
    themes = serializers.ListField(
        child=serializers.SlugField(max_length=40),
        max_length=MAX_THEMES,
        required=False,
        help_text="Theme codes (see empowerment/themes/).",
    )
    meeting = id_field(required=False, allow_null=True)


class ReasonIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    text = serializers.CharField(max_length=500)
    experiences = ids_field(help_text="Ids of the cycle's experiences this reason explains.")
    meeting = id_field(required=False, allow_null=True)


class ProblemIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ProblemKind.choices, default=ProblemKind.PROBLEM)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    votes = serializers.IntegerField(min_value=0, max_value=1000, default=0)
    selection_round = id_field(required=False, allow_null=True)


class PowerBaseIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=PowerBaseKind.choices)
    description = serializers.CharField(max_length=300)
    holder = serializers.CharField(max_length=160, required=False, allow_blank=True)
    holder_person = id_field(required=False, allow_null=True)


def _themes(codes: list[str]) -> list[Theme]:
    found = {theme.code: theme for theme in Theme.objects.filter(code__in=codes)}
    missing = [code for code in codes if code not in found]
    if missing:
        message = _("Themes: there is no theme %(codes)s.") % {"codes": ", ".join(missing)}
        raise serializers.ValidationError({"themes": [message]})
    return [found[code] for code in dict.fromkeys(codes)]


def _meeting(user: User, data: dict[str, Any]) -> None:
    if "meeting" in data:
        meetings = selectors_api.meetings_for(user)
        data["meeting"] = pick(meetings, data["meeting"], field="meeting", label=_("Meeting"))


def _resolve_experience(user: User, cycle: Cycle, data: dict[str, Any]) -> dict[str, Any]:
    if "themes" in data:
        data["themes"] = _themes(data["themes"])
    _meeting(user, data)
    return data


def _resolve_reason(user: User, cycle: Cycle, data: dict[str, Any]) -> dict[str, Any]:
    if "experiences" in data:
        data["experiences"] = pick_many(
            cycle.experiences.all(),
            data["experiences"],
            field="experiences",
            label=_("Experiences"),
        )
    _meeting(user, data)
    return data


def _resolve_problem(user: User, cycle: Cycle, data: dict[str, Any]) -> dict[str, Any]:
    if "selection_round" in data:
        rounds = SelectionRound.objects.filter(area_id=cycle.village_id)
        data["selection_round"] = pick(
            rounds,
            data["selection_round"],
            field="selection_round",
            label=_("Product selection round"),
        )
    return data


def _resolve_power_base(user: User, cycle: Cycle, data: dict[str, Any]) -> dict[str, Any]:
    if "holder_person" in data:
        people = selectors_api.people_for(user).filter(village_id=cycle.village_id)
        data["holder_person"] = pick(
            people, data["holder_person"], field="holder_person", label=_("Member who holds it")
        )
    return data


@dataclass(frozen=True)
class Content:
    """One kind of stage content: its input, output, lookups and services."""

    model: type[Model]
    key: str
    incoming: type[serializers.Serializer[Any]]
    outgoing: type[serializers.Serializer[Any]]
    resolve: Callable[[User, Cycle, dict[str, Any]], dict[str, Any]]
    current: Callable[[Any], dict[str, Any]]
    add: Callable[..., Any]
    update: Callable[..., Any]
    remove: Callable[..., Any]


EXPERIENCES = Content(
    Experience,
    "experience",
    ExperienceIn,
    out.ExperienceOut,
    _resolve_experience,
    lambda e: {
        "kind": e.kind,
        "text": e.text,
        "themes": list(e.themes.all()),
        "meeting": e.meeting,
    },
    services_stages.experience_add,
    services_stages.experience_update,
    services_stages.experience_remove,
)
REASONS = Content(
    Reason,
    "reason",
    ReasonIn,
    out.ReasonOut,
    _resolve_reason,
    lambda r: {"text": r.text, "experiences": list(r.experiences.all()), "meeting": r.meeting},
    services_stages.reason_add,
    services_stages.reason_update,
    services_stages.reason_remove,
)
PROBLEMS = Content(
    Problem,
    "problem",
    ProblemIn,
    out.ProblemOut,
    _resolve_problem,
    lambda p: {
        "kind": p.kind,
        "title": p.title,
        "description": p.description,
        "votes": p.votes,
        "selection_round": p.selection_round,
    },
    services_stages_plan.problem_add,
    services_stages_plan.problem_update,
    services_stages_plan.problem_remove,
)
POWER_BASES = Content(
    PowerBase,
    "power_base",
    PowerBaseIn,
    out.PowerBaseOut,
    _resolve_power_base,
    lambda b: {
        "kind": b.kind,
        "description": b.description,
        "holder": b.holder,
        "holder_person": b.holder_person,
    },
    services_stages_plan.power_base_add,
    services_stages_plan.power_base_update,
    services_stages_plan.power_base_remove,
)


def _rows(content: Content, user: User) -> QuerySet[Any]:
    cycles = selectors_api.cycles_for(user).values("pk")
    return content.model._default_manager.filter(cycle__in=cycles).select_related("cycle")


class ContentAdd(api.ReaderView):
    content: ClassVar[Content]

    def post(self, request: Request, pk: int) -> Response:
        user, cycle = writable_cycle(request, pk)
        data = self.content.resolve(user, cycle, read_input(self.content.incoming, request))
        created = self.content.add(user=user, cycle=cycle, **data)
        fresh = self.content.model._default_manager.get(pk=created.pk)
        return Response(self.content.outgoing(fresh).data, status=status.HTTP_201_CREATED)


def _record(content: Content, request: Request, pk: int) -> tuple[User, Any]:
    """The writer and the record (404 outside their scope, 403 if not theirs to change)."""
    user = writer(request)
    record = generics.get_object_or_404(_rows(content, user), pk=pk)
    require_village(user, record.cycle.village_id)
    return user, record


class ContentChange(api.ReaderView):
    content: ClassVar[Content]

    def patch(self, request: Request, pk: int) -> Response:
        user, record = _record(self.content, request, pk)
        given = read_input(self.content.incoming, request, partial=True)
        values = merged(
            self.content.current(record), self.content.resolve(user, record.cycle, given)
        )
        self.content.update(user=user, **{self.content.key: record}, **values)
        fresh = self.content.model._default_manager.get(pk=record.pk)
        return Response(self.content.outgoing(fresh).data)

    def delete(self, request: Request, pk: int) -> Response:
        user, record = _record(self.content, request, pk)
        self.content.remove(user=user, **{self.content.key: record})
        return Response(status=status.HTTP_204_NO_CONTENT)


def _views(name: str, content: Content) -> tuple[type[ContentAdd], type[ContentChange]]:
    adding = extend_schema_view(
        post=extend_schema(
            request=content.incoming,
            responses={201: content.outgoing, **error_responses(400, 403, 404)},
        )
    )(type(f"{name}Add", (ContentAdd,), {"content": content, "__doc__": f"Add a {name}."}))
    changing = extend_schema_view(
        patch=extend_schema(
            request=content.incoming,
            responses={200: content.outgoing, **error_responses(400, 403, 404)},
        ),
        delete=extend_schema(responses={204: None, **error_responses(400, 403, 404)}),
    )(
        type(
            f"{name}Change",
            (ContentChange,),
            {"content": content, "__doc__": f"Change (the fields given) or remove a {name}."},
        )
    )
    return adding, changing


ExperienceAdd, ExperienceChange = _views("Experience", EXPERIENCES)
ReasonAdd, ReasonChange = _views("Reason", REASONS)
ProblemAdd, ProblemChange = _views("Problem", PROBLEMS)
PowerBaseAdd, PowerBaseChange = _views("PowerBase", POWER_BASES)


class ProblemChoose(api.ReaderView):
    """Make this problem or project the cycle's chosen one."""

    @extend_schema(request=None, responses={200: out.ProblemOut, **error_responses(400, 403, 404)})
    def post(self, request: Request, pk: int) -> Response:
        user, record = _record(PROBLEMS, request, pk)
        services_stages_plan.problem_choose(user=user, problem=record)
        return Response(out.ProblemOut(Problem.objects.get(pk=record.pk)).data)
