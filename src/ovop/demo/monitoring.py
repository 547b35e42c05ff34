"""The monitoring demo: the survey rounds of the demo programme with a matched comparison group,
values from a simulation whose effects are known (``monitoring_simulation``, where the rounds'
design is too), entries in every state, data errors for the quality check, regency targets.

- "Survei IKM OVOP 2022 (baseline)", "Survei IKM OVOP 2024" (a shorter form) and "Survei IKM
  OVOP 2025"; each measures a year and is collected in the second half of the next one. The
  participants are the active enterprises of the programme's villages
  (``services_rounds.participants_pool``); the comparison group is what
  ``comparison_accept`` offers on the baseline (the nearest enterprise outside the programme's
  villages; a participant whose category and kecamatan run out of such enterprises stays
  unmatched), and the follow-ups ask the same comparison enterprises, each matched to the same
  participant as at baseline.
- 2022 and 2024 are locked with every entry approved; 2025 is open on the demo's reference
  date: most entries approved, some submitted and waiting for review, two returned, a few
  drafts and a few not started. Entries came by web form, office spreadsheet and KoboToolbox
  (whose submissions are recorded), more by Kobo each year.
- Planted in 2025 for the quality check: an omzet typed with three extra zeros (1000× the
  real figure, in an entry waiting for review), an entry whose answers copy another's (both by
  Kobo), and a competence score of 104.5, above the indicator's range of 0-100. No service
  stores a value outside the range (``answers.read_answer`` refuses it), so that one is written
  directly: it stands for a value entered before the range was narrowed (the 2025 test had a
  bonus part; the office has since bounded the score at 100).
- Targets of the regency for 2024 and 2025 (mean omzet, mean competence score, share selling
  online), their baselines the means of the 2022 round's participants.

Every other value is read through ``services_entry.answers_read``, as a form's would be, and
written in bulk without revisions (a first entry is not a change); respondents are written in
bulk with their entry states and dates set directly, the reviewer being the demo's officer.
Idempotent: when the programme has a round of these names (an earlier run, or someone's own),
nothing is written.
"""

from __future__ import annotations

import math
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Avg

from ovop.accounts.models import User
from ovop.demo import empowerment_data as ed
from ovop.demo import monitoring_simulation as sim
from ovop.demo.empowerment_build import at
from ovop.enterprises.models import Certification, Enterprise, Product
from ovop.monitoring import tallies
from ovop.monitoring.answers import MONEY_UNITS, round_questions
from ovop.monitoring.choices import Arm, EntryStatus, Origin, RoundKind, ValueType
from ovop.monitoring.defaults import indicators_install
from ovop.monitoring.models import Indicator, Respondent, Round, Submission, Target, Value
from ovop.monitoring.services_comparison import comparison_accept
from ovop.monitoring.services_entry import answers_read
from ovop.monitoring.services_indicators import target_set
from ovop.monitoring.services_quality import quality_refresh
from ovop.monitoring.services_rounds import participants_pool, round_create, round_lock
from ovop.programme.models import Programme, ProgrammeVillage

E = EntryStatus
RETURN_COMMENT = "Laba lebih besar dari omzet; mohon periksa kembali catatan penjualan."
#: (indicator, year, times the baseline, plus): the regency's targets.
TARGETS = (
    ("omzet", 2024, 1.2, 0.0), ("omzet", 2025, 1.5, 0.0),
    ("kompetensi", 2024, 1.0, 8.0), ("kompetensi", 2025, 1.0, 15.0),
    ("jual_daring", 2024, 1.0, 15.0), ("jual_daring", 2025, 1.0, 40.0),
)  # fmt: skip
TARGET_NOTE = "Target Renstra Disperindag (contoh untuk demo)"
#: The planted errors of the open round.
EXTRA_ZEROS = 1000
OUT_OF_RANGE = ("kompetensi", Decimal("104.5"))


@dataclass(frozen=True)
class MonitoringSummary:
    rounds: int  # survey rounds loaded by this run
    left_alone: int  # demo rounds that were there already
    respondents: int
    values: int
    targets: int


