"""One programme village's empowerment records, built as unsaved model instances.

Nothing here touches the database: ``VillageBuilder`` draws people, groups, cycles, meetings
and what each stage produced from ``empowerment_data`` and a random generator, and files the
instances in a ``Batch`` in the order they must be written (``empowerment`` writes them).
Related records are linked as instances; Django fills in the keys when the batch is written.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import models

from ovop.accounts.models import User
from ovop.demo import data
from ovop.demo import empowerment_data as ed
from ovop.empowerment.choices import Gender
from ovop.empowerment.models import Group, MemberRole, Membership, Person
from ovop.empowerment.models_cycle import Cycle, CycleStatus, StageChange
from ovop.empowerment.models_meetings import Attendance, Guest, Meeting, MeetingStatus

WIB = ZoneInfo("Asia/Jakarta")
YOUTH_BORN = (ed.REFERENCE_YEAR - 29, ed.REFERENCE_YEAR - 17)  # under 30 in the reference year
ADULT_BORN = (1960, ed.REFERENCE_YEAR - 31)
MAX_OWNERS = 10  # IKM owners of a village linked as members of its first group

ORDER: tuple[tuple[str, type[models.Model]], ...] = (
    ("group", Group),
    ("person", Person),
    ("membership", Membership),
    ("cycle", Cycle),
    ("next_cycle", Cycle),
    ("cycle_group", Cycle.groups.through),
    ("stage_change", StageChange),
    ("meeting", Meeting),
    ("meeting_group", Meeting.groups.through),
    ("attendance", Attendance),
    ("guest", Guest),
)


def at(day: date, hour: int = 10) -> datetime:
    """``day`` at ``hour`` o'clock, Bangka time (WIB)."""
    return datetime.combine(day, time(hour), tzinfo=WIB)


def rupiah(amount: int) -> str:
    return f"Rp {amount:,}".replace(",", ".")


class Batch:
    """Unsaved records by kind (``ORDER`` and ``empowerment_content.ORDER``), each with the
    date its history row carries; ``stamps`` are dates to set on auto-filled fields."""

    def __init__(self, order: tuple[tuple[str, type[models.Model]], ...]) -> None:
        self.rows: dict[str, list[models.Model]] = {key: [] for key, _model in order}
        self.stamps: list[tuple[models.Model, str, datetime]] = []

    def add(self, key: str, obj: models.Model, when: datetime) -> None:
        setattr(obj, "_history_date", when)  # noqa: B010 - read by django-simple-history
        self.rows[key].append(obj)

    def stamp(self, obj: models.Model, field: str, when: datetime) -> None:
        self.stamps.append((obj, field, when))


@dataclass(frozen=True)
class Owner:
    enterprise_id: int
    name: str
    female: bool


@dataclass(frozen=True)
class VillageInput:
    village_id: int
    code: str
    label: str  # "Kurau Timur"
    line: str  # the village's product line (``data.LINES`` key)
    owners: tuple[Owner, ...]  # in registry order, the signature enterprise first
    design: ed.VillageDesign


@dataclass
class Minutes:
    """What the minutes of a meeting need to know about it."""

    meeting: Meeting
    present: list[Person]
    guests: int


