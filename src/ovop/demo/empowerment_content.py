"""What each stage of a demo cycle produced, meeting by meeting: experiences with their themes,
reasons linked to them, problems with votes and the one chosen, power bases, and the action
plan with its proposals, monitoring meetings and the review that closes a cycle.

Unsaved instances only, filed in the village's ``Batch`` (see ``empowerment_build``).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models

from ovop.demo import empowerment_data as ed
from ovop.demo.empowerment_build import Minutes, VillageBuilder, at, rupiah
from ovop.empowerment.choices import Gender
from ovop.empowerment.models import Person
from ovop.empowerment.models_actions import (
    Action,
    ActionStatus,
    ProposalStatus,
    SupportProposal,
)
from ovop.empowerment.models_cycle import Cycle, Experience, PowerBase, Problem, Reason, Theme

CONTENT_ORDER: tuple[tuple[str, type[models.Model]], ...] = (
    ("experience", Experience),
    ("experience_theme", Experience.themes.through),
    ("reason", Reason),
    ("reason_experience", Reason.experiences.through),
    ("problem", Problem),
    ("power_base", PowerBase),
    ("action", Action),
    ("carried", Action),
    ("proposal", SupportProposal),
    ("beneficiary", SupportProposal.beneficiaries.through),
)
#: Guests by stage meeting: the village head opens, BUMDes maps power bases, the office plans.
STAGE_GUESTS = {1: ("head",), 2: (), 3: ("pkk",), 4: ("bumdes",), 5: ("office", "head")}
EXPERIENCES_PER_CYCLE = 6
REASONS_PER_CYCLE = 4
DUE_FIRST, DUE_STEP = 45, 70  # days from the stage 5 meeting to the first due date, and between


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class CycleWork:
    """The meetings and content of one cycle of a village."""

    def __init__(
        self,
        village: VillageBuilder,
        themes: dict[str, Theme],
        cycle: Cycle,
        design: ed.CycleDesign,
    ) -> None:
        self.v, self.themes, self.cycle, self.design = village, themes, cycle, design
        self.rng = village.rng
        self.second = cycle.number > 1
        self.experiences: list[tuple[Experience, tuple[str, ...]]] = []
        self.actions: list[Action] = []

    def add(self, key: str, obj: models.Model, day: date) -> None:
        self.v.batch.add(key, obj, at(day, 17))

    def run(self, carried: list[Action]) -> list[Action]:
        """Hold the cycle's meetings; returns the actions still open at its end."""
        design, day = self.design, self.design.first_meeting
        self.carry(carried)
        for stage in range(1, design.stage + 1):
            day = design.first_meeting + timedelta(
                days=(stage - 1) * design.step + self.rng.randint(0, 4)
            )
            minutes = self.v.meeting(self.cycle, stage, day, str(stage), STAGE_GUESTS[stage])
            body = self.stage(stage, minutes)
            ending = ed.MINUTES_GO_ON
            if stage < design.stage:
                ending = ed.MINUTES_NEXT.format(tahap=stage + 1)
                self.v.change(self.cycle, stage, stage + 1, day, f"Tahap {stage} selesai")
            self.v.write_minutes(minutes, body, ending)
        if design.stage == 5:
            self.monitor(day)
        if design.closed_on:
            self.review(design.closed_on)
        return [a for a in self.actions if a.is_open]

    def stage(self, stage: int, minutes: Minutes) -> str:
        if stage == 1:
            return self.recall(minutes)
        if stage == 2:
            return self.reasons(minutes)
        if stage == 3:
            return self.problems(minutes)
        if stage == 4:
            return self.power_bases(minutes)
        return self.plan(minutes)

    # --- stages 1 to 4 ------------------------------------------------------------------------

    def recall(self, minutes: Minutes) -> str:
        day = minutes.meeting.held_on
        if self.second:
            chosen = list(ed.SECOND_EXPERIENCES)
        else:
            pool = ed.EXPERIENCES[self.v.family]
            picks = sorted(self.rng.sample(range(len(pool)), EXPERIENCES_PER_CYCLE))
            chosen = [pool[i] for i in picks]
        for said in chosen:
            text = _sentence(self.v.fill(said.text))
            experience = Experience(
                cycle=self.cycle, kind=said.kind, text=text, meeting=minutes.meeting
            )
            self.add("experience", experience, day)
            for code in said.themes:
                if code in self.themes:
                    link = Experience.themes.through(experience=experience, theme=self.themes[code])
                    self.add("experience_theme", link, day)
            self.experiences.append((experience, said.themes))
        codes = sorted({c for said in chosen for c in said.themes if c in self.themes})
        weak = sum(said.kind == ed.D for said in chosen)
        return ed.MINUTES["1"].format(
            n=len(chosen),
            lemah=weak,
            kuat=len(chosen) - weak,
            contoh=self.experiences[0][0].text,
            tema=", ".join(self.themes[c].name_id.lower() for c in codes),
        )

    def reasons(self, minutes: Minutes) -> str:
        day = minutes.meeting.held_on
        count = REASONS_PER_CYCLE - 1 if self.second else REASONS_PER_CYCLE
        picks = sorted(self.rng.sample(range(len(ed.REASONS)), count))
        texts = []
        for said in (ed.REASONS[i] for i in picks):
            reason = Reason(cycle=self.cycle, text=said.text, meeting=minutes.meeting)
            self.add("reason", reason, day)
            explained = [e for e, themes in self.experiences if set(themes) & set(said.themes)]
            for experience in explained or [self.experiences[0][0]]:
                link = Reason.experiences.through(reason=reason, experience=experience)
                self.add("reason_experience", link, day)
            texts.append(said.text)
        return ed.MINUTES["2"].format(n=len(texts), contoh=texts[0])

    def problems(self, minutes: Minutes) -> str:
        rng, present = self.rng, len(minutes.present)
        pool = ed.SECOND_PROBLEMS if self.second else ed.PROBLEMS[self.v.family]
        first = present // 2 + 1 + rng.randint(0, 2)
        rest = max(0, present - first - rng.randint(0, 2))
        second = rng.randint(rest // 2, rest)
        votes = (first, second, rest - second)
        for said, n in zip(pool, votes, strict=True):
            problem = Problem(
                cycle=self.cycle,
                kind=said.kind,
                title=_sentence(self.v.fill(said.text)),
                votes=n,
                chosen=n == first,
            )
            self.add("problem", problem, minutes.meeting.held_on)
        titles = [_sentence(self.v.fill(s.text)) for s in pool]
        tally = "; ".join(f"{t} ({n} suara)" for t, n in zip(titles, votes, strict=True))
        return ed.MINUTES["3"].format(n=len(pool), suara=tally, pilihan=titles[0])

    def power_bases(self, minutes: Minutes) -> str:
        chair = self.v.chair
        for design in ed.POWER_BASES:
            holder = self.v.fill(design.holder) if design.holder else (chair.name if chair else "")
            base = PowerBase(
                cycle=self.cycle,
                kind=design.kind,
                description=_sentence(self.v.fill(design.description)),
                holder=holder,
                holder_person=None if design.holder else chair,
            )
            self.add("power_base", base, minutes.meeting.held_on)
        listed = "; ".join(_sentence(self.v.fill(d.description)) for d in ed.POWER_BASES)
        return ed.MINUTES["4"].format(n=len(ed.POWER_BASES), daftar=listed)

    # --- stage 5: the action plan -------------------------------------------------------------

    def _in_charge(self, index: int, support: str) -> Person | None:
        owners = self.v.owner_people
        if support.startswith("cert_") and owners:
            return owners[index % len(owners)]
        members = self.v.members[id(self.v.groups[0])]
        return members[(index * 3) % len(members)]

    def plan(self, minutes: Minutes) -> str:
        day, rng = minutes.meeting.held_on, self.rng
        planned = []
        for i, design in enumerate(ed.ACTIONS[self.v.family]):
            cost = round(design.cost_idr * rng.choice((0.8, 0.9, 1.0, 1.1, 1.2)) / 50_000) * 50_000
            action = Action(
                cycle=self.cycle,
                title=_sentence(self.v.fill(design.title)),
                person_in_charge=self._in_charge(i, design.support),
                due_on=day + timedelta(days=DUE_FIRST + i * DUE_STEP),
                cost_idr=cost,
                support=design.support,
                propose=design.support not in ed.NOT_PROPOSED,
            )
            planned.append(action)
        self._statuses(planned, self.design.closed_on or ed.REFERENCE_DATE)
        for action in planned:
            self.add("action", action, day)
            if action.propose:
                self._proposal(action, day)
        self.actions += planned
        return ed.MINUTES["5"].format(
            n=len(planned),
            biaya=rupiah(sum(a.cost_idr for a in planned)),
            usul=sum(a.propose for a in planned),
            tahun=self.cycle.year + 1,
        )

    def _statuses(self, actions: list[Action], end: date) -> None:
        """Done when due by ``end``, except the last ``open_past_due`` of those (alternately
        under way and not started); of the later ones the first is under way, the rest
        planned."""
        past = [a for a in actions if a.due_on <= end]
        future = [a for a in actions if a.due_on > end]
        keep_open = min(self.design.open_past_due, len(past))
        for action in past[: len(past) - keep_open]:
            action.status, action.percent_done = ActionStatus.DONE, 100
        open_ones = [(a, j % 2 == 0) for j, a in enumerate(past[len(past) - keep_open :])]
        open_ones += [(a, j == 0) for j, a in enumerate(future)]
        for action, under_way in open_ones:
            action.status = ActionStatus.IN_PROGRESS if under_way else ActionStatus.PLANNED
            action.percent_done = self.rng.randint(2, 8) * 10 if under_way else 0
        if self.design.dropped is not None:
            dropped = actions[self.design.dropped]
            dropped.status, dropped.percent_done = ActionStatus.DROPPED, 0

    def _proposal(self, action: Action, day: date) -> None:
        first = self.v.groups[0]
        cert = action.support.startswith("cert_")
        youth = [g for g in self.v.groups if g.kind == ed.YOUTH]
        people = self.v.members[id(first)]
        if cert and self.v.owner_people:
            people = self.v.owner_people
        elif action.support == "training" and youth:
            people = self.v.members[id(youth[0])]
        women = sum(p.gender == Gender.FEMALE for p in people)
        proposal = SupportProposal(
            action=action,
            support=action.support,
            cost_idr=action.cost_idr,
            village_id=self.v.village.village_id,
            group=first,
            for_year=self.cycle.year + 1,
            beneficiaries_female=women,
            beneficiaries_male=len(people) - women,
            status=(
                ProposalStatus.WITHDRAWN
                if action.status == ActionStatus.DROPPED
                else ProposalStatus.PROPOSED
            ),
        )
        self.add("proposal", proposal, day)
        for person in people:
            link = SupportProposal.beneficiaries.through(supportproposal=proposal, person=person)
            self.add("beneficiary", link, day)

    def monitor(self, planned_on: date) -> None:
        end = self.design.closed_on or ed.REFERENCE_DATE
        day = planned_on + timedelta(days=ed.MONITORING_DAYS)
        while day <= end - timedelta(days=20):
            guests = ("office",) if day.month % 2 else ()
            minutes = self.v.meeting(self.cycle, 5, day, "monitor", guests)
            soon = [
                a.title
                for a in self.actions
                if day < a.due_on <= day + timedelta(days=ed.MONITORING_DAYS)
            ]
            listed = "; ".join(soon) or "kegiatan yang belum selesai"
            self.v.write_minutes(minutes, ed.MINUTES["monitor"].format(daftar=listed), "")
            day += timedelta(days=ed.MONITORING_DAYS)

    def review(self, day: date) -> None:
        minutes = self.v.meeting(self.cycle, 5, day, "review", ("head", "office"))
        done = [a.title for a in self.actions if a.status == ActionStatus.DONE]
        achieved = "Selesai: " + "; ".join(done) + "."
        self.cycle.achievements = achieved
        left = sum(a.is_open for a in self.actions)
        body = ed.MINUTES["review"].format(capaian=achieved, sisa=left)
        self.v.write_minutes(minutes, body, "")
        self.v.change(self.cycle, 5, 5, day, "Tinjauan: siklus ditutup", closed=True)

    def carry(self, carried: list[Action]) -> None:
        """Copies of the previous cycle's open actions: one done since, one overdue, the rest
        under way."""
        for k, original in enumerate(carried):
            due = ed.CARRIED_DUE[k % len(ed.CARRIED_DUE)]
            status, percent = ActionStatus.IN_PROGRESS, max(original.percent_done, 30)
            if k == 0:
                status, percent = ActionStatus.DONE, 100
            elif k == 1:
                percent = min(90, percent + 20)
            copy = Action(
                cycle=self.cycle,
                title=original.title,
                person_in_charge=original.person_in_charge,
                due_on=due,
                cost_idr=original.cost_idr,
                support=original.support,
                propose=False,
                status=status,
                percent_done=percent,
                carried_from=original,
            )
            self.actions.append(copy)
            self.add("carried", copy, self.design.first_meeting)


def village_build(village: VillageBuilder, themes: dict[str, Theme]) -> None:
    """All records of one village: groups with members, then each cycle in turn."""
    for index, kind in enumerate(village.village.design.kinds):
        village.group(kind, index)
    previous: Cycle | None = None
    carried: list[Action] = []
    for number, design in enumerate(village.village.design.cycles, start=1):
        if previous is None:
            opened = design.first_meeting - timedelta(days=14)
        else:
            opened = _closed_on(village.village.design, number - 1)
        cycle = village.cycle(design, number, previous, opened)
        carried = CycleWork(village, themes, cycle, design).run(carried)
        previous = cycle
    planned_on = village.village.design.planned_on
    if planned_on is not None and previous is not None:
        stage = village.village.design.cycles[-1].stage
        village.planned(previous, stage, planned_on, "monitor" if stage == 5 else str(stage))


def _closed_on(design: ed.VillageDesign, number: int) -> date:
    closed = design.cycles[number - 1].closed_on
    assert closed is not None, "a village's later cycle follows a closed one"
    return closed
