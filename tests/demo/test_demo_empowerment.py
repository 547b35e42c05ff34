"""The empowerment demo: the 12 programme villages with groups, members, cycles at different
stages (Namang in its second cycle), meetings 2024–2026, action plans and proposals; the same
seed gives the same records and a second run writes nothing."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import models
from django.db.models import Count, Q
from django.utils import translation

from ovop.accounts.models import User
from ovop.demo import data
from ovop.demo import empowerment_data as ed
from ovop.demo.empowerment_build import ORDER, Batch, Owner, VillageBuilder, VillageInput
from ovop.demo.empowerment_content import CONTENT_ORDER, village_build
from ovop.demo.loader import demo_load
from ovop.empowerment import scope
from ovop.empowerment.models import Group, GroupKind, MemberRole, Membership, Person
from ovop.empowerment.models_actions import Action, ActionStatus, SupportProposal
from ovop.empowerment.models_cycle import (
    Cycle,
    CycleStatus,
    Experience,
    PowerBase,
    Problem,
    Reason,
    StageChange,
    Theme,
)
from ovop.empowerment.models_meetings import Attendance, Guest, Meeting, MeetingStatus
from ovop.programme.models import ProgrammeVillage

pytestmark = pytest.mark.usefixtures("demo", "db")

NAMANG = "19.04.05.2001"
MODELS: tuple[type[models.Model], ...] = (
    Group,
    Person,
    Membership,
    Cycle,
    StageChange,
    Meeting,
    Attendance,
    Guest,
    Experience,
    Reason,
    Problem,
    PowerBase,
    Action,
    SupportProposal,
)


def _rows() -> list[int]:
    history = [getattr(m, "history").count() for m in MODELS if hasattr(m, "history")]  # noqa: B009
    links: list[type[models.Model]] = [
        Cycle.groups.through,
        Meeting.groups.through,
        Experience.themes.through,
    ]
    links += [Reason.experiences.through, SupportProposal.beneficiaries.through]
    tables = [*MODELS, *links]
    return [m._default_manager.count() for m in tables] + history


def test_every_programme_village_stands_at_its_designed_stage() -> None:
    villages = ProgrammeVillage.objects.values_list("village_id", flat=True)
    assert Cycle.objects.filter(village_id__in=villages).values("village").distinct().count() == 12
    open_cycles = Cycle.objects.filter(status=CycleStatus.OPEN)
    assert open_cycles.count() == 12 and Cycle.objects.count() == 13
    stages = Counter(open_cycles.values_list("stage", flat=True))
    assert stages == {2: 3, 3: 3, 4: 2, 5: 4}
    assert sorted(open_cycles.filter(stage=5).values_list("village__name", flat=True)) == [
        "Batu Belubang",
        "Kurau (Timur)",
        "Kurau Barat",
        "Lampur",
    ]
    assert not Cycle.objects.filter(is_sample=False).exists()


def test_namang_is_in_its_second_cycle_with_three_actions_carried_over() -> None:
    first, second = Cycle.objects.filter(village__code=NAMANG).order_by("number")
    assert (first.number, first.year, first.status, first.stage) == (1, 2024, "closed", 5)
    assert first.closed_at is not None and first.closed_at.date() == date(2025, 11, 17)
    assert first.achievements.startswith("Selesai: Pendaftaran merek kolektif madu pelawan")
    assert (second.number, second.year, second.stage, second.previous) == (2, 2026, 3, first)
    carried = Action.objects.filter(cycle=second)
    originals = [a.carried_from for a in carried]
    assert [(a.cycle, a.is_open) for a in originals if a] == [(first, True)] * 3
    assert list(carried.values_list("status", "due_on")) == [
        ("done", date(2026, 3, 31)),
        ("in_progress", date(2026, 6, 30)),  # overdue on the reference date
        ("in_progress", date(2026, 12, 31)),
    ]
    assert not carried.filter(propose=True).exists()
    closing = StageChange.objects.get(cycle=first, closed=True)
    assert (closing.from_stage, closing.to_stage, closing.at.date()) == (5, 5, date(2025, 11, 17))


def test_groups_are_named_after_the_village_product_with_one_chair_each() -> None:
    per_village = Counter(Group.objects.values_list("village__code", flat=True))
    assert len(per_village) == 12 and set(per_village.values()) <= {1, 2, 3}
    assert sum(per_village.values()) == 24
    kinds = Counter(Group.objects.values_list("kind", flat=True))
    assert kinds == {GroupKind.IKM: 11, GroupKind.WOMEN: 6, GroupKind.YOUTH: 4, "cooperative": 3}
    names = set(Group.objects.values_list("name", flat=True))
    for name in (
        "Kelompok IKM Madu Pelawan Namang",
        "Kelompok IKM Getas Tenggiri Kurau Timur",
        "Kelompok IKM Rusip Batu Belubang",
        "Kelompok IKM Kopiah Resam Lampur",
        "Kelompok IKM Ikan Salai Pinang Sebatang",
    ):
        assert name in names
    assert any("Jamur Pelawan" in n for n in names)  # Namang's women dry jamur pelawan
    roles = Membership.objects.values("group").annotate(
        chairs=Count("pk", filter=Q(role=MemberRole.CHAIR)),
        secretaries=Count("pk", filter=Q(role=MemberRole.SECRETARY)),
        treasurers=Count("pk", filter=Q(role=MemberRole.TREASURER)),
    )
    assert {(r["chairs"], r["secretaries"], r["treasurers"]) for r in roles} == {(1, 1, 1)}
    youth_members = Membership.objects.filter(group__kind=GroupKind.YOUTH)
    assert all(m.person.age_group_in(2026) == "youth" for m in youth_members)
    assert not Membership.objects.filter(group__kind=GroupKind.WOMEN, person__gender="male")
    assert not Group.objects.filter(is_sample=False).exists()


def test_members_are_sixty_percent_women_some_young_and_the_owners_are_among_them() -> None:
    people = Person.objects.all()
    assert (people.count(), people.filter(gender="female").count()) == (355, 212)  # 59.7 %
    assert people.filter(birth_year__gte=1997).count() == 94  # under 30 in 2026
    assert not people.filter(is_sample=False).exists()
    assert not people.filter(memberships=None).exists()
    linked = people.exclude(enterprise=None).select_related("enterprise")
    assert linked.count() == 77
    assert all(p.enterprise and p.enterprise.village_id == p.village_id for p in linked)
    assert all(p.enterprise and p.name == p.enterprise.owner_name for p in linked)
    assert all(p.enterprise and p.gender == p.enterprise.owner_gender for p in linked)
    assert all(p.memberships.exists() for p in linked)


def test_the_owner_account_reads_its_group() -> None:
    owner = User.objects.get(username="owner")
    person = Person.objects.get(enterprise__account=owner)
    chair = Membership.objects.get(person=person, group__kind=GroupKind.IKM)
    assert (chair.group.name, chair.role) == ("Kelompok IKM Madu Pelawan Namang", "chair")
    assert Group.objects.filter(scope.group_filter(owner), pk=chair.group_id).exists()


def test_each_stage_reached_has_its_content_and_a_held_meeting() -> None:
    facilitator = User.objects.get(username="facilitator")
    for cycle in Cycle.objects.all():
        reached = cycle.stage
        held = cycle.meetings.filter(status=MeetingStatus.HELD)
        for stage in range(1, reached + 1):
            assert held.filter(stage=stage).exists(), (cycle, stage)
        assert cycle.experiences.count() in (5, 6) and all(
            e.themes.exists() for e in cycle.experiences.all()
        )
        assert cycle.reasons.exists() == (reached >= 2)
        assert all(r.experiences.exists() for r in cycle.reasons.all())
        assert cycle.problems.filter(chosen=True).count() == int(reached >= 3)
        chosen = cycle.problems.filter(chosen=True).first()
        if chosen is not None:
            assert chosen.votes == max(p.votes for p in cycle.problems.all())
            voters = held.get(stage=3).attendance.count()
            assert sum(p.votes for p in cycle.problems.all()) <= voters
        assert cycle.power_bases.exists() == (reached >= 4)
        assert cycle.actions.filter(carried_from=None).exists() == (reached == 5)
        changes = list(cycle.stage_changes.order_by("at", "pk"))
        moves = [(c.from_stage, c.to_stage) for c in changes if not c.closed]
        assert moves == [(None, 1)] + [(s, s + 1) for s in range(1, reached)]
        assert {c.by for c in changes} == {facilitator}
        assert [c.at for c in changes] == sorted(c.at for c in changes)


def test_meetings_span_2024_to_2026_and_none_is_held_after_the_reference_date() -> None:
    held = Meeting.objects.filter(status=MeetingStatus.HELD)
    assert held.count() == 65 and held.filter(held_on__gt=ed.REFERENCE_DATE).count() == 0
    assert Counter(held.values_list("held_on__year", flat=True)) == {2024: 9, 2025: 14, 2026: 42}
    planned = Meeting.objects.filter(status=MeetingStatus.PLANNED).order_by("held_on")
    assert list(planned.values_list("village__name", "held_on")) == [
        ("Namang", date(2026, 12, 10)),
        ("Kurau (Timur)", date(2027, 1, 14)),
    ]
    assert not planned.filter(attendance__isnull=False).exists()
    assert (Attendance.objects.count(), Guest.objects.count()) == (1326, 48)
    for meeting in held.prefetch_related("attendance__person", "groups"):
        present = list(meeting.attendance.all())
        assert len(present) >= 3 and meeting.agenda.startswith("1. Pembukaan")
        assert f"Hadir {len(present)} anggota" in meeting.minutes
        assert {a.person.village_id for a in present} == {meeting.village_id}
        assert meeting.facilitator is not None and meeting.facilitator.username == "facilitator"
        members = Membership.objects.filter(group__in=meeting.groups.all())
        assert {a.person_id for a in present} <= set(members.values_list("person_id", flat=True))


def test_action_plans_are_partly_done_and_support_asked_becomes_proposals() -> None:
    plans = Action.objects.filter(carried_from=None)
    assert Counter(plans.values_list("status", flat=True)) == {
        "done": 13,
        "in_progress": 8,
        "planned": 8,
        "dropped": 1,
    }
    assert not plans.filter(status="done").exclude(percent_done=100).exists()
    overdue = Action.objects.filter(
        cycle__status=CycleStatus.OPEN,
        status__in=[ActionStatus.PLANNED, ActionStatus.IN_PROGRESS],
        due_on__lt=ed.REFERENCE_DATE,
    )
    assert overdue.count() == 6
    proposals = SupportProposal.objects.select_related("action__cycle")
    assert proposals.count() == plans.filter(propose=True).count() == 25
    assert Counter(proposals.values_list("for_year", "status")) == {
        (2025, "proposed"): 5,
        (2026, "proposed"): 9,
        (2026, "withdrawn"): 1,  # Kurau Barat dropped the freezer
        (2027, "proposed"): 10,
    }
    for proposal in proposals:
        action = proposal.action
        assert proposal.for_year == action.cycle.year + 1
        assert (proposal.support, proposal.cost_idr) == (action.support, action.cost_idr)
        assert proposal.support not in ("none", "mentoring")
        assert proposal.village_id == action.cycle.village_id
        people = list(proposal.beneficiaries.all())
        women = sum(p.gender == "female" for p in people)
        assert (proposal.beneficiaries_female, proposal.beneficiaries_male) == (
            women,
            len(people) - women,
        )
        assert women > 0


def test_demo_records_pass_the_model_validation() -> None:
    for model in (Group, Person, Cycle, Meeting, Guest, Experience, Reason, Problem, PowerBase):
        for obj in model.objects.all():
            obj.full_clean()
    for action in Action.objects.all():
        action.full_clean()
    for proposal in SupportProposal.objects.all():
        proposal.full_clean()


def test_a_second_run_writes_nothing() -> None:
    before = _rows()
    summary = demo_load()
    assert _rows() == before
    assert summary.empowerment is not None
    assert (summary.empowerment.villages, summary.empowerment.left_alone) == (0, 12)


def test_the_command_reports_the_empowerment_records() -> None:
    out = StringIO()
    with translation.override("en"):
        call_command("demo", "--force", stdout=out)
    assert "empowerment: 0 village(s) loaded (0 groups, 0 people, 0 cycles, 0 meetings, " in (
        out.getvalue()
    )
    assert "12 left as they were" in out.getvalue()


def _build(seed: int) -> list[object]:
    """One village built without the database: names, dates, minutes and costs."""
    themes = {code: Theme(code=code, name_id=code, name_en=code) for code in ("market", "family")}
    design = ed.VILLAGES[NAMANG]
    village = VillageInput(1, NAMANG, "Namang", "madu_pelawan", (Owner(7, "Siti", True),), design)
    batch = Batch(ORDER + CONTENT_ORDER)
    rng = random.Random(f"empowerment:{seed}:{NAMANG}")
    village_build(VillageBuilder(rng, batch, village, User(first_name="Nurul")), themes)
    rows: dict[str, list[Any]] = dict(batch.rows)
    built: list[object] = [(p.name, p.birth_year) for p in rows["person"]]
    built += [(m.held_on, m.minutes) for m in rows["meeting"]]
    built += [(a.title, a.cost_idr, a.status) for a in rows["action"]]
    return built


def test_the_same_seed_gives_the_same_records_and_another_seed_differs() -> None:
    assert _build(data.DEFAULT_SEED) == _build(data.DEFAULT_SEED)
    assert _build(data.DEFAULT_SEED) != _build(data.DEFAULT_SEED + 1)
