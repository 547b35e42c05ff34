"""The empowerment demo: the twelve programme villages of Bangka Tengah with their groups,
members (about 60 % women, some under 30, the village's IKM owners from the registry among
them), Hogan cycles at different stages, two to three years of meetings, action plans and the
support they ask of Disperindag as proposals for the next year.

Where each village stands is set in ``empowerment_data.VILLAGES``; the records are drawn from
the demo seed and the village code, so the same seed gives the same records. Dates are fixed
around ``empowerment_data.REFERENCE_DATE``.

Idempotent like the demo's selection rounds: a programme village that already has any group,
person or cycle (from an earlier run, or real records) is left as it is, so a second run
writes nothing and adds no history. Records are written in bulk, with their history rows.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import models
from simple_history.utils import bulk_create_with_history

from ovop.accounts.models import User
from ovop.demo import data
from ovop.demo import empowerment_data as ed
from ovop.demo.empowerment_build import ORDER, Batch, Owner, VillageBuilder, VillageInput
from ovop.demo.empowerment_content import CONTENT_ORDER, village_build
from ovop.demo.plan import DemoPlan, VillageInfo
from ovop.empowerment.models import Group, Person
from ovop.empowerment.models_cycle import Cycle, Theme
from ovop.enterprises.models import Enterprise
from ovop.programme.models import Programme, ProgrammeVillage


@dataclass(frozen=True)
class EmpowermentSummary:
    villages: int  # programme villages given their groups and cycles by this run
    left_alone: int  # programme villages that already had empowerment records
    groups: int
    people: int
    cycles: int
    meetings: int
    proposals: int


def female_name(name: str) -> bool:
    """Whether a demo owner's generated name is a woman's (``data`` name lists)."""
    if name in data.HAKKA_NAMES:
        return name in data.HAKKA_FEMALE
    return name.split()[0] in data.FEMALE_NAMES


def village_line(plan: DemoPlan, code: str) -> str:
    """The product the demo gives a village: a centre's signature, else its commonest line
    (on a tie, the one its part of the regency makes most)."""
    if code in data.CENTRES:
        return data.CENTRES[code].signature
    lines = [e.line for e in plan.enterprises if e.village.code == code]
    if not lines:
        return "keripik"
    counts = Counter(lines)
    mix = data.COASTAL_MIX if code in data.COASTAL else data.INLAND_MIX
    return max(counts, key=lambda line: (counts[line], mix.get(line, 0), -lines.index(line)))


def _inputs(
    plan: DemoPlan, enterprises: dict[int, Enterprise], programme: Programme
) -> tuple[list[VillageInput], int]:
    """The villages to load (ordered by code) and how many were left alone."""
    members = (
        ProgrammeVillage.objects.filter(programme=programme, archived_at__isnull=True)
        .select_related("village")
        .order_by("village__code")
    )
    busy: set[int] = set()
    for model in (Group, Person, Cycle):
        busy.update(model.objects.values_list("village_id", flat=True).distinct())
    linked = set(Person.objects.exclude(enterprise=None).values_list("enterprise_id", flat=True))
    inputs, left_alone = [], 0
    for member in members:
        village, design = member.village, ed.VILLAGES.get(member.village.code)
        if design is None:
            continue
        if village.pk in busy:
            left_alone += 1
            continue
        owners = tuple(
            Owner(ent.pk, ent.owner_name, female_name(ent.owner_name))
            for e in plan.enterprises
            if e.village.code == village.code
            for ent in (enterprises[id(e)],)
            if ent.pk not in linked and ent.archived_at is None
        )
        label = VillageInfo(village.code, village.name).label
        line = village_line(plan, village.code)
        inputs.append(VillageInput(village.pk, village.code, label, line, owners, design))
    return inputs, left_alone


def _write(batch: Batch, facilitator: User) -> None:
    for key, model in ORDER + CONTENT_ORDER:
        rows = batch.rows[key]
        if not rows:
            continue
        if hasattr(model, "history"):
            bulk_create_with_history(
                rows,
                model,
                batch_size=500,
                default_user=facilitator,
                default_change_reason=data.CHANGE_REASON,
            )
        else:
            model._default_manager.bulk_create(rows, batch_size=500)
    stamped: dict[tuple[type[models.Model], str], list[models.Model]] = defaultdict(list)
    for obj, field, when in batch.stamps:
        setattr(obj, field, when)  # auto-filled on insert: the demo's own dates instead
        stamped[(type(obj), field)].append(obj)
    for (model, field), objs in stamped.items():
        model._default_manager.bulk_update(objs, [field], batch_size=500)
        if hasattr(model, "history"):  # the creation row shows the date too
            history = model.history
            for obj in objs:
                history.filter(id=obj.pk).update(**{field: getattr(obj, field)})


def demo_empowerment_load(
    *,
    plan: DemoPlan,
    enterprises: dict[int, Enterprise],
    programme: Programme,
    facilitator: User,
    seed: int = data.DEFAULT_SEED,
) -> EmpowermentSummary:
    """Give each programme village without empowerment records its demo groups and cycles.

    ``enterprises`` are the demo's stored enterprises keyed by ``id()`` of their plan.
    """
    themes = {t.code: t for t in Theme.objects.filter(archived_at__isnull=True)}
    inputs, left_alone = _inputs(plan, enterprises, programme)
    batch = Batch(ORDER + CONTENT_ORDER)
    for village in inputs:
        rng = random.Random(f"empowerment:{seed}:{village.code}")
        village_build(VillageBuilder(rng, batch, village, facilitator), themes)
    _write(batch, facilitator)
    proposals = batch.rows["proposal"]
    return EmpowermentSummary(
        villages=len(inputs),
        left_alone=left_alone,
        groups=len(batch.rows["group"]),
        people=len(batch.rows["person"]),
        cycles=len(batch.rows["cycle"]) + len(batch.rows["next_cycle"]),
        meetings=len(batch.rows["meeting"]),
        proposals=len(proposals),
    )
