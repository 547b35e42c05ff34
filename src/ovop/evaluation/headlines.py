"""The headline estimate of each indicator of a programme, as the dashboard shows them.

An estimate is a regression per design over every enterprise of the programme: 0.1 s for a
regency of 2,000 IKM, 0.6 s per indicator for one of 8,646. The dashboard never waits for
them: they are computed by a background task (``tasks.headlines_task``) for one version of
the programme's data — a digest of its value tallies (every write of a value that counts
makes new tally rows), its villages and joining years and its evaluation settings — and
stored (``models.HeadlineSet``) in both languages. A reader whose data moved on sees the
previous headlines with the time they were computed and the note that new ones are on their
way; the task is asked for once per version (again if it has not answered in
``RETRY_AFTER``). With the immediate task backend (the tests, a machine without a worker)
the computation runs in the request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import get_language

from ovop.core.tasks import runs_at_once
from ovop.evaluation import presenting
from ovop.evaluation.impact import IndicatorImpact, indicator_impact, lag_years
from ovop.evaluation.models import HeadlineSet
from ovop.evaluation.selectors import indicators_asked
from ovop.evaluation.sentences import impact_sentence
from ovop.evaluation.services import settings_of
from ovop.monitoring.models import ValueTally
from ovop.programme.models import Programme

#: A computation asked for and not answered after this long is asked for again.
RETRY_AFTER = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class Headline:
    code: str
    name: str
    design: str
    estimate: str
    interval: str
    sentence: str
    significant: bool


@dataclass(frozen=True)
class Headlines:
    """What the dashboard shows: the headlines, when they were computed, and whether they
    are those of the data as it is now."""

    items: list[Headline] = field(default_factory=list)
    computed_at: dt.datetime | None = None
    current: bool = True


def data_version(programme: Programme) -> str:
    """A digest that changes whenever an estimate of the programme could (three queries)."""
    tallies = ValueTally.objects.filter(round__programme=programme).aggregate(
        last=Max("pk"), rows=Count("pk"), values=Sum("n"), total=Sum("total")
    )
    villages = programme.villages.filter(archived_at__isnull=True).aggregate(
        n=Count("pk"), years=Sum("joined_year"), last=Max("pk")
    )
    found = settings_of(programme)
    text = (
        f"{tallies['last']}.{tallies['rows']}.{tallies['values']}.{tallies['total']}."
        f"{villages['n']}.{villages['years']}."
        f"{villages['last']}.{found.effect_lag_years}.{found.band_limits_pct}"
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _headline(result: IndicatorImpact) -> Headline | None:
    row = presenting.headline_row(result)
    effect = result.headline_log or result.headline
    if row is None or effect is None:
        return None
    return Headline(
        code=result.indicator.code,
        name=result.indicator.name,
        design=row.label,
        estimate=row.estimate,
        interval=row.interval,
        sentence=impact_sentence(result),
        significant=effect.significant,
    )


def headlines_compute(programme_id: int) -> None:
    """Compute and store the programme's headlines for its data as they are now."""
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        return
    version = data_version(programme)
    if HeadlineSet.objects.filter(programme=programme, version=version).exists():
        return
    lag = lag_years(programme)
    results = [
        indicator_impact(programme=programme, indicator=i, lag=lag)
        for i in indicators_asked(programme)
    ]
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = [asdict(h) for h in map(_headline, results) if h is not None]
    HeadlineSet.objects.update_or_create(
        programme=programme,
        defaults={"version": version, "computed_at": timezone.now(), "headlines": texts},
    )


def _immediate() -> bool:
    return runs_at_once()


def _enqueue(programme_id: int) -> None:
    from ovop.evaluation import tasks  # the task module imports this one

    tasks.headlines_task.enqueue(programme_id)


def _ask(programme: Programme, version: str) -> None:
    """Ask the worker for this version once (again after ``RETRY_AFTER``)."""
    now = timezone.now()
    kept, _made = HeadlineSet.objects.get_or_create(programme=programme)
    asked = (
        HeadlineSet.objects.filter(pk=kept.pk)
        .exclude(Q(wanted=version) & Q(wanted_at__gt=now - RETRY_AFTER))
        .update(wanted=version, wanted_at=now)
    )
    if asked:
        transaction.on_commit(partial(_enqueue, programme.pk))


def headlines_read(programme: Programme) -> Headlines:
    """The programme's headlines in the active language: those of its current data, else the
    last computed (``current`` False) while the new ones are computed in the background."""
    version = data_version(programme)
    kept = HeadlineSet.objects.filter(programme=programme).first()
    if kept is None or kept.version != version:
        if _immediate():
            headlines_compute(programme.pk)
            kept = HeadlineSet.objects.get(programme=programme)
        else:
            _ask(programme, version)
    if kept is None or not kept.version:
        return Headlines(current=False)
    language = get_language() or settings.LANGUAGE_CODE
    rows = kept.headlines.get(language[:2]) or kept.headlines.get(settings.LANGUAGE_CODE, [])
    return Headlines(
        items=[Headline(**row) for row in rows],
        computed_at=kept.computed_at,
        current=kept.version == version,
    )
