# ruff: noqa: F811  (fixtures imported from conftest_delivery are parameters here)
"""Year close: what it locks, every delivery write refused afterwards, an administrator's
correction with a reason kept in the history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ovop.accounts.models import User
from ovop.empowerment.models import Group, Person
from ovop.planning import (
    selectors_delivery,
    services_activities,
    services_costs,
    services_outputs,
    services_participants,
    services_year_close,
)
from ovop.planning.models import Activity, CostLine, FiscalYear, Output, Participant
from tests.planning.conftest_delivery import (  # noqa: F401 - fixtures
    JT,
    Plan,
    apbd,
    approved,
    group_a,
    training_a,
    year,
)

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 1)


@pytest.fixture
def closed(officer: User, training_a: Activity, group_a: Group) -> Activity:
    siti = Person.objects.get(name="Siti Aminah")
    services_participants.participant_add(user=officer, activity=training_a, person=siti)
    services_costs.cost_add(
        user=officer, activity=training_a, spent_on=DAY, description="ATK", amount_idr=3 * JT
    )
    services_year_close.year_close(year=training_a.fiscal_year, user=officer, confirm=True)
    return training_a


def test_close_summary_and_the_close(english: None, officer: User, training_a: Activity) -> None:
    CostLine.objects.create(
        activity=training_a, spent_on=DAY, description="Sewa aula", amount_idr=5 * JT
    )
    summary = selectors_delivery.close_summary(training_a.fiscal_year)
    assert [a.title for a in summary.open_activities] == ["Bimtek Pengemasan"]
    assert (summary.planned_idr, summary.realised_idr, summary.unabsorbed_idr) == (
        40 * JT,
        5 * JT,
        35 * JT,
    )
    year = training_a.fiscal_year
    with pytest.raises(ValidationError) as refused:
        services_year_close.year_close(year=year, user=officer, confirm=False)
    assert list(refused.value.message_dict) == ["confirm"]
    services_year_close.year_close(year=year, user=officer, confirm=True)
    year.refresh_from_db()
    assert (year.status, year.closed_by) == ("closed", officer)
    assert year.closed_at is not None
    with pytest.raises(ValidationError, match="already closed"):
        services_year_close.year_close(year=year, user=officer, confirm=True)


def test_only_planners_close(facilitator: User, viewer: User, year: FiscalYear) -> None:
    for user in (facilitator, viewer):
        with pytest.raises(PermissionDenied):
            services_year_close.year_close(year=year, user=user, confirm=True)
    year.refresh_from_db()
    assert year.status == "open"


def _writes(activity: Activity) -> dict[str, Any]:
    participant = activity.participants.get()
    cost = activity.costs.get()
    dates = {"starts_on": activity.starts_on, "ends_on": activity.ends_on}
    return {
        "update": lambda u, r: services_activities.activity_update(
            user=u, activity=activity, status="in_progress", progress_pct=50, reason=r, **dates
        ),
        "cancel": lambda u, r: services_activities.activity_cancel(
            user=u, activity=activity, cancel_reason="x", reason=r
        ),
        "scores": lambda u, r: services_participants.participant_update(
            user=u,
            participant=participant,
            attended=True,
            pre_score=Decimal(50),
            post_score=None,
            reason=r,
        ),
        "cost": lambda u, r: services_costs.cost_add(
            user=u, activity=activity, spent_on=DAY, description="x", amount_idr=1, reason=r
        ),
        "cost-edit": lambda u, r: services_costs.cost_update(
            user=u, cost=cost, spent_on=DAY, description="x", amount_idr=2, reason=r
        ),
        "output": lambda u, r: services_outputs.output_add(
            user=u, activity=activity, kind="other", description="x", delivered_on=DAY, reason=r
        ),
    }


@pytest.mark.parametrize("write", ["update", "cancel", "scores", "cost", "cost-edit", "output"])
def test_every_write_is_refused_after_the_close(
    officer: User, admin_user: User, closed: Activity, write: str, english: None
) -> None:
    attempt = _writes(closed)[write]
    before = (
        Activity.objects.values().get(),
        list(Participant.objects.values()),
        list(CostLine.objects.values()),
        Output.objects.count(),
    )
    with pytest.raises(ValidationError, match="Fiscal year 2026 is closed"):
        attempt(officer, "")
    with pytest.raises(ValidationError) as refused:
        attempt(admin_user, "")  # an administrator, but without a reason
    assert list(refused.value.message_dict) == ["reason"]
    after = (
        Activity.objects.values().get(),
        list(Participant.objects.values()),
        list(CostLine.objects.values()),
        Output.objects.count(),
    )
    assert after == before


def test_an_administrators_correction_keeps_its_reason(
    admin_user: User, closed: Activity, english: None
) -> None:
    cost = closed.costs.get()
    services_costs.cost_update(
        user=admin_user,
        cost=cost,
        spent_on=DAY,
        description="ATK",
        amount_idr=2_750_000,
        reason="Nilai kuitansi salah ketik",
    )
    cost.refresh_from_db()
    assert cost.amount_idr == 2_750_000
    latest = cost.history.order_by("-history_date").first()
    assert latest.history_change_reason == "Correction after year close: Nilai kuitansi salah ketik"
    assert latest.history_user == admin_user


def test_from_plan_is_refused_on_a_closed_year(officer: User, approved: Plan) -> None:
    services_year_close.year_close(year=approved.year, user=officer, confirm=True)
    with pytest.raises(ValidationError):
        services_activities.activities_from_plan(year=approved.year, user=officer)
    assert Activity.objects.count() == 0
