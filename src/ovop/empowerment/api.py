"""Reading the empowerment API: groups, people, cycles with their stages, actions, proposals,
meetings with attendance, and the theme tags.

Everyone who may read empowerment records reads here, scoped exactly like the pages
(``ovop.empowerment.scope`` through ``selectors_api``): a record outside the caller's scope
answers 404, an assessor 403 on everything. Lists are paged (``?page=``) and take the filters
of ``api_filters``; a filter value refused answers 400 naming the parameter.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from ovop.core.api import error_responses
from ovop.core.api_params import form_parameters
from ovop.core.parsers import LimitedJSONParser
from ovop.core.requests import request_user
from ovop.empowerment import api_filters, scope, selectors_api
from ovop.empowerment import api_serializers as out
from ovop.empowerment import api_serializers_meetings as meeting_out
from ovop.empowerment.models import Group, Membership, Person
from ovop.empowerment.models_actions import Action, SupportProposal
from ovop.empowerment.models_cycle import Cycle, Theme
from ovop.empowerment.models_meetings import Meeting


class CanReadEmpowerment(BasePermission):
    """Signed-in users other than assessors."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return scope.can_read_empowerment(request.user)


class ReaderView(APIView):
    permission_classes = [CanReadEmpowerment]  # noqa: RUF012 - REST framework's
    # The empowerment API takes JSON (bounded by the core parser); only the photo and sheet
    # uploads take multipart forms, and their views say so.
    parser_classes = [LimitedJSONParser]  # noqa: RUF012 - REST framework's


def filtered(request: Request, form_class: type[api_filters.ApiFilterForm]) -> dict[str, Any]:
    """The list's filters from the query string; 400 naming the parameter refused."""
    form = form_class(request.query_params)
    if not form.is_valid():
        raise serializers.ValidationError(form.error_fields())
    return form.filters()


def _list_schema(form: type[api_filters.ApiFilterForm], serializer: Any) -> Any:
    return extend_schema_view(
        get=extend_schema(
            parameters=form_parameters(form),
            responses={200: serializer(many=True), **error_responses(400, 403, 404)},
        )
    )


def _detail_schema(serializer: Any) -> Any:
    return extend_schema_view(
        get=extend_schema(responses={200: serializer, **error_responses(403, 404)})
    )


# --- groups, members, people ------------------------------------------------------------------


@_list_schema(api_filters.GroupFilters, out.GroupOut)
class GroupList(ReaderView, generics.ListAPIView[Group]):
    """Groups the caller may read; ?q=, ?village=<code>, ?kind=, ?active=active|archived|all."""

    serializer_class = out.GroupOut

    def get_queryset(self) -> QuerySet[Group]:
        filters = filtered(self.request, api_filters.GroupFilters)
        return selectors_api.group_list(user=request_user(self.request), filters=filters)


@_detail_schema(out.GroupDetailOut)
class GroupDetail(ReaderView, generics.RetrieveAPIView[Group]):
    """One group with its current members."""

    serializer_class = out.GroupDetailOut

    def get_queryset(self) -> QuerySet[Group]:
        return selectors_api.group_detail_queryset(request_user(self.request))


@_detail_schema(out.MemberOut)
class MemberDetail(ReaderView, generics.RetrieveAPIView[Membership]):
    """One membership (a person's place in a group; archived when they left)."""

    serializer_class = out.MemberOut

    def get_queryset(self) -> QuerySet[Membership]:
        return selectors_api.memberships_for(request_user(self.request))


@_list_schema(api_filters.PersonFilters, out.PersonOut)
class PersonList(ReaderView, generics.ListAPIView[Person]):
    """People of the villages the caller may read (an owner: the members of their groups);
    ?q=, ?village=<code>, ?group=<id>, ?active=."""

    serializer_class = out.PersonOut

    def get_queryset(self) -> QuerySet[Person]:
        filters = filtered(self.request, api_filters.PersonFilters)
        return selectors_api.person_list(user=request_user(self.request), filters=filters)


@_detail_schema(out.PersonOut)
class PersonDetail(ReaderView, generics.RetrieveAPIView[Person]):
    serializer_class = out.PersonOut

    def get_queryset(self) -> QuerySet[Person]:
        return selectors_api.person_list(user=request_user(self.request), filters={"active": "all"})


