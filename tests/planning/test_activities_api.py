# ruff: noqa: F811  (fixtures imported from conftest_delivery are parameters here)
"""The delivery API: reads in scope, writes, and the refusals — facilitator outside their
village 404, owner and viewer writes 403, closed year 400 naming the year, a .exe named .pdf
400, a cost on a cancelled activity 400, a score of 101 400 naming the field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.empowerment.models import Group, Person
from ovop.planning.models import Activity, CostLine, Participant
from tests.conftest import login
from tests.planning.conftest_delivery import (  # noqa: F401 - fixtures
    apbd,
    group_a,
    media,
    other_facilitator,
    png,
    training_a,
    training_b,
    year,
)
from tests.planning.test_costs_services import exe_named_pdf

pytestmark = pytest.mark.django_db


def _api(name: str, *args: Any) -> str:
    return reverse(f"api-planning-{name}", args=args)


@pytest.fixture
def siti(training_a: Activity, group_a: Group) -> Participant:
    return Participant.objects.create(
        activity=training_a, person=Person.objects.get(name="Siti Aminah")
    )


def test_list_in_scope_with_filters(
    client: Client, facilitator: User, training_a: Activity, training_b: Activity
) -> None:
    login(client, facilitator)
    rows = client.get(_api("activity-list"), {"year": 2026}).json()["results"]
    assert [(r["title"], r["planned_cost_idr"], r["realised_idr"]) for r in rows] == [
        ("Bimtek Pengemasan", 40_000_000, 0)
    ]
    refused = client.get(_api("activity-list"), {"status": "lost"})
    assert refused.status_code == 400 and list(refused.json()["fields"]) == ["status"]


def test_facilitator_elsewhere_404_owner_and_viewer_403(
    client: Client,
    other_facilitator: User,
    owner: User,
    viewer: User,
    training_a: Activity,
    siti: Participant,
) -> None:
    Participant.objects.create(activity=training_a, person=Person.objects.get(name="Pak Owner"))
    patch = {"progress_pct": 50}
    login(client, other_facilitator)
    url = _api("activity-detail", training_a.pk)
    assert client.patch(url, patch, content_type="application/json").status_code == 404
    assert client.get(_api("activity-participants", training_a.pk)).status_code == 404
    for user in (owner, viewer):
        login(client, user)
        assert client.get(url).status_code == 200
        assert client.patch(url, patch, content_type="application/json").status_code == 403
        score = {"post_score": 80}
        answer = client.patch(_api("participant-detail", siti.pk), score, "application/json")
        assert answer.status_code == 403
    training_a.refresh_from_db()
    siti.refresh_from_db()
    assert training_a.progress_pct == 0 and siti.post_score is None
    login(client, owner)
    rows = client.get(_api("activity-participants", training_a.pk)).json()
    assert [r["name"] for r in rows] == ["Pak Owner"]
    assert client.get(_api("activity-costs", training_a.pk)).status_code == 403


def test_scores_accept_a_decimal_comma_and_refuse_101_naming_the_field(
    client: Client, facilitator: User, siti: Participant
) -> None:
    login(client, facilitator)
    url = _api("participant-detail", siti.pk)
    answer = client.patch(url, {"pre_score": "62,5", "post_score": 88}, "application/json")
    assert answer.status_code == 200
    assert (answer.json()["pre_score"], answer.json()["post_score"]) == (62.5, 88.0)
    refused = client.patch(url, {"post_score": 101}, "application/json")
    assert refused.status_code == 400
    assert list(refused.json()["fields"]) == ["post_score"]
    siti.refresh_from_db()
    assert str(siti.post_score) == "88.00"


def test_costs_with_receipts_and_the_refusals(
    client: Client, english_client: Client, officer: User, training_a: Activity, media: Path
) -> None:
    login(client, officer)
    url = _api("activity-costs", training_a.pk)
    data = {"spent_on": "2026-02-10", "description": "Sewa aula", "amount_idr": "Rp 1.500.000"}
    made = client.post(url, {**data, "receipt": png()})
    assert made.status_code == 201 and made.json()["amount_idr"] == 1_500_000
    line = CostLine.objects.get()
    assert client.get(made.json()["receipt_url"]).status_code == 200
    bad = client.post(url, {**data, "receipt": exe_named_pdf()})
    assert bad.status_code == 400 and list(bad.json()["fields"]) == ["receipt"]
    cancel = {"status": "cancelled", "cancel_reason": "Batal"}
    assert (
        client.patch(_api("activity-detail", training_a.pk), cancel, "application/json").json()[
            "status"
        ]
        == "cancelled"
    )
    on_cancelled = client.post(url, data)
    assert on_cancelled.status_code == 400 and "cancelled" in on_cancelled.json()["error"]
    assert CostLine.objects.count() == 1
    gone = client.delete(_api("cost-detail", line.pk), {"reason": "Ganda"}, "application/json")
    assert gone.status_code == 204 and CostLine.objects.count() == 0


def test_close_the_year_then_writes_answer_400_naming_it(
    client: Client, officer: User, viewer: User, training_a: Activity
) -> None:
    close = _api("year-close", 2026)
    login(client, viewer)
    assert client.post(close, {"confirm": True}, "application/json").status_code == 403
    login(client, officer)
    assert client.post(close, {}, "application/json").status_code == 400
    closed = client.post(close, {"confirm": True}, "application/json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    patch = client.patch(
        _api("activity-detail", training_a.pk), {"progress_pct": 10}, "application/json"
    )
    assert patch.status_code == 400 and "2026" in patch.json()["error"]
    training_a.refresh_from_db()
    assert training_a.progress_pct == 0
    output = {"kind": "other", "description": "x", "delivered_on": dt.date(2026, 3, 1).isoformat()}
    answer = client.post(_api("activity-outputs", training_a.pk), output, "application/json")
    assert answer.status_code == 400 and "2026" in answer.json()["error"]
    assert training_a.outputs.count() == 0
