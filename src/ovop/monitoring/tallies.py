"""Keep the value tallies (``models_tallies.ValueTally``) equal to the values.

Every service that changes what counts in a round — values stored or removed, an entry
submitted, approved or sent back, a quality flag opened or settled, an enterprise moved to
another village or its main product's category changed — calls :func:`touch` with the round
inside its transaction. Outside :func:`batch` the round's rows are recomputed at once; inside
(an import of thousands of entries) the rounds are remembered and recomputed once when the
batch ends, still inside the caller's transaction. A round is recomputed whole: one grouped
query over its values (a regency's round of 2,000 IKM and ten indicators is 20,000 values),
the round's row locked first so that two writers of the same round recompute one after the
other and the second sees the first's values.

:func:`rebuild` recomputes every round and :func:`differences` compares the stored rows with a
fresh computation — ``ovop tallies --check`` and the tests use it to prove no write path is
missed.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Count, Exists, F, FloatField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Cast

from ovop.enterprises.models import Product
from ovop.enterprises.signals import enterprises_changed
from ovop.monitoring.choices import Breakdown, EntryStatus, FlagStatus
from ovop.monitoring.models_rounds import Respondent, Round
from ovop.monitoring.models_tallies import TallyLevel, ValueTally
from ovop.monitoring.models_values import Flag, Value

#: Entries whose values count (as the targets and the evaluation read them).
COUNTED = (EntryStatus.SUBMITTED, EntryStatus.APPROVED)
#: (indicator, arm, level, area code, category) → [n, total, total of squares, ones]
Key = tuple[int, str, str, str, str]
Sums = tuple[int, float, float, int]

_pending = threading.local()


def regency_of(kecamatan_code: str) -> str:
    """The regency's code of a kecamatan's code: "19.04.01" → "19.04"."""
    return ".".join(kecamatan_code.split(".")[:2])


@contextmanager
def batch() -> Iterator[None]:
    """Remember the rounds touched inside, recompute each once at the end."""
    outer = getattr(_pending, "rounds", None)
    if outer is not None:
        yield
        return
    _pending.rounds = set()
    try:
        yield
        rounds = sorted(_pending.rounds)
    finally:
        _pending.rounds = None
    for round_id in rounds:
        refresh(round_id)


def touch(round_ids: int | Iterable[int]) -> None:
    """The values that count in these rounds may have changed."""
    ids = {round_ids} if isinstance(round_ids, int) else set(round_ids)
    pending = getattr(_pending, "rounds", None)
    if pending is not None:
        pending.update(ids)
        return
    for round_id in sorted(ids):
        refresh(round_id)


def _counted_values(round_id: int) -> Iterator[tuple[int, str, str | None, str | None, Sums]]:
    doubting = Flag.objects.filter(status=FlagStatus.OPEN, respondent=OuterRef("respondent"))
    doubting = doubting.filter(Q(indicator=OuterRef("indicator")) | Q(indicator__isnull=True))
    main = Product.objects.filter(enterprise=OuterRef("respondent__enterprise")).order_by("pk")
    number = Cast("number", FloatField())
    rows = (
        Value.objects.filter(
            respondent__round_id=round_id,
            respondent__status__in=COUNTED,
            breakdown=Breakdown.TOTAL,
            number__isnull=False,
        )
        .filter(~Exists(doubting))
        .annotate(
            kecamatan=F("respondent__enterprise__village__parent__code"),
            main=Subquery(main.values("category")[:1]),
        )
        .values("indicator_id", "respondent__arm", "kecamatan", "main")
        .annotate(
            n=Count("pk"),
            total=Sum(number),
            total_sq=Sum(number * number),
            ones=Count("pk", filter=Q(number=1)),
        )
    )
    for row in rows:
        sums = (row["n"], row["total"] or 0.0, row["total_sq"] or 0.0, row["ones"])
        yield row["indicator_id"], row["respondent__arm"], row["kecamatan"], row["main"], sums


def computed(round_id: int) -> dict[Key, list[float]]:
    """The tallies of a round as its values say now (one query)."""
    found: dict[Key, list[float]] = defaultdict(lambda: [0, 0.0, 0.0, 0])
    for indicator, arm, kecamatan, main, sums in _counted_values(round_id):
        if kecamatan is None:
            continue
        for level, code in (
            (TallyLevel.KECAMATAN, kecamatan),
            (TallyLevel.REGENCY, regency_of(kecamatan)),
        ):
            for category in {main or "", ""}:
                into = found[(indicator, arm, str(level), code, category)]
                for i, part in enumerate(sums):
                    into[i] += part
    return found


def refresh(round_id: int) -> None:
    """Recompute the round's tallies (in the caller's transaction, or one of its own)."""
    with transaction.atomic():
        year = Round.objects.select_for_update().filter(pk=round_id).values_list("year", flat=True)
        years = list(year)
        if not years:
            return
        ValueTally.objects.filter(round_id=round_id).delete()
        ValueTally.objects.bulk_create(
            (
                ValueTally(
                    round_id=round_id,
                    indicator_id=indicator,
                    year=years[0],
                    arm=arm,
                    level=level,
                    area_code=code,
                    category=category,
                    n=int(sums[0]),
                    total=sums[1],
                    total_sq=sums[2],
                    ones=int(sums[3]),
                )
                for (indicator, arm, level, code, category), sums in computed(round_id).items()
            ),
            batch_size=2000,
        )


def stored(round_id: int) -> dict[Key, list[float]]:
    rows = ValueTally.objects.filter(round_id=round_id).values_list(
        "indicator_id", "arm", "level", "area_code", "category", "n", "total", "total_sq", "ones"
    )
    return {tuple(row[:5]): list(row[5:]) for row in rows}  # type: ignore[misc]


def _same(a: list[float], b: list[float]) -> bool:
    return all(abs(x - y) <= 1e-6 * max(1.0, abs(x), abs(y)) for x, y in zip(a, b, strict=True))


def differences(round_ids: Iterable[int] | None = None) -> list[tuple[int, Key]]:
    """The (round, key) whose stored tally differs from the values (empty: all current)."""
    ids = Round.objects.values_list("pk", flat=True) if round_ids is None else round_ids
    wrong = []
    for round_id in ids:
        now, kept = computed(round_id), stored(round_id)
        for key in sorted(set(now) | set(kept)):
            if key not in now or key not in kept or not _same(now[key], kept[key]):
                wrong.append((round_id, key))
    return wrong


def rebuild() -> int:
    """Recompute every round's tallies; how many rounds."""
    ids = list(Round.objects.values_list("pk", flat=True))
    for round_id in ids:
        refresh(round_id)
    return len(ids)


def _enterprises_changed(sender: object, enterprise_ids: list[int], **kwargs: object) -> None:
    """An enterprise moved or its products changed: its rounds' kecamatan and category
    groupings are recomputed."""
    rounds = Respondent.objects.filter(enterprise_id__in=enterprise_ids).values_list(
        "round_id", flat=True
    )
    touch(set(rounds))


def connect() -> None:
    enterprises_changed.connect(_enterprises_changed, dispatch_uid="monitoring-tallies")
