"""Reads of the realisation report: the activities of a fiscal year that a user may read, each
with its money realised month by month and its status and physical progress as at the end of
the chosen month, and the approved plan the year runs on.

The status and progress as at a date come from the activity's history (the last change on or
before that day); an activity recorded after that day shows its status and progress of today.
The number of queries does not grow with the number of activities: one for the activities, one
for their cost lines, one for the approved plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, F, OuterRef, Q, QuerySet, Subquery, Sum, When
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone

from ovop.accounts.models import User
from ovop.planning import scope
from ovop.planning.alerts import Alerts, alerts_for
from ovop.planning.choices import ActivityStatus, ScenarioStatus
from ovop.planning.figures_realisation import (
    GROUPINGS,
    ActivityFigures,
    MonthFigures,
    Row,
    month_end,
    months_of,
    percent,
    row_of,
    rows_by,
)
from ovop.planning.models import Activity, CostLine, FiscalYear, Scenario


@dataclass(frozen=True)
class Realisation:
    """Everything the realisation page, its downloads and its API show."""

    fiscal_year: FiscalYear
    month: int
    as_at: dt.date  # the end of the chosen month
    activities: list[ActivityFigures]  # every activity in scope, cancelled ones included
    plan: Scenario | None  # the approved plan (current version), if any

    @property
    def year(self) -> int:
        return self.fiscal_year.year

    @cached_property
    def active(self) -> list[ActivityFigures]:
        return [a for a in self.activities if not a.cancelled]

    @cached_property
    def cancelled(self) -> list[ActivityFigures]:
        return [a for a in self.activities if a.cancelled]

    @cached_property
    def total(self) -> Row:
        return row_of("total", "", self.activities)

    @property
    def cancelled_planned_idr(self) -> int:
        return sum(a.planned_idr for a in self.cancelled)

    @property
    def cancelled_realised_idr(self) -> int:
        return sum(a.realised_idr for a in self.cancelled)

    @property
    def realised_all_idr(self) -> int:
        """Money realised on every activity, cancelled ones included."""
        return sum(a.realised_idr for a in self.activities)

    def rows(self, grouping: str) -> list[Row]:
        """The rows by "source", "kecamatan" or "type"."""
        if grouping not in GROUPINGS:
            raise ValueError(grouping)
        return rows_by(grouping, self.activities)

    @cached_property
    def months(self) -> list[MonthFigures]:
        return months_of(self.year, self.month, self.activities)


def default_month(year: int, today: dt.date) -> int:
    """The month the report opens at: this month in the current year, December for a past
    year, January for a year still to come."""
    if year == today.year:
        return today.month
    return 12 if year < today.year else 1


def year_get(year: int) -> FiscalYear | None:
    return FiscalYear.objects.filter(year=year).first()


def approved_plan(fiscal_year: FiscalYear) -> Scenario | None:
    """The current version of the year's approved plan."""
    return (
        Scenario.objects.filter(fiscal_year=fiscal_year, status=ScenarioStatus.APPROVED)
        .order_by("-version", "-id")
        .first()
    )


def _as_at(field: str, day_after: dt.datetime) -> Subquery:
    """The activity's ``field`` in its last history row before ``day_after``."""
    history = Activity.history.model.objects.filter(
        id=OuterRef("pk"), history_date__lt=day_after
    ).order_by("-history_date", "-history_id")
    return Subquery(history.values(field)[:1])


def _activities(user: User, fiscal_year: FiscalYear, where: Q) -> QuerySet[Activity]:
    return Activity.objects.filter(scope.activity_filter(user), where, fiscal_year=fiscal_year)


def _activity_rows(
    user: User, fiscal_year: FiscalYear, as_at: dt.date, where: Q
) -> list[dict[str, Any]]:
    day_after = timezone.make_aware(dt.datetime.combine(as_at + dt.timedelta(days=1), dt.time()))
    return list(
        _activities(user, fiscal_year, where)
        .annotate(
            status_then=Coalesce(_as_at("status", day_after), F("status")),
            progress_then=Coalesce(_as_at("progress_pct", day_after), F("progress_pct")),
        )
        .order_by("village__parent__name", "village__name", "starts_on", "id")
        .values(
            "pk",
            "title",
            "activity_type",
            "source_id",
            "source__name",
            "village__name",
            "village__parent_id",
            "village__parent__name",
            "starts_on",
            "ends_on",
            "status_then",
            "progress_then",
            "cancel_reason",
            "planned_cost_idr",
        )
    )


def _realised(
    user: User, fiscal_year: FiscalYear, as_at: dt.date, where: Q
) -> dict[int, list[int]]:
    """Money realised per activity and month up to ``as_at`` (earlier years in January)."""
    lines = (
        CostLine.objects.filter(
            activity__in=_activities(user, fiscal_year, where).values("pk"),
            spent_on__lte=as_at,
        )
        .annotate(y=ExtractYear("spent_on"), m=ExtractMonth("spent_on"))
        .values("activity_id", "y", "m")
        .annotate(amount=Sum("amount_idr"))
        .order_by()
    )
    months: dict[int, list[int]] = {}
    for line in lines:
        index = line["m"] - 1 if line["y"] == fiscal_year.year else 0
        months.setdefault(line["activity_id"], [0] * 12)[index] += int(line["amount"])
    return months


