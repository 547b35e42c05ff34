"""Reads that feed the activity page and the year close: who took part and how their scores
moved, the realised costs, the outputs, the history, and what a year close locks.

Owners see only their own participation (never other people's scores, nor the costs);
everyone else who may read the activity sees it all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.accounts.models import Role, User
from ovop.core.history import (
    HistoryEntry,
    history_entries,
    newest_first,
    record_history,
    versions_of,
)
from ovop.empowerment.choices import Gender
from ovop.planning.choices import ActivityStatus
from ovop.planning.models import Activity, CostLine, FiscalYear, Output, Participant
from ovop.planning.selectors_activities import with_figures

TWO_PLACES = Decimal("0.01")

#: The change reasons of the delivery services, shown translated.
REASONS = {
    "created from the approved plan": gettext_lazy("created from the approved plan"),
    "linked to the revised plan": gettext_lazy("linked to the revised plan"),
    "created by hand": gettext_lazy("created by hand"),
    "cancelled": gettext_lazy("cancelled"),
    "participant added": gettext_lazy("participant added"),
    "participant removed": gettext_lazy("participant removed"),
    "scores": gettext_lazy("attendance and scores"),
    "cost recorded": gettext_lazy("cost recorded"),
    "output recorded": gettext_lazy("output recorded"),
}


def sees_costs(user: User) -> bool:
    """Costs and receipts: everyone who reads activities but owners."""
    return user.role != Role.OWNER or user.is_superuser


def participants_of(*, user: User, activity: Activity) -> QuerySet[Participant]:
    """The activity's participants ``user`` may see (an owner: only their own rows)."""
    rows = activity.participants.select_related("person", "enterprise")
    if user.role == Role.OWNER and not user.is_superuser:
        mine = Q(enterprise__account=user) | Q(person__enterprise__account=user)
        rows = rows.filter(mine)
    return rows.order_by("person__name", "id")


@dataclass(frozen=True)
class ScoreSummary:
    female: int
    male: int
    attended: int
    #: Participants with both a pre-test and a post-test score.
    scored: int
    mean_pre: Decimal | None
    mean_post: Decimal | None
    mean_gain: Decimal | None
    improved: int

    @property
    def total(self) -> int:
        return self.female + self.male


def _mean(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(TWO_PLACES)


def score_summary(participants: Sequence[Participant]) -> ScoreSummary:
    """Participants by gender, mean pre- and post-test scores, the mean gain of those with
    both scores and how many of them improved."""
    both = [p for p in participants if p.pre_score is not None and p.post_score is not None]
    gains = [p.post_score - p.pre_score for p in both]  # type: ignore[operator]
    return ScoreSummary(
        female=sum(1 for p in participants if p.person.gender == Gender.FEMALE),
        male=sum(1 for p in participants if p.person.gender == Gender.MALE),
        attended=sum(1 for p in participants if p.attended),
        scored=len(both),
        mean_pre=_mean([p.pre_score for p in participants if p.pre_score is not None]),
        mean_post=_mean([p.post_score for p in participants if p.post_score is not None]),
        mean_gain=_mean(gains),
        improved=sum(1 for gain in gains if gain > 0),
    )


def costs_of(activity: Activity) -> QuerySet[CostLine]:
    return activity.costs.select_related("recorded_by").order_by("spent_on", "id")


def outputs_of(activity: Activity) -> QuerySet[Output]:
    return activity.outputs.select_related("enterprise", "group", "certification").order_by(
        "delivered_on", "id"
    )


def activity_detail(*, user: User, activity: Activity) -> dict[str, Any]:
    """What the activity page shows beside the activity itself."""
    participants = list(participants_of(user=user, activity=activity))
    costs = list(costs_of(activity)) if sees_costs(user) else []
    return {
        "participants": participants,
        "summary": score_summary(participants),
        "costs": costs,
        "sees_costs": sees_costs(user),
        "over_plan": [c for c in costs if c.amount_idr > activity.planned_cost_idr],
        "outputs": list(outputs_of(activity)),
    }


# --- history ----------------------------------------------------------------------------------


def _action(added: str, removed: str, changed: str) -> Any:
    def action(record: Any) -> str:
        return {"+": added, "-": removed}.get(record.history_type, changed)

    return action


def activity_history(*, activity: Activity, limit: int | None = None) -> list[HistoryEntry]:
    """The activity's own changes with those of its participants, costs and outputs."""
    own = record_history(obj=activity, limit=limit, reasons=REASONS)
    people = history_entries(
        versions_of(Participant.history.filter(activity_id=activity.pk)),
        fields=("person", "attended", "pre_score", "post_score"),
        reasons=REASONS,
        action=_action(_("participant added"), _("participant removed"), _("scores changed")),
    )
    costs = history_entries(
        versions_of(CostLine.history.filter(activity_id=activity.pk)),
        fields=("spent_on", "description", "amount_idr", "receipt"),
        reasons=REASONS,
        action=_action(_("cost recorded"), _("cost deleted"), _("cost changed")),
    )
    outputs = history_entries(
        versions_of(Output.history.filter(activity_id=activity.pk)),
        fields=("kind", "description", "quantity", "enterprise", "group", "delivered_on"),
        reasons=REASONS,
        action=_action(_("output recorded"), _("output removed"), _("output changed")),
    )
    return newest_first(own, people, costs, outputs, limit=limit)


# --- year close -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CloseSummary:
    """What closing the year locks: activities still open and money not absorbed."""

    open_activities: list[Activity]
    planned_idr: int
    realised_idr: int

    @property
    def unabsorbed_idr(self) -> int:
        return max(self.planned_idr - self.realised_idr, 0)


def close_summary(year: FiscalYear) -> CloseSummary:
    activities = Activity.objects.filter(fiscal_year=year)
    live = activities.exclude(status=ActivityStatus.CANCELLED)
    planned = live.aggregate(total=Sum("planned_cost_idr"))["total"] or 0
    realised = CostLine.objects.filter(activity__fiscal_year=year).aggregate(
        total=Sum("amount_idr")
    )["total"]
    still_open = activities.filter(status__in=(ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS))
    return CloseSummary(
        open_activities=list(
            with_figures(still_open.select_related("village")).order_by("ends_on", "id")
        ),
        planned_idr=int(planned),
        realised_idr=int(realised or 0),
    )