@extend_schema_view(
    get=extend_schema(responses={200: out.ThemeOut(many=True), **error_responses(403, 404)})
)
class ThemeList(ReaderView, generics.ListAPIView[Theme]):
    """The theme tags of experiences (archived ones included, marked)."""

    serializer_class = out.ThemeOut

    def get_queryset(self) -> QuerySet[Theme]:
        return selectors_api.themes()


# --- cycles, actions, proposals ---------------------------------------------------------------


@_list_schema(api_filters.CycleFilters, out.CycleOut)
class CycleList(ReaderView, generics.ListAPIView[Cycle]):
    """Cycles the caller may read; ?village=<code>, ?group=<id>, ?year=, ?status=, ?stage=."""

    serializer_class = out.CycleOut

    def get_queryset(self) -> QuerySet[Cycle]:
        filters = filtered(self.request, api_filters.CycleFilters)
        return selectors_api.cycle_list(user=request_user(self.request), filters=filters)


@_detail_schema(out.CycleDetailOut)
class CycleDetail(ReaderView, generics.RetrieveAPIView[Cycle]):
    """One cycle with what each stage holds, the action plan with its progress, and every
    stage change (who, when, why)."""

    serializer_class = out.CycleDetailOut

    def get_queryset(self) -> QuerySet[Cycle]:
        return selectors_api.cycle_detail_queryset(request_user(self.request))


@_list_schema(api_filters.ActionFilters, out.ActionOut)
class ActionList(ReaderView, generics.ListAPIView[Action]):
    """Actions of the plans the caller may read; ?village=, ?cycle=<id>, ?status=, ?support=."""

    serializer_class = out.ActionOut

    def get_queryset(self) -> QuerySet[Action]:
        filters = filtered(self.request, api_filters.ActionFilters)
        return selectors_api.action_list(user=request_user(self.request), filters=filters)


@_detail_schema(out.ActionOut)
class ActionDetail(ReaderView, generics.RetrieveAPIView[Action]):
    serializer_class = out.ActionOut

    def get_queryset(self) -> QuerySet[Action]:
        return selectors_api.actions_for(request_user(self.request))


@_list_schema(api_filters.ProposalFilters, out.ProposalOut)
class ProposalList(ReaderView, generics.ListAPIView[SupportProposal]):
    """Support proposed for next year's plan (read-only: a proposal follows its action);
    ?village=, ?for_year=, ?support=, ?status=."""

    serializer_class = out.ProposalOut

    def get_queryset(self) -> QuerySet[SupportProposal]:
        filters = filtered(self.request, api_filters.ProposalFilters)
        return selectors_api.proposal_list(user=request_user(self.request), filters=filters)


@_detail_schema(out.ProposalOut)
class ProposalDetail(ReaderView, generics.RetrieveAPIView[SupportProposal]):
    serializer_class = out.ProposalOut

    def get_queryset(self) -> QuerySet[SupportProposal]:
        return selectors_api.proposals_for(request_user(self.request))


# --- meetings ---------------------------------------------------------------------------------


@_list_schema(api_filters.MeetingFilters, meeting_out.MeetingOut)
class MeetingList(ReaderView, generics.ListAPIView[Meeting]):
    """Meetings the caller may read, newest first; ?village=, ?group=, ?cycle=, ?status=,
    ?held_from=, ?held_to= (dates)."""

    serializer_class = meeting_out.MeetingOut

    def get_queryset(self) -> QuerySet[Meeting]:
        filters = filtered(self.request, api_filters.MeetingFilters)
        return selectors_api.meeting_list(user=request_user(self.request), filters=filters)


@_detail_schema(meeting_out.MeetingDetailOut)
class MeetingDetail(ReaderView, generics.RetrieveAPIView[Meeting]):
    """One meeting with its minutes, attendance, guests, photos and the counts by gender
    and youth."""

    serializer_class = meeting_out.MeetingDetailOut

    def get_queryset(self) -> QuerySet[Meeting]:
        return selectors_api.meeting_detail_queryset(request_user(self.request))
