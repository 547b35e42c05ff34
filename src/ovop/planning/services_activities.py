"""Writes for the activities of a fiscal year: made from the approved plan, added by hand,
rescheduled, moved on (status and physical progress), cancelled with a reason.

Every function is one use case: keyword-only arguments, one transaction, the caller's right
checked first (``scope``: PermissionDenied), then the year's close (``guard.ensure_open``: a
closed year refuses everyone but an administrator who gives a reason — that reason becomes the
history row's change reason), then everything validated before anything is written.
Refusals are ``ValidationError``s whose keys name the field and whose messages start with its
label, so that pages and the API show them as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import save_with_history
from ovop.empowerment.models import Group
from ovop.planning import guard, scope
from ovop.planning.choices import ActivityStatus, ScenarioStatus
from ovop.planning.models import Activity, FiscalYear, Scenario, ScenarioItem, Source
from ovop.regions.models import Level, Region

REASON_FROM_PLAN = "created from the approved plan"
REASON_REVISION = "linked to the revised plan"


def with_guard(guard_reason: str, default: str) -> str:
    """The history reason: an administrator's correction of a closed year, or ``default``."""
    return guard_reason or default


def activity_locked(activity: Activity) -> Activity:
    """The stored activity, locked for the rest of the transaction."""
    return Activity.objects.select_for_update().select_related("fiscal_year").get(pk=activity.pk)


def delivery_check(*, user: User, activity: Activity, reason: str = "") -> str:
    """403 unless ``user`` may record delivery in the activity's village; then the year's
    close (a closed year refuses, an administrator's correction needs a reason). Returns the
    correction reason for the history ("" for an open year)."""
    scope.require_deliver(user, activity.village_id)
    return guard.ensure_open(activity.fiscal_year, user=user, reason=reason)


def require_not_cancelled(activity: Activity, key: str = "status") -> None:
    if activity.status == ActivityStatus.CANCELLED:
        raise ValidationError(
            {
                key: _("Status: “%(title)s” is cancelled; nothing more can be recorded on it.")
                % {"title": activity.title}
            }
        )


# --- from the approved plan -------------------------------------------------------------------


@dataclass
class FromPlan:
    """What ``activities_from_plan`` did: the activities it made and those it linked to the
    revised plan's lines."""

    created: list[Activity] = field(default_factory=list)
    relinked: list[Activity] = field(default_factory=list)


def approved_plan(year: FiscalYear) -> Scenario | None:
    """The year's current approved scenario (the newest version), if any."""
    plans = Scenario.objects.filter(fiscal_year=year, status=ScenarioStatus.APPROVED)
    return plans.order_by("-version", "-pk").first()


def _new_activity(year: FiscalYear, item: ScenarioItem) -> Activity:
    proposal = item.proposal
    if item.source is None:
        raise ValidationError(
            _("Plan: “%(title)s” is funded but names no source.") % {"title": proposal.title}
        )
    return Activity(
        fiscal_year=year,
        plan_item=item,
        proposal=proposal,
        title=proposal.title,
        activity_type=proposal.activity_type,
        village_id=proposal.village_id,
        group_id=proposal.group_id,
        source=item.source,
        planned_cost_idr=item.cost_idr,
        starts_on=dt.date(year.year, 1, 1),
        ends_on=dt.date(year.year, 12, 31),
    )


@transaction.atomic
def activities_from_plan(*, year: FiscalYear, user: User, reason: str = "") -> FromPlan:
    """One activity for each funded line of the year's approved plan that has none yet.

    After a revision, an activity whose proposal is funded again keeps its record and is
    linked to the new line (its planned cost and source follow the revised plan); activities
    whose proposal is no longer funded stay as they are ("not in the current plan")."""
    scope.require_planner(user)
    fixed = guard.ensure_open(year, user=user, reason=reason)
    plan = approved_plan(year)
    if plan is None:
        raise ValidationError(
            _("Plan: fiscal year %(year)s has no approved plan yet.") % {"year": year.year}
        )
    items = plan.items.filter(funded=True).select_related("proposal", "source")
    existing = {a.proposal_id: a for a in year.activities.filter(proposal__isnull=False)}
    done = FromPlan()
    for item in items.order_by("proposal__village__name", "proposal_id"):
        activity = existing.get(item.proposal_id)
        if activity is None:
            new = _new_activity(year, item)
            done.created.append(
                save_with_history(new, user=user, reason=with_guard(fixed, REASON_FROM_PLAN))
            )
        elif activity.plan_item_id != item.pk:
            activity.plan_item = item
            activity.planned_cost_idr = item.cost_idr
            activity.source_id = item.source_id or activity.source_id
            save_with_history(activity, user=user, reason=with_guard(fixed, REASON_REVISION))
            done.relinked.append(activity)
    return done