class VillageBuilder:
    """People, groups and meetings of one village; ``empowerment_content`` adds the stages."""

    def __init__(
        self, rng: random.Random, batch: Batch, village: VillageInput, facilitator: User
    ) -> None:
        self.rng, self.batch, self.village, self.facilitator = rng, batch, village, facilitator
        words = ed.WORDS.get(village.line) or ed.WORDS["keripik"]
        self.ctx = {
            "produk": words.produk,
            "bahan": words.bahan,
            "musim": words.musim,
            "desa": village.label,
        }
        self.family = words.family
        self.people: list[Person] = []
        self.groups: list[Group] = []
        self.members: dict[int, list[Person]] = {}  # id(group) → members
        self.owner_people: list[Person] = []
        self.chair: Person | None = None
        self._names: set[str] = set()
        self._guests: dict[str, tuple[str, str]] = {}

    def fill(self, text: str) -> str:
        return text.format(**self.ctx)

    # --- people and groups ----------------------------------------------------------------

    def _person(self, name: str, female: bool, born: int, enterprise_id: int | None) -> Person:
        person = Person(
            name=name,
            gender=Gender.FEMALE if female else Gender.MALE,
            birth_year=born,
            village_id=self.village.village_id,
            enterprise_id=enterprise_id,
            is_sample=True,
        )
        self._names.add(name)
        self.people.append(person)
        first = self.village.design.cycles[0].first_meeting
        self.batch.add("person", person, at(first - timedelta(days=30)))
        return person

    def name(self, female: bool) -> str:
        rng = self.rng
        while True:
            first = rng.choice(data.FEMALE_NAMES if female else data.MALE_NAMES)
            name = f"{first} {rng.choice(data.FAMILY_NAMES)}" if rng.random() < 0.85 else first
            if name not in self._names:
                return name

    def new_person(self, female: bool, youth: bool) -> Person:
        born = self.rng.randint(*(YOUTH_BORN if youth else ADULT_BORN))
        return self._person(self.name(female), female, born, None)

    def owners(self) -> list[Person]:
        for owner in self.village.owners[:MAX_OWNERS]:
            born = self.rng.randint(ADULT_BORN[0], 1992)
            self.owner_people.append(
                self._person(owner.name, owner.female, born, owner.enterprise_id)
            )
        return list(self.owner_people)

    def _pick(self, members: list[Person], female: bool, youth: bool) -> Person:
        young = YOUTH_BORN[0]
        pool = [
            p
            for p in self.people
            if p not in members
            and (p.gender == Gender.FEMALE) == female
            and (not youth or (p.birth_year or 0) >= young)
        ]
        if pool and self.rng.random() < 0.3:
            return self.rng.choice(pool)
        return self.new_person(female, youth)

    def group(self, kind: str, index: int) -> Group:
        rng, design = self.rng, self.village.design
        (low, high), share, founded = ed.GROUP_SHAPES[kind]
        line = design.second_line if index == 1 and design.second_line else self.village.line
        produk = (ed.WORDS.get(line) or ed.WORDS["keripik"]).produk
        food = line not in data.LINES or data.LINES[line].food
        group = Group(
            name=ed.group_name(kind, produk, self.village.label, rng.randrange(12), food),
            kind=kind,
            village_id=self.village.village_id,
            founded_year=rng.randint(*founded),
            is_sample=True,
        )
        self.batch.add("group", group, at(design.cycles[0].first_meeting - timedelta(days=30)))
        members = self.owners() if index == 0 else []
        size = rng.randint(low, high)
        women = sum(p.gender == Gender.FEMALE for p in members)
        while len(members) < size:
            female = women < round(size * share)
            youth = kind == ed.YOUTH or rng.random() < 0.2
            members.append(self._pick(members, female, youth))
            women += female
        self.groups.append(group)
        self.members[id(group)] = members
        self._memberships(group, members, has_owners=index == 0 and bool(self.owner_people))
        return group

    def _memberships(self, group: Group, members: list[Person], has_owners: bool) -> None:
        rng = self.rng
        first = self.village.design.cycles[0].first_meeting
        founded = group.founded_year or first.year
        adults = [p for p in members if (p.birth_year or 0) < YOUTH_BORN[0]] or members
        chair = members[0] if has_owners else rng.choice(adults)
        others = [p for p in members if p is not chair]
        secretary, treasurer = rng.sample(others, 2)
        roles = {id(chair): MemberRole.CHAIR, id(secretary): MemberRole.SECRETARY}
        roles[id(treasurer)] = MemberRole.TREASURER
        if self.chair is None:
            self.chair = chair
        for person in members:
            joined = rng.randint(founded, max(founded, first.year - 1))
            membership = Membership(
                group=group,
                person=person,
                role=roles.get(id(person), MemberRole.MEMBER),
                joined_year=joined,
            )
            self.batch.add("membership", membership, at(date(joined, 1, 15)))

    # --- meetings ---------------------------------------------------------------------------

    def guest(self, role: str) -> tuple[str, str]:
        if role not in self._guests:
            female = role == "pkk" or self.rng.random() < 0.3
            self._guests[role] = (self.name(female), Gender.FEMALE if female else Gender.MALE)
        return self._guests[role]

    def meeting(
        self, cycle: Cycle, stage: int, day: date, agenda: str, guests: tuple[str, ...] = ()
    ) -> Minutes:
        """A held meeting of the cycle's groups on ``day``, with attendance and guests."""
        place = self.fill(
            ed.PLACES[day.toordinal() % len(ed.PLACES)].replace(
                "{ketua}", self.chair.name if self.chair else self.village.label
            )
        )
        meeting = Meeting(
            village_id=self.village.village_id,
            cycle=cycle,
            stage=stage,
            status=MeetingStatus.HELD,
            held_on=day,
            place=place,
            facilitator=self.facilitator,
            agenda=self.fill(ed.AGENDA[agenda]),
            is_sample=True,
        )
        self.batch.add("meeting", meeting, at(day, 17))
        for group in self.groups:
            link = Meeting.groups.through(meeting=meeting, group=group)
            self.batch.add("meeting_group", link, at(day, 17))
        share = self.rng.uniform(0.45, 0.8)
        present = self.rng.sample(self.people, max(3, round(len(self.people) * share)))
        for person in sorted(present, key=lambda p: p.name):
            self.batch.add("attendance", Attendance(meeting=meeting, person=person), at(day, 17))
        for role in guests:
            name, gender = self.guest(role)
            affiliation = self.fill(ed.GUESTS[role])
            guest = Guest(meeting=meeting, name=name, gender=gender, affiliation=affiliation)
            self.batch.add("guest", guest, at(day, 17))
        return Minutes(meeting, present, len(guests))

    def planned(self, cycle: Cycle, stage: int, day: date, agenda: str) -> None:
        meeting = Meeting(
            village_id=self.village.village_id,
            cycle=cycle,
            stage=stage,
            status=MeetingStatus.PLANNED,
            held_on=day,
            place=self.fill(ed.PLACES[0]),
            facilitator=self.facilitator,
            agenda=self.fill(ed.AGENDA[agenda]),
            is_sample=True,
        )
        self.batch.add("meeting", meeting, at(ed.REFERENCE_DATE, 17))
        for group in self.groups:
            link = Meeting.groups.through(meeting=meeting, group=group)
            self.batch.add("meeting_group", link, at(ed.REFERENCE_DATE, 17))

    def write_minutes(self, minutes: Minutes, body: str, ending: str) -> None:
        women = sum(p.gender == Gender.FEMALE for p in minutes.present)
        opening = ed.MINUTES_OPENING.format(
            jam="09.30",
            ketua=self.chair.name if self.chair else "-",
            pendamping=self.facilitator.get_full_name(),
            hadir=len(minutes.present),
            perempuan=women,
            laki=len(minutes.present) - women,
            tamu=minutes.guests,
        )
        closing = f"{ending} Pertemuan ditutup pukul 12.00.".strip()
        minutes.meeting.minutes = f"{opening}\n\n{body}\n\n{closing}"

    # --- cycles -----------------------------------------------------------------------------

    def cycle(
        self, design: ed.CycleDesign, number: int, previous: Cycle | None, opened: date
    ) -> Cycle:
        closed = design.closed_on
        cycle = Cycle(
            village_id=self.village.village_id,
            year=design.year,
            number=number,
            stage=design.stage,
            status=CycleStatus.CLOSED if closed else CycleStatus.OPEN,
            previous=previous,
            opened_by=self.facilitator,
            closed_at=at(closed, 12) if closed else None,
            closed_by=self.facilitator if closed else None,
            is_sample=True,
        )
        self.batch.add("next_cycle" if previous else "cycle", cycle, at(opened))
        self.batch.stamp(cycle, "opened_at", at(opened))
        for group in self.groups:
            self.batch.add(
                "cycle_group", Cycle.groups.through(cycle=cycle, group=group), at(opened)
            )
        self.change(cycle, None, 1, opened, "Siklus dibuka")
        return cycle

    def change(
        self,
        cycle: Cycle,
        from_stage: int | None,
        to_stage: int,
        day: date,
        reason: str,
        closed: bool = False,
    ) -> None:
        change = StageChange(
            cycle=cycle,
            from_stage=from_stage,
            to_stage=to_stage,
            closed=closed,
            reason=reason,
            by=self.facilitator,
        )
        self.batch.add("stage_change", change, at(day, 16))
        self.batch.stamp(change, "at", at(day, 16))