@dataclass
class Entry:
    respondent: Respondent
    raw: sim.Answers  # what was typed ({} when the enterprise is not in the panel)
    asked: int | None = None  # questions a draft answered (None: all)


class RoundLoad:
    """One round: its respondents' states, dates, values and field submissions."""

    def __init__(self, design: sim.RoundDesign, round_: Round, users: dict[str, User], seed: int):
        self.design, self.round = design, round_
        self.rng = random.Random(f"monitoring:{seed}:{design.year}")
        self.officer, self.facilitator = users["officer"], users["facilitator"]
        self.facilitated = set(self.facilitator.villages.values_list("pk", flat=True))
        self.questions = round_questions(round_)
        self.values: list[Value] = []
        self.submissions: list[Submission] = []
        self.beyond: Respondent | None = None  # gets the value outside its range

    @property
    def last_day(self) -> date:
        """The last day of submissions (reviews follow within three days)."""
        if self.design.locked_on is not None:
            return min(self.design.end, self.design.locked_on - timedelta(days=10))
        return ed.REFERENCE_DATE - timedelta(days=4)

    def entries(self, respondents: list[Respondent]) -> list[Entry]:
        """Give ``respondents`` their entry states (all approved in a round to be locked)."""
        entries = [Entry(r, {}) for r in respondents]
        states: list[str] = [E.APPROVED] * len(entries)
        if self.design.locked_on is None:
            states = [s for s, n in sim.OPEN_STATES for _i in range(n)]
            states = (states + [E.APPROVED] * len(entries))[: len(entries)]
            self.rng.shuffle(states)
        origins, weights = zip(*self.design.origins, strict=True)
        for entry, state in zip(entries, states, strict=True):
            origin = self.rng.choices(origins, weights)[0]
            if state == E.DRAFT:
                origin = self.rng.choice((Origin.WEB, Origin.SPREADSHEET))  # Kobo submits
                entry.asked = self.rng.randint(4, 9)
            self.stamp(entry.respondent, state, origin)
        return entries

    def stamp(self, r: Respondent, status: str, origin: str) -> None:
        """Set the entry's state, who sent it and when, and its review."""
        r.status, r.origin = status, "" if status == E.EMPTY else origin
        if status in (E.EMPTY, E.DRAFT):
            return
        first = self.design.start
        if status == E.SUBMITTED:  # the ones waiting came in lately
            first = self.last_day - timedelta(days=20)
        day = first + timedelta(days=self.rng.randint(0, (self.last_day - first).days))
        r.submitted_at = at(day, self.rng.randint(8, 16))
        web = origin == Origin.WEB and r.enterprise.village_id in self.facilitated
        r.submitted_by = self.facilitator if web else self.officer  # Kobo: who imported it
        if status in (E.APPROVED, E.RETURNED):
            r.reviewed_at = at(day + timedelta(days=self.rng.randint(1, 3)), 17)
            r.reviewed_by = self.officer
            r.review_comment = RETURN_COMMENT if status == E.RETURNED else ""

    def read(self, entry: Entry) -> None:
        """The entry's values as a form would store them; an answer the indicator (as an
        officer may have edited it) refuses is left blank."""
        names = [q.name for q in self.questions]
        raw = {n: entry.raw[n] for n in names[: entry.asked] if n in entry.raw}
        if not raw or entry.respondent.status == E.EMPTY:
            return
        try:
            answers = answers_read(self.questions, raw, complete=False)
        except ValidationError as error:
            refused = set(error.message_dict)
            raw = {n: v for n, v in raw.items() if n not in refused}
            answers = answers_read(self.questions, raw, complete=False)
        r = entry.respondent
        beyond = {q.indicator.pk for q in self.questions if q.name == OUT_OF_RANGE[0]}
        for (indicator_id, breakdown), answer in answers.items():
            if answer is None:
                continue
            number = answer[0]
            if r is self.beyond and indicator_id in beyond:
                number = OUT_OF_RANGE[1]  # written as stored before the range was narrowed
            self.values.append(
                Value(respondent=r, indicator_id=indicator_id, breakdown=breakdown,
                      number=number, choice=answer[1], origin=r.origin)
            )  # fmt: skip
        if r.origin == Origin.KOBO and r.submitted_at is not None:
            instance = f"uuid:{uuid.UUID(int=self.rng.getrandbits(128), version=4)}"
            self.submissions.append(
                Submission(round=self.round, respondent=r, instance_id=instance, chain=instance,
                           origin=Origin.KOBO, submitted_at=r.submitted_at)
            )  # fmt: skip

    def write(self, entries: list[Entry], stamped: list[Respondent]) -> None:
        """The new respondents (participants first: the comparison group points at them),
        the entry states of ``stamped`` (stored before), the values and field submissions."""
        new = [e.respondent for e in entries if e.respondent.pk is None]
        for arm in (Arm.PARTICIPANT, Arm.COMPARISON):
            Respondent.objects.bulk_create([r for r in new if r.arm == arm], batch_size=500)
        fields = ["status", "origin", "submitted_at", "submitted_by", "reviewed_at"]
        Respondent.objects.bulk_update(stamped, [*fields, "reviewed_by", "review_comment"])
        Value.objects.bulk_create(self.values, batch_size=1000)
        Submission.objects.bulk_create(self.submissions, batch_size=500)

    def close(self) -> None:
        """The round's own dates; locked through the service when its design says so."""
        created = at(self.design.start - timedelta(days=21), 9)
        Round.objects.filter(pk=self.round.pk).update(created_at=created, is_sample=True)
        Round.history.filter(id=self.round.pk, history_type="+").update(history_date=created)
        if self.design.locked_on is None:
            return
        round_lock(user=self.officer, round_=self.round)
        locked = at(self.design.locked_on, 14)
        Round.objects.filter(pk=self.round.pk).update(locked_at=locked)
        Round.history.filter(id=self.round.pk, history_change_reason="locked").update(
            history_date=locked, locked_at=locked
        )


