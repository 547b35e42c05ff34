"""What the empowerment API answers: one output serializer per kind of record.

Villages are named by their Kemendagri code (``village``) and name (``village_name``); other
records by their id. Money is integer rupiah. Age groups are worked out from the birth year
(youth below ``settings.OVOP_YOUTH_AGE_LIMIT``): a person's in the current year, an attendee's
in the meeting's year.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ovop.analysis.progress import Basis
from ovop.core.api_money import MoneySerializerField
from ovop.empowerment import selectors_api
from ovop.empowerment.choices import AgeGroup
from ovop.empowerment.models import Group, Membership, Person
from ovop.empowerment.models_actions import Action, SupportProposal
from ovop.empowerment.models_cycle import (
    Cycle,
    Experience,
    PowerBase,
    Problem,
    Reason,
    StageChange,
    Theme,
)

# --- small pieces -----------------------------------------------------------------------------

#: An age group in the schema: youth, adult, or unknown (no birth year).
AGE_GROUP = serializers.ChoiceField(choices=AgeGroup.choices)


class NamedRef(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class ThemeOut(serializers.ModelSerializer[Theme]):
    archived = serializers.SerializerMethodField()

    class Meta:
        model = Theme
        fields = ["id", "code", "name_id", "name_en", "archived"]

    def get_archived(self, theme: Theme) -> bool:
        return theme.archived_at is not None


# --- groups and people ------------------------------------------------------------------------


class GroupOut(serializers.ModelSerializer[Group]):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    village = serializers.CharField(source="village.code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    member_count = serializers.IntegerField(read_only=True)
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = Group
        fields = [
            "id",
            "name",
            "kind",
            "kind_label",
            "village",
            "village_name",
            "founded_year",
            "note",
            "member_count",
            "archived",
            "archived_at",
            "is_sample",
        ]
        read_only_fields = fields


class MemberOut(serializers.ModelSerializer[Membership]):
    person = serializers.IntegerField(source="person_id", read_only=True)
    name = serializers.CharField(source="person.name", read_only=True)
    gender = serializers.CharField(source="person.gender", read_only=True)
    birth_year = serializers.IntegerField(
        source="person.birth_year", read_only=True, allow_null=True
    )
    age_group = serializers.SerializerMethodField()
    enterprise = serializers.IntegerField(
        source="person.enterprise_id", read_only=True, allow_null=True
    )
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    group = serializers.IntegerField(source="group_id", read_only=True)
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "group",
            "person",
            "name",
            "gender",
            "birth_year",
            "age_group",
            "enterprise",
            "role",
            "role_label",
            "joined_year",
            "archived",
        ]
        read_only_fields = fields

    @extend_schema_field(AGE_GROUP)
    def get_age_group(self, membership: Membership) -> AgeGroup:
        return AgeGroup(membership.person.age_group_in(timezone.localdate().year))


class GroupDetailOut(GroupOut):
    members = MemberOut(many=True, read_only=True, source="live_memberships")

    class Meta(GroupOut.Meta):
        fields = [*GroupOut.Meta.fields, "members"]
        read_only_fields = fields


class PersonGroupOut(serializers.Serializer[Any]):
    membership = serializers.IntegerField(source="pk", read_only=True)
    group = serializers.IntegerField(source="group_id", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True)
    role = serializers.CharField(read_only=True)


class PersonOut(serializers.ModelSerializer[Person]):
    village = serializers.CharField(source="village.code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    age_group = serializers.SerializerMethodField()
    enterprise_name = serializers.CharField(
        source="enterprise.name", read_only=True, default=None, allow_null=True
    )
    groups = PersonGroupOut(many=True, read_only=True, source="live_memberships")
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "gender",
            "birth_year",
            "age_group",
            "village",
            "village_name",
            "enterprise",
            "enterprise_name",
            "groups",
            "archived",
            "is_sample",
        ]
        read_only_fields = fields

    @extend_schema_field(AGE_GROUP)
    def get_age_group(self, person: Person) -> AgeGroup:
        return AgeGroup(person.age_group_in(timezone.localdate().year))


# --- cycles and their stages ------------------------------------------------------------------


class CycleOut(serializers.ModelSerializer[Cycle]):
    village = serializers.CharField(source="village.code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    groups = NamedRef(many=True, read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = Cycle
        fields = [
            "id",
            "village",
            "village_name",
            "groups",
            "year",
            "number",
            "stage",
            "stage_label",
            "status",
            "previous",
            "achievements",
            "opened_at",
            "closed_at",
            "is_sample",
        ]
        read_only_fields = fields


class ExperienceOut(serializers.ModelSerializer[Experience]):
    themes: Any = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Experience
        fields = ["id", "kind", "text", "themes", "meeting"]
        read_only_fields = fields


class ReasonOut(serializers.ModelSerializer[Reason]):
    experiences: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Reason
        fields = ["id", "text", "experiences", "meeting"]
        read_only_fields = fields


class ProblemOut(serializers.ModelSerializer[Problem]):
    class Meta:
        model = Problem
        fields = ["id", "kind", "title", "description", "votes", "chosen", "selection_round"]
        read_only_fields = fields


class PowerBaseOut(serializers.ModelSerializer[PowerBase]):
    holder_person_name = serializers.CharField(
        source="holder_person.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = PowerBase
        fields = ["id", "kind", "description", "holder", "holder_person", "holder_person_name"]
        read_only_fields = fields


class ActionOut(serializers.ModelSerializer[Action]):
    cost_idr = MoneySerializerField(read_only=True)
    person_in_charge_name = serializers.CharField(
        source="person_in_charge.name", read_only=True, default=None, allow_null=True
    )
    support_label = serializers.CharField(source="get_support_display", read_only=True)
    proposal = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = [
            "id",
            "cycle",
            "title",
            "person_in_charge",
            "person_in_charge_name",
            "due_on",
            "cost_idr",
            "support",
            "support_label",
            "propose",
            "status",
            "percent_done",
            "carried_from",
            "proposal",
            "overdue",
        ]
        read_only_fields = fields

    def get_proposal(self, action: Action) -> int | None:
        proposal = getattr(action, "proposal", None)
        return None if proposal is None else int(proposal.pk)

    def get_overdue(self, action: Action) -> bool:
        return action.is_open and action.due_on < timezone.localdate()


class StageChangeOut(serializers.ModelSerializer[StageChange]):
    by = serializers.CharField(source="by.username", read_only=True, default=None, allow_null=True)

    class Meta:
        model = StageChange
        fields = ["from_stage", "to_stage", "closed", "reason", "at", "by"]
        read_only_fields = fields


class ProgressOut(serializers.Serializer[Any]):
    weighted_percent = serializers.FloatField(
        help_text="Mean of the actions' percent done weighted by their estimated cost (dropped "
        "actions left out); the plain mean when every cost is 0; 0 without actions."
    )
    plain_percent = serializers.FloatField(help_text="The plain mean of the same percents.")
    total_cost_idr = serializers.IntegerField(help_text="Their total estimated cost, in rupiah.")
    basis = serializers.ChoiceField(
        choices=[(b.value, b.value) for b in Basis], help_text="What the weights were."
    )
    count = serializers.IntegerField(help_text="Actions counted (all but the dropped ones).")


class CycleDetailOut(CycleOut):
    experiences = ExperienceOut(many=True, read_only=True)
    reasons = ReasonOut(many=True, read_only=True)
    problems = ProblemOut(many=True, read_only=True)
    power_bases = PowerBaseOut(many=True, read_only=True)
    actions = ActionOut(many=True, read_only=True)
    progress = serializers.SerializerMethodField()
    stage_changes = StageChangeOut(many=True, read_only=True)

    class Meta(CycleOut.Meta):
        fields = [
            *CycleOut.Meta.fields,
            "experiences",
            "reasons",
            "problems",
            "power_bases",
            "actions",
            "progress",
            "stage_changes",
        ]
        read_only_fields = fields

    @extend_schema_field(ProgressOut)
    def get_progress(self, cycle: Cycle) -> dict[str, Any]:
        progress = selectors_api.plan_progress(list(cycle.actions.all()))
        return dict(ProgressOut(progress).data)


# --- proposals --------------------------------------------------------------------------------


class ProposalOut(serializers.ModelSerializer[SupportProposal]):
    cost_idr = MoneySerializerField(read_only=True)
    support_label = serializers.CharField(source="get_support_display", read_only=True)
    action_title = serializers.CharField(source="action.title", read_only=True)
    cycle = serializers.IntegerField(source="action.cycle_id", read_only=True)
    village = serializers.CharField(source="village.code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    group_name = serializers.CharField(
        source="group.name", read_only=True, default=None, allow_null=True
    )
    beneficiaries: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = SupportProposal
        fields = [
            "id",
            "action",
            "action_title",
            "cycle",
            "support",
            "support_label",
            "cost_idr",
            "village",
            "village_name",
            "group",
            "group_name",
            "for_year",
            "beneficiaries",
            "beneficiaries_female",
            "beneficiaries_male",
            "status",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
