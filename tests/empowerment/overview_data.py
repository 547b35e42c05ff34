"""Records for the tests of where each village stands: meetings with attendance and guests,
actions, cycles at a stage (all made directly with the ORM)."""

from __future__ import annotations

import datetime as dt

from ovop.empowerment.choices import Gender
from ovop.empowerment.models import Group, Person
from ovop.empowerment.models_actions import Action, ActionStatus
from ovop.empowerment.models_cycle import Cycle, CycleStatus
from ovop.empowerment.models_meetings import Attendance, Guest, Meeting, MeetingStatus
from ovop.regions.models import Region


def meeting(
    village: Region,
    held_on: dt.date,
    *,
    cycle: Cycle | None = None,
    people: list[Person] | None = None,
    guests: list[tuple[str, int | None]] | None = None,
    status: str = MeetingStatus.HELD,
    groups: list[Group] | None = None,
    place: str = "Balai desa",
) -> Meeting:
    """A meeting with ``people`` present and ``guests`` as (gender, birth year)."""
    held = Meeting.objects.create(
        village=village,
        cycle=cycle,
        status=status,
        held_on=held_on,
        place=place,
        agenda="Agenda",
        stage=cycle.stage if cycle else None,
    )
    held.groups.set(groups or (list(cycle.groups.all()) if cycle else []))
    for person in people or []:
        Attendance.objects.create(meeting=held, person=person)
    for k, (gender, born) in enumerate(guests or []):
        Guest.objects.create(meeting=held, name=f"Tamu {k}", gender=gender, birth_year=born)
    return held


def action(cycle: Cycle, due_on: dt.date, status: str = ActionStatus.PLANNED) -> Action:
    return Action.objects.create(
        cycle=cycle, title=f"Aksi {due_on} {status}", due_on=due_on, cost_idr=100_000, status=status
    )


def cycle_at(
    village: Region,
    groups: list[Group],
    *,
    number: int = 1,
    stage: int = 1,
    closed: bool = False,
    year: int = 2026,
) -> Cycle:
    cycle = Cycle.objects.create(
        village=village,
        year=year,
        number=number,
        stage=stage,
        status=CycleStatus.CLOSED if closed else CycleStatus.OPEN,
    )
    cycle.groups.set(groups)
    return cycle


def people(group: Group) -> dict[str, Person]:
    """The group's members by first name (Siti, Rina, Budi, Pak)."""
    return {p.name.split()[0]: p for p in Person.objects.filter(memberships__group=group)}


FEMALE, MALE = Gender.FEMALE, Gender.MALE
