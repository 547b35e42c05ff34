"""Reads of activities for pages and the API: the lists (filtered, within the user's scope),
one activity, and the activities no longer in the current plan.

Scope (``scope.activity_filter``): planners and viewers read all, facilitators their
villages', owners the activities they took part in; anything else is not found (404).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ovop.accounts.models import User
from ovop.planning import scope
from ovop.planning.choices import ActivityStatus, ScenarioStatus, YearStatus
from ovop.planning.models import Activity, FiscalYear

FINISHED = (ActivityStatus.DONE, ActivityStatus.CANCELLED)


def activities_for(user: User) -> QuerySet[Activity]:
    """The activities ``user`` may read (each once, whatever the joins of the scope)."""
    if user.reads_all:
        return Activity.objects.all()
    readable = Activity.objects.filter(scope.activity_filter(user)).values("pk")
    return Activity.objects.filter(pk__in=readable)


def with_figures(
    activities: QuerySet[Activity], today: dt.date | None = None
) -> QuerySet[Activity]:
    """``realised_idr`` (the sum of the cost lines) and ``overdue`` (ends before ``today``
    and not done or cancelled) on each activity."""
    today = today or timezone.localdate()
    overdue = Q(ends_on__lt=today) & ~Q(status__in=FINISHED)
    return activities.annotate(
        realised_idr=Coalesce(Sum("costs__amount_idr"), Value(0)),
        overdue=ExpressionWrapper(overdue, output_field=BooleanField()),
    )


@dataclass(frozen=True)
class ActivityFilters:
    year: FiscalYear | None = None
    kecamatan_id: int | None = None
    village_id: int | None = None
    activity_type: str = ""
    status: str = ""
    source_id: int | None = None


def activity_list(*, user: User, filters: ActivityFilters) -> QuerySet[Activity]:
    activities = activities_for(user)
    if filters.year is not None:
        activities = activities.filter(fiscal_year=filters.year)
    if filters.kecamatan_id:
        activities = activities.filter(village__parent_id=filters.kecamatan_id)
    if filters.village_id:
        activities = activities.filter(village_id=filters.village_id)
    if filters.activity_type:
        activities = activities.filter(activity_type=filters.activity_type)
    if filters.status:
        activities = activities.filter(status=filters.status)
    if filters.source_id:
        activities = activities.filter(source_id=filters.source_id)
    related = ("village__parent", "source", "fiscal_year")
    return with_figures(activities.select_related(*related)).order_by(
        "-fiscal_year__year", "starts_on", "village__name", "id"
    )


def activity_get(*, user: User, pk: int) -> Activity:
    """The activity if ``user`` may read it, else 404."""
    related = ("village__parent", "source", "fiscal_year", "group", "proposal", "plan_item")
    return get_object_or_404(with_figures(activities_for(user).select_related(*related)), pk=pk)


def not_in_plan(year: FiscalYear) -> QuerySet[Activity]:
    """Activities made from a plan whose proposal the current approved plan no longer funds."""
    funded = Q(
        proposal__scenario_items__funded=True,
        proposal__scenario_items__scenario__status=ScenarioStatus.APPROVED,
    )
    still = Activity.objects.filter(funded, fiscal_year=year).values("pk")
    return (
        Activity.objects.filter(fiscal_year=year, proposal__isnull=False)
        .exclude(pk__in=still)
        .select_related("village")
        .order_by("village__name", "id")
    )


def default_year(asked: Any = None) -> FiscalYear | None:
    """The year asked for (its number), else the newest open year, else the newest one."""
    years = FiscalYear.objects.all()
    try:
        number = int(asked) if asked not in (None, "") else None
    except (TypeError, ValueError):
        number = None
    if number is not None:
        return years.filter(year=number).first()
    return (
        years.filter(status=YearStatus.OPEN).order_by("-year").first()
        or years.order_by("-year").first()
    )
