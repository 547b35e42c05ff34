# ruff: noqa: F811  (fixtures imported from conftest_delivery are parameters here)
"""Activities from the approved plan (and after a revision), by hand, moved on, cancelled."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ovop.accounts.models import User
from ovop.planning import selectors_activities, services_activities
from ovop.planning.choices import ActivityStatus, ActivityType, SourceKind
from ovop.planning.models import Activity, FiscalYear, Source
from ovop.regions.models import Region
from tests.planning.conftest_delivery import (  # noqa: F401 - fixtures
    JT,
    Plan,
    apbd,
    approve,
    approved,
    group_a,
    proposal,
    training_a,
    year,
)

pytestmark = pytest.mark.django_db


def test_activities_from_plan_copies_each_funded_line(officer: User, approved: Plan) -> None:
    done = services_activities.activities_from_plan(year=approved.year, user=officer)
    assert len(done.created) == 3 and done.relinked == []
    rows = {a.title: a for a in Activity.objects.all()}
    assert set(rows) == {"Bimtek Madu", "Sertifikasi Halal", "Mesin Rusip"}
    training = rows["Bimtek Madu"]
    assert training.activity_type == ActivityType.TRAINING
    assert training.planned_cost_idr == 40 * JT
    assert training.source == approved.apbd
    assert training.proposal == approved.proposals["training"]
    assert training.plan_item is not None and training.plan_item.scenario == approved.scenario
    assert (training.starts_on, training.ends_on) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert training.status == ActivityStatus.PLANNED
    assert training.history.first().history_change_reason == "created from the approved plan"
    again = services_activities.activities_from_plan(year=approved.year, user=officer)
    assert again.created == [] and again.relinked == []
    assert Activity.objects.count() == 3


def test_a_revision_keeps_activities_adds_new_ones_and_lists_the_dropped(
    officer: User, approved: Plan
) -> None:
    services_activities.activities_from_plan(year=approved.year, user=officer)
    kept = Activity.objects.get(title="Bimtek Madu")
    p = approved.proposals
    revision = approve(
        approved.year,
        [p["training"], p["machine"], p["fair"]],
        [p["halal"]],
        approved.apbd,
        version=2,
        revises=approved.scenario,
    )
    done = services_activities.activities_from_plan(year=approved.year, user=officer)
    assert [a.title for a in done.created] == ["Pameran"]
    assert {a.title for a in done.relinked} == {"Bimtek Madu", "Mesin Rusip"}
    kept.refresh_from_db()
    assert kept.plan_item is not None and kept.plan_item.scenario == revision
    assert Activity.objects.count() == 4  # nothing deleted
    dropped = selectors_activities.not_in_plan(approved.year)
    assert [a.title for a in dropped] == ["Sertifikasi Halal"]


def test_from_plan_refusals(
    english: None, officer: User, facilitator: User, year: FiscalYear, approved: Plan
) -> None:
    with pytest.raises(PermissionDenied):
        services_activities.activities_from_plan(year=approved.year, user=facilitator)
    empty = FiscalYear.objects.create(year=2027)
    with pytest.raises(ValidationError, match="2027 has no approved plan"):
        services_activities.activities_from_plan(year=empty, user=officer)
    assert Activity.objects.count() == 0


def test_an_activity_by_hand_needs_a_source_that_may_pay(
    officer: User, year: FiscalYear, apbd: Source, village_a: Region, english: None
) -> None:
    dak = Source.objects.create(
        fiscal_year=year,
        kind=SourceKind.DAK,
        name="DAK",
        ceiling_idr=100 * JT,
        allowed_types=[ActivityType.EQUIPMENT],
    )
    base = {
        "user": officer,
        "year": year,
        "title": "Klinik kemasan",
        "activity_type": ActivityType.PACKAGING,
        "village": village_a,
        "planned_cost_idr": 7_500_000,
        "starts_on": dt.date(2026, 5, 1),
        "ends_on": dt.date(2026, 5, 3),
    }
    with pytest.raises(ValidationError) as refused:
        services_activities.activity_create(**base, source=dak)
    assert list(refused.value.message_dict) == ["source"]
    assert "rules of DAK" in refused.value.messages[0]
    with pytest.raises(ValidationError) as refused:
        services_activities.activity_create(**{**base, "planned_cost_idr": 0}, source=apbd)
    assert list(refused.value.message_dict) == ["planned_cost_idr"]
    assert Activity.objects.count() == 0
    made = services_activities.activity_create(**base, source=apbd)
    assert (made.planned_cost_idr, made.plan_item, made.source) == (7_500_000, None, apbd)


def test_progress_done_and_cancel(facilitator: User, training_a: Activity, english: None) -> None:
    dates = {"starts_on": dt.date(2026, 2, 1), "ends_on": dt.date(2026, 3, 31)}
    with pytest.raises(ValidationError) as refused:
        services_activities.activity_update(
            user=facilitator, activity=training_a, status="done", progress_pct=80, **dates
        )
    assert list(refused.value.message_dict) == ["progress_pct"]
    services_activities.activity_update(
        user=facilitator, activity=training_a, status="in_progress", progress_pct=60, **dates
    )
    training_a.refresh_from_db()
    assert (training_a.status, training_a.progress_pct) == ("in_progress", 60)
    with pytest.raises(ValidationError) as refused:
        services_activities.activity_cancel(
            user=facilitator, activity=training_a, cancel_reason=" "
        )
    assert list(refused.value.message_dict) == ["cancel_reason"]
    services_activities.activity_cancel(
        user=facilitator, activity=training_a, cancel_reason="Narasumber berhalangan"
    )
    training_a.refresh_from_db()
    assert training_a.status == ActivityStatus.CANCELLED
    assert training_a.cancel_reason == "Narasumber berhalangan"
    with pytest.raises(ValidationError, match="cancelled"):
        services_activities.activity_update(
            user=facilitator, activity=training_a, status="planned", progress_pct=0, **dates
        )


def test_other_village_facilitator_may_not_move_it_on(
    training_a: Activity, village_b: Region
) -> None:
    from tests.planning.conftest_delivery import UserFactory

    stranger = UserFactory(username="fb", role="facilitator")
    stranger.villages.add(village_b)
    with pytest.raises(PermissionDenied):
        services_activities.activity_update(
            user=stranger,
            activity=training_a,
            status="in_progress",
            progress_pct=10,
            starts_on=training_a.starts_on,
            ends_on=training_a.ends_on,
        )
    training_a.refresh_from_db()
    assert training_a.progress_pct == 0