def _figures(row: dict[str, Any], realised: list[int] | None) -> ActivityFigures:
    return ActivityFigures(
        pk=row["pk"],
        title=row["title"],
        activity_type=row["activity_type"],
        source_id=row["source_id"],
        source_name=row["source__name"],
        village_name=row["village__name"],
        kecamatan_id=row["village__parent_id"],
        kecamatan_name=row["village__parent__name"] or "",
        starts_on=row["starts_on"],
        ends_on=row["ends_on"],
        status=row["status_then"] or ActivityStatus.PLANNED,
        progress_pct=int(row["progress_then"] or 0),
        cancel_reason=row["cancel_reason"],
        planned_idr=int(row["planned_cost_idr"]),
        realised_by_month=tuple(realised or [0] * 12),
    )


def realisation_get(
    *, user: User, fiscal_year: FiscalYear, month: int, where: Q | None = None
) -> Realisation:
    """The realisation of ``fiscal_year`` as at the end of ``month`` (1–12), as ``user`` may
    read it: a facilitator the activities of their villages, readers of everything all.
    ``where`` narrows the activities further (the evaluation reads a programme's villages)."""
    if not 1 <= month <= 12:
        raise ValueError(month)
    as_at = month_end(fiscal_year.year, month)
    rows = _activity_rows(user, fiscal_year, as_at, where or Q())
    realised = _realised(user, fiscal_year, as_at, where or Q())
    activities = [_figures(row, realised.get(row["pk"])) for row in rows]
    return Realisation(fiscal_year, month, as_at, activities, approved_plan(fiscal_year))


def _figures_then(user: User, fiscal_year: FiscalYear, as_at: dt.date, where: Q) -> Any:
    """The activities with their status and progress as at ``as_at``: the history is read
    only for the activities changed after it (for every other one its last history row is
    its present state)."""
    day_after = timezone.make_aware(dt.datetime.combine(as_at + dt.timedelta(days=1), dt.time()))
    changed = Activity.history.model.objects.filter(
        history_date__gte=day_after, fiscal_year=fiscal_year
    ).values("id")

    def then(field: str) -> Case:
        looked_up = Coalesce(_as_at(field, day_after), F(field))
        return Case(When(pk__in=changed, then=looked_up), default=F(field))

    return _activities(user, fiscal_year, where).annotate(
        status_then=then("status"),
        progress_then=then("progress_pct"),
        planned=F("planned_cost_idr"),
    )


def _spending(as_at: dt.date) -> tuple[str, tuple[Any, ...]]:
    """The cost lines spent by ``as_at`` (activity and amount), to be joined to the
    activities in scope and added up once (not looked up activity by activity)."""
    lines = CostLine.objects.filter(spent_on__lte=as_at).order_by()
    sql, params = lines.values_list("activity_id", "amount_idr").query.sql_with_params()
    return sql, tuple(params)


def _total_sql(inner: str, spending: str) -> str:
    counted = "a.status_then <> %s"
    by_status = ", ".join(
        "SUM(CASE WHEN a.status_then = %s THEN 1 ELSE 0 END)" for _ in ActivityStatus.values
    )
    # the activities as a query of their own: each activity's look-ups made once, not in
    # every sum; their money spent is one join of the cost lines to them, summed whole
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    return (
        f"WITH a (id, planned, status_then, progress_then) AS {materialized}({inner})"
        f" SELECT COALESCE(SUM(CASE WHEN {counted} THEN a.planned ELSE 0 END), 0),"
        f" COALESCE(SUM(CASE WHEN {counted} THEN a.planned * a.progress_then ELSE 0 END), 0),"
        f" (SELECT COALESCE(SUM(c.amount_idr), 0) FROM ({spending}) c"
        f" JOIN a ON a.id = c.activity_id WHERE {counted}),"
        f" {by_status}"
        " FROM a"
    )


def realisation_total(
    *, user: User, fiscal_year: FiscalYear, month: int, where: Q | None = None
) -> Row:
    """The total row of ``realisation_get`` (the same rules: status and progress as at the
    month's end, cancelled activities counted but not in the money), added up by the
    database in one query: for a dashboard over many regencies, where the activities are
    tens of thousands."""
    if not 1 <= month <= 12:
        raise ValueError(month)
    as_at = month_end(fiscal_year.year, month)
    rows = _figures_then(user, fiscal_year, as_at, where or Q())
    inner, params = (
        rows.order_by()
        .values_list("pk", "planned", "status_then", "progress_then")
        .query.sql_with_params()
    )
    spending, spending_params = _spending(as_at)
    statuses = list(ActivityStatus.values)
    cancelled = ActivityStatus.CANCELLED.value
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # the per-activity look-ups make the planner's estimate large enough to compile
            # the query, which costs more than running it (30 ms against 30 ms)
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(
            _total_sql(inner, spending),
            [*params, cancelled, cancelled, *spending_params, cancelled, *statuses],
        )
        planned, points, spent, *counts = cursor.fetchone()
    by_status = {status: int(n or 0) for status, n in zip(statuses, counts, strict=True)}
    planned, points = int(planned), int(points)
    progress = percent(points, planned * 100) if planned else None
    return Row("total", "", planned, int(spent), progress, by_status, points)


def realisation_alerts(figures: Realisation, *, today: dt.date) -> Alerts:
    """The variance alerts of ``figures`` seen from ``today``."""
    return alerts_for(
        year=figures.year,
        as_at=figures.as_at,
        today=today,
        activities=figures.activities,
        sources=figures.rows("source"),
        total=figures.total,
    )