# --- the panel --------------------------------------------------------------------------------


def _certificates(enterprise_ids: list[int]) -> dict[int, dict[int, int]]:
    """Certificates valid at the end of each year measured, per enterprise."""
    counts: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    rows = Certification.objects.filter(enterprise_id__in=enterprise_ids, archived_at=None)
    for enterprise_id, issued, expires in rows.values_list(
        "enterprise_id", "issued_on", "expires_on"
    ):
        for year in sim.YEARS:
            end = date(year, 12, 31)
            if (issued is None or issued <= end) and (expires is None or expires >= end):
                counts[enterprise_id][year] += 1
    return counts


def _firms(baseline: Round, programme: Programme) -> dict[int, sim.Firm]:
    """The baseline's enterprises with their registry figures, by enterprise pk."""
    joined = dict(
        ProgrammeVillage.objects.filter(programme=programme).values_list(
            "village_id", "joined_year"
        )
    )
    rows = baseline.respondents.order_by("pk").values_list("enterprise_id", "arm")
    arms = dict(rows)
    products: dict[int, list[Product]] = defaultdict(list)
    for product in Product.objects.filter(enterprise_id__in=arms, archived_at=None).order_by("pk"):
        products[product.enterprise_id].append(product)
    certificates = _certificates(list(arms))
    firms: dict[int, sim.Firm] = {}
    for e in Enterprise.objects.filter(pk__in=arms).order_by("pk"):
        made = products[e.pk]
        main = made[0] if made else None
        firms[e.pk] = sim.Firm(
            participant=arms[e.pk] == Arm.PARTICIPANT, joined_year=joined.get(e.village_id),
            monthly_sales_idr=e.annual_sales_idr / 12, investment_idr=e.investment_idr,
            workers_female=e.workers_female, workers_male=e.workers_male,
            product_types=max(len(made), 1), price_idr=main.price_idr if main else 10_000,
            kg_per_unit=sim.kg_per_unit(main.unit if main else ""),
            local_material_pct=main.local_material_pct if main else 80,
            certificates=dict(certificates[e.pk]),
        )  # fmt: skip
    return firms


