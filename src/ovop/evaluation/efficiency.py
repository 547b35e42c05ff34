"""The evaluation's second question, "at what cost?": a programme's budget absorption and
physical progress by fiscal year, and by activity type the money realised, the IKM reached and
the cost per unit of outcome gained (rupiah per rupiah of extra monthly revenue, per point of
competence, per certificate obtained).

Which activities are the programme's. A fiscal year (``planning.FiscalYear``) belongs to the
whole installation, not to a programme, and an activity knows its village, not a programme. So
a programme's activities in fiscal year Y are those in the villages that take part in it and
had joined by Y (``ProgrammeVillage``, not archived, ``joined_year`` ≤ Y) — the rule the budget
plan uses for "programme villages" (``planning.candidates.programme_village_ids``). Its fiscal
years are those recorded from the programme's start year on. Every village of a programme lies
in its regency, so this also keeps to the regency.

Money and progress are the realisation report's (``planning.selectors_realisation``) narrowed to
those villages, each year as at the month the report opens at (``default_month``: this month for
the running year, December for a past one, January for one still to come). As in the report,
cancelled activities are left out of the money, the progress and the types' figures; their
participants and outputs are left out with them. Absorption is also given unrounded
(``analysis.effectiveness.absorption``) for the API.

Outcomes (``efficiency_outcomes``): the effect on revenue and competence of the enterprises
that attended a type's activities, against the whole comparison group, and its cost per unit
with Fieller's interval. The money and the enterprises counted are those of the fiscal years up
to the last year the indicator is measured. The effect is that of the programme on those
enterprises, which may have taken part in other types too: it is not the effect of the type
alone, and the types' gains overlap (they must not be added up). Certificates: the money of the
type's activities ÷ the certificates obtained through them (outputs holding a certificate
record) — a count, so without an interval.

Queries: three per fiscal year (the report's), five per outcome indicator (its panel), and a
few more, whatever the number of activities and values.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.analysis.effectiveness import absorption
from ovop.evaluation import scope
from ovop.evaluation.efficiency_outcomes import OUTCOMES, Outcome, Spending, type_outcome
from ovop.evaluation.impact import lag_years
from ovop.evaluation.panel import Panel, indicator_panel
from ovop.monitoring.models import Indicator
from ovop.planning.choices import ActivityType
from ovop.planning.figures_realisation import ActivityFigures, Row, row_of
from ovop.planning.models import FiscalYear, Output, Participant
from ovop.planning.selectors_realisation import Realisation, default_month, realisation_get
from ovop.programme.models import Programme, ProgrammeVillage


@dataclass(frozen=True)
class YearLine:
    """One fiscal year of the programme: the realisation report of its villages."""

    figures: Realisation
    #: The programme's villages that had joined by this year.
    villages: int

    @property
    def year(self) -> int:
        return self.figures.year

    @property
    def total(self) -> Row:
        return self.figures.total

    @property
    def absorption(self) -> float | None:
        """Realised ÷ planned, unrounded (None when nothing is planned)."""
        return absorption(self.total.realised_idr, self.total.planned_idr)

    @property
    def reason(self) -> str:
        """Why the year has no figures to read, or ""."""
        if not self.villages:
            return _("no village of the programme had joined by %(year)s") % {"year": self.year}
        if not self.figures.activities:
            return _("no activity in the programme's villages in this fiscal year")
        if not self.total.planned_idr:
            return _("every activity of this year is cancelled")
        if not self.total.realised_idr:
            return _("nothing realised yet")
        return ""


@dataclass(frozen=True)
class Years:
    lines: tuple[YearLine, ...]
    #: Why there is no fiscal year at all, or "".
    reason: str


@dataclass(frozen=True)
class TypeLine:
    """One activity type across the programme's fiscal years."""

    activity_type: str
    #: The realisation figures of the type's activities (cancelled ones counted apart).
    row: Row
    years: tuple[int, ...]
    enterprises: int
    participants: int
    certificates: int
    outcomes: tuple[Outcome, ...]

    @property
    def label(self) -> str:
        return str(ActivityType(self.activity_type).label)

    @property
    def per_certificate_idr(self) -> float | None:
        if not self.certificates or not self.row.realised_idr:
            return None
        return self.row.realised_idr / self.certificates

    @property
    def certificate_reason(self) -> str:
        if not self.certificates:
            return _("no certificate obtained through these activities")
        if not self.row.realised_idr:
            return _("nothing realised yet")
        return ""


@dataclass(frozen=True)
class Efficiency:
    programme: Programme
    years: Years
    types: tuple[TypeLine, ...]
    #: Why there is no activity type to show, or "".
    types_reason: str
    #: How many records the figures read: activities (cancelled included), attended
    #: participants with an IKM, outputs holding a certificate.
    inputs: dict[str, int]


def _programme_villages(programme: Programme, year: int) -> Q:
    """The programme's activities of fiscal year ``year``: those in its villages joined by then."""
    joined = ProgrammeVillage.objects.filter(
        programme=programme, archived_at__isnull=True, joined_year__lte=year
    )
    return Q(village__in=joined.values("village"))


def programme_years(
    *,
    user: User,
    programme: Programme,
    today: dt.date | None = None,
    until_year: int | None = None,
) -> Years:
    """The realisation of each fiscal year of the programme in its villages (up to
    ``until_year`` when given)."""
    scope.require_reader(user)
    today = today or timezone.localdate()
    found = FiscalYear.objects.filter(year__gte=programme.start_year)
    if until_year is not None:
        found = found.filter(year__lte=until_year)
    fiscal_years = list(found.order_by("year"))
    if not fiscal_years:
        reason = _(
            "no fiscal year from %(year)s (the programme's start) on is recorded in the budget "
            "plan yet"
        ) % {"year": programme.start_year}
        return Years((), reason)
    joined = list(
        ProgrammeVillage.objects.filter(programme=programme, archived_at__isnull=True)
        .values_list("joined_year", flat=True)
        .order_by()
    )
    lines = []
    for fiscal_year in fiscal_years:
        year = fiscal_year.year
        figures = realisation_get(
            user=user,
            fiscal_year=fiscal_year,
            month=default_month(year, today),
            where=_programme_villages(programme, year),
        )
        lines.append(YearLine(figures, sum(1 for j in joined if j <= year)))
    return Years(tuple(lines), "")


