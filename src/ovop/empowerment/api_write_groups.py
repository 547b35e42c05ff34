"""Writing groups, members and people through the API (``services_groups`` decides).

- POST empowerment/groups/ opens a group; PATCH empowerment/groups/{id}/ changes the fields
  given; POST …/archive/ (``confirm`` and ``reason``) and …/restore/.
- GET/POST empowerment/groups/{id}/members/: the current members; add one (an existing
  ``person``, the owner of an ``enterprise`` of the village, or a new person by ``name``).
- PATCH/DELETE empowerment/members/{id}/: change the role; take the member out (archived).
- PATCH empowerment/people/{id}/: correct a person's name, gender, year of birth.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ovop.core.api import error_responses
from ovop.core.api_text import CleanTextSerializerMixin, ConfirmIn, check_confirmed
from ovop.core.requests import request_user
from ovop.empowerment import api, selectors_api, services_groups
from ovop.empowerment import api_serializers as out
from ovop.empowerment.api_write_common import (
    id_field,
    merged,
    pick,
    read_input,
    require_village,
    village_field,
    writer,
    year_field,
)
from ovop.empowerment.choices import Gender
from ovop.empowerment.models import Group, GroupKind, MemberRole, Membership, Person
from ovop.enterprises.models import Enterprise


class GroupIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    name = serializers.CharField(max_length=160)
    kind = serializers.ChoiceField(choices=GroupKind.choices)
    village = village_field()
    founded_year = year_field(required=False, allow_null=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class GroupPatchIn(GroupIn):
    """The fields to change; those left out keep their value."""

    name = serializers.CharField(max_length=160, required=False)
    kind = serializers.ChoiceField(choices=GroupKind.choices, required=False)
    village = village_field(required=False)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class MemberIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    """Exactly one of ``person``, ``enterprise`` or ``name`` says who joins."""

    role = serializers.ChoiceField(choices=MemberRole.choices, default=MemberRole.MEMBER)
    person = id_field(required=False, allow_null=True, help_text="An existing person (id).")
    enterprise = id_field(
        required=False, allow_null=True, help_text="An IKM of the group's village (id)."
    )
    name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    gender = serializers.ChoiceField(
        choices=Gender.choices, required=False, allow_blank=True, default=""
    )
    birth_year = year_field(required=False, allow_null=True)
    joined_year = year_field(required=False, allow_null=True)


class MemberPatchIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    role = serializers.ChoiceField(choices=MemberRole.choices, required=False)
    joined_year = year_field(required=False, allow_null=True)


class PersonPatchIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    name = serializers.CharField(max_length=120, required=False)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False)
    birth_year = year_field(required=False, allow_null=True)


def _group_out(user: Any, pk: int) -> dict[str, Any]:
    return dict(out.GroupDetailOut(selectors_api.group_detail_queryset(user).get(pk=pk)).data)


class GroupListCreate(api.GroupList):
    """The list of groups (GET), and opening one (POST)."""

    @extend_schema(
        request=GroupIn, responses={201: out.GroupDetailOut, **error_responses(400, 403)}
    )
    def post(self, request: Request) -> Response:
        user = writer(request)
        data = read_input(GroupIn, request)
        group = services_groups.group_create(user=user, **data)
        return Response(_group_out(user, group.pk), status=status.HTTP_201_CREATED)


class GroupDetailChange(api.GroupDetail):
    """One group (GET), and changing it (PATCH: only the fields given)."""

    @extend_schema(
        request=GroupPatchIn, responses={200: out.GroupDetailOut, **error_responses(400, 403, 404)}
    )
    def patch(self, request: Request, pk: int) -> Response:
        user = writer(request)
        group = self.get_object()
        require_village(user, group.village_id)
        current = {
            "name": group.name,
            "kind": group.kind,
            "village": group.village,
            "founded_year": group.founded_year,
            "note": group.note,
        }
        data = merged(current, read_input(GroupPatchIn, request))
        services_groups.group_update(user=user, group=group, **data)
        return Response(_group_out(user, group.pk))


class GroupArchive(api.ReaderView, generics.GenericAPIView[Group]):
    """Archive the group (``confirm`` and ``reason`` required); it keeps its history."""

    serializer_class = ConfirmIn

    def get_queryset(self) -> Any:
        return selectors_api.groups_for(writer(self.request))

    @extend_schema(
        request=ConfirmIn, responses={200: out.GroupDetailOut, **error_responses(400, 403, 404)}
    )
    def post(self, request: Request, pk: int) -> Response:
        user = writer(request)
        group = self.get_object()
        require_village(user, group.village_id)
        data = read_input(ConfirmIn, request)
        check_confirmed(data, what=_("archive the group"))
        services_groups.group_archive(user=user, group=group, reason=data["reason"].strip())
        return Response(_group_out(user, group.pk))


class GroupRestore(GroupArchive):
    """Make an archived group active again."""

    @extend_schema(
        request=None, responses={200: out.GroupDetailOut, **error_responses(400, 403, 404)}
    )
    def post(self, request: Request, pk: int) -> Response:
        user = writer(request)
        group = self.get_object()
        require_village(user, group.village_id)
        services_groups.group_restore(user=user, group=group)
        return Response(_group_out(user, group.pk))


class GroupMembers(api.ReaderView, generics.ListAPIView[Membership]):
    """The group's current members (GET), and adding one (POST)."""

    serializer_class = out.MemberOut

    def _group(self) -> Group:
        groups = selectors_api.groups_for(request_user(self.request))
        return generics.get_object_or_404(groups, pk=self.kwargs["pk"])

    @extend_schema(responses={200: out.MemberOut(many=True), **error_responses(403, 404)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        group = self._group()
        return group.memberships.filter(archived_at__isnull=True).select_related("person")

    @extend_schema(
        request=MemberIn, responses={201: out.MemberOut, **error_responses(400, 403, 404)}
    )
    def post(self, request: Request, pk: int) -> Response:
        user = writer(request)
        group = self._group()
        require_village(user, group.village_id)
        data = read_input(MemberIn, request)
        people = selectors_api.people_for(user).filter(village_id=group.village_id)
        enterprises = Enterprise.objects.filter(village_id=group.village_id)
        data["person"] = pick(people, data.get("person"), field="person", label=_("Person"))
        data["enterprise"] = pick(
            enterprises, data.get("enterprise"), field="enterprise", label=_("IKM")
        )
        membership = services_groups.member_add(user=user, group=group, **data)
        fresh = selectors_api.memberships_for(user).get(pk=membership.pk)
        return Response(out.MemberOut(fresh).data, status=status.HTTP_201_CREATED)


class MemberDetailChange(api.MemberDetail):
    """One membership (GET); its role (PATCH); taking the member out (DELETE: archived)."""

    @extend_schema(
        request=MemberPatchIn, responses={200: out.MemberOut, **error_responses(400, 403, 404)}
    )
    def patch(self, request: Request, pk: int) -> Response:
        user = writer(request)
        membership = self.get_object()
        require_village(user, membership.group.village_id)
        current = {"role": membership.role, "joined_year": membership.joined_year}
        data = merged(current, read_input(MemberPatchIn, request))
        services_groups.member_update(user=user, membership=membership, **data)
        fresh = selectors_api.memberships_for(user).get(pk=membership.pk)
        return Response(out.MemberOut(fresh).data)

    @extend_schema(responses={204: None, **error_responses(400, 403, 404)})
    def delete(self, request: Request, pk: int) -> Response:
        user = writer(request)
        membership = self.get_object()
        require_village(user, membership.group.village_id)
        services_groups.member_remove(user=user, membership=membership)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PersonDetailChange(api.PersonDetail):
    """One person (GET), and correcting them (PATCH: name, gender, year of birth)."""

    @extend_schema(
        request=PersonPatchIn, responses={200: out.PersonOut, **error_responses(400, 403, 404)}
    )
    def patch(self, request: Request, pk: int) -> Response:
        user = writer(request)
        person: Person = self.get_object()
        require_village(user, person.village_id)
        current = {"name": person.name, "gender": person.gender, "birth_year": person.birth_year}
        data = merged(current, read_input(PersonPatchIn, request))
        services_groups.person_update(user=user, person=person, **data)
        return Response(out.PersonOut(self.get_queryset().get(pk=person.pk)).data)