def _simulated(firms: dict[int, sim.Firm], seed: int) -> dict[int, dict[int, sim.Answers]]:
    """Year -> enterprise pk -> answers."""
    keys = list(firms)
    years = sim.simulate([firms[k] for k in keys], seed=seed)
    return {year: dict(zip(keys, rows, strict=True)) for year, rows in years.items()}


# --- the planted errors of the open round -----------------------------------------------------


def _plant(load: RoundLoad, entries: list[Entry], baseline: dict[int, sim.Answers]) -> None:
    """An omzet with three extra zeros (an entry waiting for review), an approved entry copied
    into a waiting one (both by Kobo), and an approved participant's score beyond its range."""
    full = [e for e in entries if e.asked is None and e.raw]
    waiting = [e for e in full if e.respondent.status == E.SUBMITTED]
    approved = [e for e in full if e.respondent.status == E.APPROVED]
    omzet = next((q.indicator for q in load.questions if q.name == "omzet"), None)
    if omzet is None or not waiting or not approved:
        return
    high = float(omzet.max_value) if omzet.max_value is not None else math.inf
    typo = next(e for e in waiting if float(e.raw["omzet"]) * EXTRA_ZEROS <= high)
    typo.raw = {**typo.raw, "omzet": int(typo.raw["omzet"]) * EXTRA_ZEROS}
    typo.respondent.origin, typo.respondent.submitted_by = Origin.SPREADSHEET, load.officer
    _score, i, j = min(
        (sim.distance(a.raw, baseline.get(b.respondent.enterprise_id, {})), i, j)
        for i, a in enumerate(approved)
        for j, b in enumerate(waiting)
        if b is not typo
    )
    original, copy = approved[i], waiting[j]
    copy.raw = dict(original.raw)
    for entry in (original, copy):
        entry.respondent.origin, entry.respondent.submitted_by = Origin.KOBO, load.officer
    load.beyond = next(
        e.respondent for e in approved if e is not original and e.respondent.arm == Arm.PARTICIPANT
    )


# --- rounds and targets -----------------------------------------------------------------------


def _create(
    design: sim.RoundDesign, user: User, programme: Programme, baseline: Round | None
) -> Round:
    indicators = Indicator.objects.filter(code__in=design.codes, archived_at=None)
    order = {code: i for i, code in enumerate(design.codes)}
    return round_create(
        user=user, programme=programme, name=design.name, year=design.year,
        kind=RoundKind.BASELINE if baseline is None else RoundKind.FOLLOW_UP,
        period_start=design.start, period_end=design.end, baseline=baseline,
        indicators=sorted(indicators, key=lambda i: order[i.code]),
    )  # fmt: skip


def _participants(round_: Round) -> list[Respondent]:
    return [
        Respondent(round=round_, enterprise=e, arm=Arm.PARTICIPANT)
        for e in participants_pool(round_)
    ]


def _comparison_again(
    baseline: Round, round_: Round, participants: list[Respondent]
) -> list[Respondent]:
    """The baseline's comparison enterprises, each matched to the same participant."""
    by_enterprise = {r.enterprise_id: r for r in participants}
    rows = baseline.respondents.filter(arm=Arm.COMPARISON).select_related("matched_to")
    return [
        Respondent(
            round=round_,
            enterprise=c.enterprise,
            arm=Arm.COMPARISON,
            distance=c.distance,
            matched_to=by_enterprise.get(c.matched_to.enterprise_id) if c.matched_to else None,
        )
        for c in rows.select_related("enterprise").order_by("pk")
    ]