def _active(years: Years) -> dict[int, tuple[int, ActivityFigures]]:
    """Every activity counted (not cancelled), by its key, with its fiscal year."""
    return {a.pk: (line.year, a) for line in years.lines for a in line.figures.active}


def _spending(
    active: dict[int, tuple[int, ActivityFigures]], enterprises: dict[int, set[int]], kind: str
) -> dict[int, Spending]:
    """The type's spending in the fiscal years up to each year it has activities in."""
    by_year: dict[int, list[ActivityFigures]] = defaultdict(list)
    for year, activity in active.values():
        if activity.activity_type == kind:
            by_year[year].append(activity)
    result = {}
    for year in sorted(by_year):
        chosen = [a for y in by_year if y <= year for a in by_year[y]]
        reached = frozenset(e for a in chosen for e in enterprises.get(a.pk, ()))
        result[year] = Spending(sum(a.realised_idr for a in chosen), len(chosen), reached)
    return result


def _spending_up_to(per_year: dict[int, Spending], year: int) -> Spending:
    reached = [y for y in per_year if y <= year]
    return per_year[max(reached)] if reached else Spending(0, 0, frozenset())


def _outcome_panels(
    programme: Programme, until_year: int | None
) -> list[tuple[str, Indicator | None, Panel | None]]:
    found = {i.code: i for i in Indicator.objects.filter(code__in=OUTCOMES)}
    panels = []
    for code in OUTCOMES:
        indicator = found.get(code)
        panel = (
            indicator_panel(programme=programme, indicator=indicator, until_year=until_year)
            if indicator
            else None
        )
        panels.append((code, indicator, panel))
    return panels


@dataclass(frozen=True)
class Reach:
    """Whom and what the counted activities reached, by activity."""

    enterprises: dict[int, set[int]]
    participants: Counter[int]
    certificates: Counter[int]


def _reach(active: dict[int, tuple[int, ActivityFigures]]) -> Reach:
    """Two queries: the attended participants with an IKM, the outputs with a certificate."""
    attended = Participant.objects.filter(
        activity_id__in=list(active), attended=True, enterprise__isnull=False
    ).values_list("activity_id", "enterprise_id")
    enterprises: dict[int, set[int]] = defaultdict(set)
    participants: Counter[int] = Counter()
    for activity, enterprise in attended:
        enterprises[activity].add(enterprise)
        participants[activity] += 1
    certificates = Counter(
        Output.objects.filter(activity_id__in=list(active), certification__isnull=False)
        .values_list("activity_id", flat=True)
        .order_by()
    )
    return Reach(enterprises, participants, certificates)


def _type_line(
    kind: str,
    mine: list[tuple[int, ActivityFigures]],
    active: dict[int, tuple[int, ActivityFigures]],
    reach: Reach,
    outcome: Callable[..., tuple[Outcome, ...]],
) -> TypeLine:
    pks = [a.pk for _year, a in mine if not a.cancelled]
    per_year = _spending(active, reach.enterprises, kind)
    spending = partial(_spending_up_to, per_year)
    return TypeLine(
        activity_type=kind,
        row=row_of(kind, "", [a for _year, a in mine]),
        years=tuple(sorted({year for year, _a in mine})),
        enterprises=len({e for pk in pks for e in reach.enterprises.get(pk, ())}),
        participants=sum(reach.participants[pk] for pk in pks),
        certificates=sum(reach.certificates[pk] for pk in pks),
        outcomes=outcome(spending=spending),
    )


def _type_lines(
    programme: Programme, years: Years, until_year: int | None = None
) -> tuple[tuple[TypeLine, ...], dict[str, int]]:
    active = _active(years)
    everything = [(line.year, a) for line in years.lines for a in line.figures.activities]
    reach = _reach(active)
    panels = _outcome_panels(programme, until_year) if everything else []
    lag = lag_years(programme)

    def outcomes(*, spending: Callable[[int], Spending]) -> tuple[Outcome, ...]:
        return tuple(
            type_outcome(code=c, indicator=i, panel=p, lag_years=lag, spending=spending)
            for c, i, p in panels
        )

    lines = []
    for kind in ActivityType.values:
        mine = [(year, a) for year, a in everything if a.activity_type == kind]
        if mine:
            lines.append(_type_line(kind, mine, active, reach, outcomes))
    inputs = {
        "activities": len(everything),
        "participants": sum(reach.participants.values()),
        "certificates": sum(reach.certificates.values()),
    }
    return tuple(lines), inputs


def programme_efficiency(
    *,
    user: User,
    programme: Programme,
    today: dt.date | None = None,
    until_year: int | None = None,
) -> Efficiency:
    """Everything the efficiency page and its API show; ``until_year``: as the evaluation of
    that year (its fiscal years and survey rounds and those before)."""
    years = programme_years(user=user, programme=programme, today=today, until_year=until_year)
    types, inputs = _type_lines(programme, years, until_year)
    reason = ""
    if years.reason:
        reason = years.reason
    elif not types:
        reason = _("no activity in the programme's villages in its fiscal years yet")
    return Efficiency(programme, years, types, reason, inputs)