# --- by hand ----------------------------------------------------------------------------------


def _check_place(
    *,
    year: FiscalYear,
    village: Region | None,
    group: Group | None,
    source: Source | None,
    activity_type: str,
) -> None:
    errors: dict[str, str] = {}
    if village is None or village.level != Level.VILLAGE:
        errors["village"] = _("Village: choose a village.")
    elif group is not None and group.village_id != village.pk:
        errors["group"] = _("Group: %(group)s is not a group of %(village)s.") % {
            "group": group.name,
            "village": village.name,
        }
    if source is None:
        errors["source"] = _("Funded by: choose the source that pays for it.")
    elif source.fiscal_year_id != year.pk or source.archived_at is not None:
        errors["source"] = _("Funded by: %(source)s is not a source of fiscal year %(year)s.") % {
            "source": source.name,
            "year": year.year,
        }
    elif village is not None and not source.may_fund(
        activity_type=activity_type, village_id=village.pk
    ):
        errors["source"] = _(
            "Funded by: the rules of %(source)s do not allow paying for this type of activity "
            "in %(village)s."
        ) % {"source": source.name, "village": village.name}
    if errors:
        raise ValidationError(errors)


def _check_schedule(year: FiscalYear, starts_on: dt.date, ends_on: dt.date) -> None:
    if starts_on.year != year.year:
        raise ValidationError(
            {"starts_on": _("Starts on: pick a day in fiscal year %(year)s.") % {"year": year.year}}
        )
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("Ends on: the end date is before the start date.")})


@transaction.atomic
def activity_create(
    *,
    user: User,
    year: FiscalYear,
    title: str,
    activity_type: str,
    village: Region,
    source: Source,
    planned_cost_idr: int,
    starts_on: dt.date,
    ends_on: dt.date,
    group: Group | None = None,
    reason: str = "",
) -> Activity:
    """An activity outside the plan, typed by a planner: its source and cost are required."""
    scope.require_planner(user)
    fixed = guard.ensure_open(year, user=user, reason=reason)
    _check_place(
        year=year, village=village, group=group, source=source, activity_type=activity_type
    )
    if not planned_cost_idr or planned_cost_idr < 1:
        raise ValidationError(
            {"planned_cost_idr": _("Planned cost: give the cost in rupiah (more than zero).")}
        )
    _check_schedule(year, starts_on, ends_on)
    activity = Activity(
        fiscal_year=year,
        title=title.strip(),
        activity_type=activity_type,
        village=village,
        group=group,
        source=source,
        planned_cost_idr=planned_cost_idr,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    return save_with_history(activity, user=user, reason=with_guard(fixed, "created by hand"))


# --- moving on --------------------------------------------------------------------------------


@transaction.atomic
def activity_update(
    *,
    user: User,
    activity: Activity,
    starts_on: dt.date,
    ends_on: dt.date,
    status: str,
    progress_pct: int,
    reason: str = "",
) -> Activity:
    """Reschedule, move the status on (planned, in progress, done) and record the physical
    progress; a done activity is 100 % done. Cancelling is ``activity_cancel``."""
    fixed = delivery_check(user=user, activity=activity, reason=reason)
    current = activity_locked(activity)
    require_not_cancelled(current)
    if status == ActivityStatus.CANCELLED:
        raise ValidationError(
            {"status": _("Status: cancel the activity with its own button, giving the reason.")}
        )
    _check_schedule(current.fiscal_year, starts_on, ends_on)
    current.starts_on, current.ends_on = starts_on, ends_on
    current.status, current.progress_pct = status, progress_pct
    saved = save_with_history(current, user=user, reason=with_guard(fixed, "edited"))
    activity.refresh_from_db()
    return saved


@transaction.atomic
def activity_cancel(
    *, user: User, activity: Activity, cancel_reason: str, reason: str = ""
) -> Activity:
    """Cancel the activity, saying why; its realised costs stay, no new ones are accepted."""
    fixed = delivery_check(user=user, activity=activity, reason=reason)
    current = activity_locked(activity)
    require_not_cancelled(current)
    if current.status == ActivityStatus.DONE:
        raise ValidationError({"status": _("Status: a finished activity cannot be cancelled.")})
    cleaned = cancel_reason.strip()
    if not cleaned:
        raise ValidationError(
            {"cancel_reason": _("Reason for cancelling: say why the activity is cancelled.")}
        )
    if len(cleaned) > 300:
        raise ValidationError(
            {"cancel_reason": _("Reason for cancelling: at most 300 characters.")}
        )
    current.status, current.cancel_reason = ActivityStatus.CANCELLED, cleaned
    saved = save_with_history(current, user=user, reason=with_guard(fixed, "cancelled"))
    activity.refresh_from_db()
    return saved