def _baseline_entries(load: RoundLoad, user: User) -> tuple[list[Entry], list[Respondent]]:
    """The baseline's participants, stored before its comparison group is matched to them,
    and the comparison group ``comparison_accept`` adds (whose states are still to store)."""
    entries = load.entries(_participants(load.round))
    Respondent.objects.bulk_create([e.respondent for e in entries], batch_size=500)
    comparison_accept(user=user, round_=load.round)
    added = load.round.respondents.filter(arm=Arm.COMPARISON).select_related("enterprise")
    accepted = list(added.order_by("pk"))
    return entries + load.entries(accepted), accepted


def _baseline_of(round_: Round, indicator: Indicator) -> Decimal | None:
    """The mean (a yes/no: the percent saying yes) of the approved participants."""
    mean = (
        Value.objects.filter(
            respondent__round=round_,
            respondent__arm=Arm.PARTICIPANT,
            respondent__status=E.APPROVED,
            indicator=indicator,
            breakdown="",
        )
        .aggregate(mean=Avg("number"))
        .get("mean")
    )
    if mean is None:
        return None
    if indicator.value_type == ValueType.BOOLEAN:
        mean = Decimal(mean) * 100
    return Decimal(mean).quantize(Decimal(1) if indicator.unit in MONEY_UNITS else Decimal("0.1"))


def _targets(baseline: Round, user: User) -> int:
    """The regency's targets not set yet, from the participants' means at baseline."""
    regency = baseline.programme.regency
    indicators = {i.code: i for i in Indicator.objects.filter(archived_at=None)}
    set_before = set(Target.objects.filter(region=regency).values_list("indicator__code", "year"))
    written = 0
    for code, year, times, plus in TARGETS:
        indicator = indicators.get(code)
        base = None if indicator is None else _baseline_of(baseline, indicator)
        if indicator is None or base is None or (code, year) in set_before:
            continue
        step = Decimal(10_000) if indicator.unit in MONEY_UNITS else Decimal("0.1")
        aim = (Decimal(str(float(base) * times + plus)) / step).quantize(Decimal(1)) * step
        target_set(user=user, indicator=indicator, region=regency, year=year, target_value=aim,
                   baseline_value=base, note=TARGET_NOTE)  # fmt: skip
        written += 1
    return written


def demo_monitoring_load(
    *, programme: Programme, users: dict[str, User], seed: int
) -> MonitoringSummary:
    """The demo's survey rounds and targets, unless the programme has the rounds already."""
    names = {d.name.casefold() for d in sim.ROUNDS}
    stored = Round.objects.filter(programme=programme).values_list("name", flat=True)
    there = sum(1 for name in stored if name.casefold() in names)
    if there:
        return MonitoringSummary(0, there, 0, 0, 0)
    officer = users["officer"]
    indicators_install(Indicator)  # the shipped indicators, if a database lost them
    baseline: Round | None = None
    answers: dict[int, dict[int, sim.Answers]] = {}
    respondents = values = 0
    for design in sim.ROUNDS:
        load = RoundLoad(design, _create(design, officer, programme, baseline), users, seed)
        stamped: list[Respondent] = []
        if baseline is None:
            entries, stamped = _baseline_entries(load, officer)
            answers = _simulated(_firms(load.round, programme), seed)
        else:
            people = _participants(load.round)
            entries = load.entries(people + _comparison_again(baseline, load.round, people))
        for entry in entries:
            entry.raw = answers[design.year].get(entry.respondent.enterprise_id, {})
        if design.locked_on is None:
            _plant(load, entries, answers[sim.BASE_YEAR])
        for entry in entries:
            load.read(entry)
        load.write(entries, stamped)
        load.close()
        tallies.refresh(load.round.pk)  # the values were written in bulk, past the services
        baseline = baseline or load.round
        respondents, values = respondents + len(entries), values + len(load.values)
        if design.locked_on is None:  # the open round: its planted errors flagged at once
            quality_refresh(user=officer, round_=load.round)
    assert baseline is not None
    targets = _targets(baseline, officer)
    return MonitoringSummary(len(sim.ROUNDS), 0, respondents, values, targets)
