# ruff: noqa: F811  (fixtures imported from conftest_delivery are parameters here)
"""Activity pages: the list in each role's scope, filters, overdue, the plan button, adding
by hand, cancelling (confirmed), and the refusals."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.empowerment.models import Group, Person
from ovop.planning import selectors_activities
from ovop.planning.models import Activity, Participant, Source
from ovop.planning.selectors_activities import ActivityFilters
from tests.conftest import login
from tests.planning.conftest_delivery import (  # noqa: F401 - fixtures
    Plan,
    activity,
    apbd,
    approved,
    group_a,
    other_facilitator,
    training_a,
    training_b,
    year,
)
from tests.refusals import Attempt, matrix, refused

pytestmark = pytest.mark.django_db
LIST = reverse("planning:activity_list")


def _titles(client: Client, query: str = "") -> list[str]:
    page = client.get(LIST + query)
    assert page.status_code == 200
    return [a.title for a in page.context["page_obj"]]


def test_each_role_lists_its_activities(
    client: Client,
    viewer: User,
    facilitator: User,
    owner: User,
    training_a: Activity,
    training_b: Activity,
    group_a: Group,
) -> None:
    login(client, viewer)
    assert sorted(_titles(client)) == ["Bimtek Pengemasan", "Bimtek Rusip"]
    login(client, facilitator)
    assert _titles(client) == ["Bimtek Pengemasan"]
    login(client, owner)
    assert _titles(client) == []
    Participant.objects.create(activity=training_a, person=Person.objects.get(name="Pak Owner"))
    assert _titles(client) == ["Bimtek Pengemasan"]


def test_filters_and_overdue(
    client: Client, officer: User, training_a: Activity, training_b: Activity
) -> None:
    login(client, officer)
    assert _titles(client, f"?year=2026&village={training_b.village_id}") == ["Bimtek Rusip"]
    Activity.objects.filter(pk=training_a.pk).update(status="done", progress_pct=100)
    assert _titles(client, "?year=2026&status=done") == ["Bimtek Pengemasan"]
    page = client.get(LIST + "?year=2026").content.decode()
    assert page.count('class="badge overdue"') == 1  # Rusip ended 31 March, not done


def test_the_list_reads_in_a_fixed_number_of_queries(
    officer: User, apbd: Source, village_a: Any, django_assert_num_queries: Any
) -> None:
    for n in range(6):
        activity(apbd.fiscal_year, apbd, village_a, title=f"Kegiatan {n}")
    with django_assert_num_queries(1):
        rows = list(selectors_activities.activity_list(user=officer, filters=ActivityFilters()))
        assert [r.village.parent.name for r in rows][:1] and rows[0].realised_idr == 0


def test_the_plan_button_makes_the_activities(
    client: Client, officer: User, facilitator: User, approved: Plan
) -> None:
    url = reverse("planning:activities_from_plan")
    login(client, facilitator)
    assert client.post(url, {"year": "2026"}).status_code == 403
    assert Activity.objects.count() == 0
    login(client, officer)
    answer = client.post(url, {"year": "2026"}, follow=True)
    assert Activity.objects.count() == 3
    assert "3" in answer.content.decode()


def test_an_activity_by_hand_reads_the_money_as_typed(
    client: Client, officer: User, apbd: Source, village_a: Any
) -> None:
    login(client, officer)
    data = {
        "year": "2026",
        "title": "Klinik kemasan",
        "activity_type": "packaging",
        "village": village_a.pk,
        "source": apbd.pk,
        "planned_cost_idr": "Rp 7.500.000",
        "starts_on": "01/05/2026",
        "ends_on": "03/05/2026",
    }
    answer = client.post(reverse("planning:activity_create") + "?year=2026", data)
    assert answer.status_code == 302
    made = Activity.objects.get()
    assert (made.planned_cost_idr, made.title) == (7_500_000, "Klinik kemasan")


def test_cancelling_is_confirmed_with_a_reason(
    client: Client, facilitator: User, training_a: Activity
) -> None:
    login(client, facilitator)
    url = reverse("planning:activity_cancel", args=[training_a.pk])
    asked = client.post(url)
    assert asked.status_code == 200 and b'name="confirm"' in asked.content
    training_a.refresh_from_db()
    assert training_a.status == "planned"
    client.post(url, {"confirm": "1", "reason": "Cuaca buruk"})
    training_a.refresh_from_db()
    assert (training_a.status, training_a.cancel_reason) == ("cancelled", "Cuaca buruk")


def _url(name: str) -> Any:
    return lambda t: reverse(f"planning:{name}", args=[t.pk])


ATTEMPTS = {
    "detail": Attempt("get", _url("activity_detail")),
    "edit": Attempt(
        "post",
        _url("activity_edit"),
        {"starts_on": "01/02/2026", "ends_on": "31/03/2026", "status": "done", "progress_pct": 100},
    ),
    "cancel": Attempt("post", _url("activity_cancel"), {"confirm": "1", "reason": "x"}),
}
ANSWERS = {
    "other_facilitator": 404,
    "outsider": 404,
    "assessor": 403,
}


@pytest.mark.parametrize(("persona", "action", "expected"), matrix(ANSWERS, ATTEMPTS))
def test_refused(
    client: Client,
    request: pytest.FixtureRequest,
    training_a: Activity,
    other_facilitator: User,
    persona: str,
    action: str,
    expected: int,
) -> None:
    refused(
        client, request, persona, ATTEMPTS[action], expected, records=training_a, apps=("planning",)
    )


@pytest.mark.parametrize("persona", ["viewer", "owner"])
def test_readers_may_not_change(
    client: Client,
    request: pytest.FixtureRequest,
    training_a: Activity,
    group_a: Group,
    persona: str,
) -> None:
    Participant.objects.create(activity=training_a, person=Person.objects.get(name="Pak Owner"))
    for action in ("edit", "cancel"):
        refused(
            client, request, persona, ATTEMPTS[action], 403, records=training_a, apps=("planning",)
        )
