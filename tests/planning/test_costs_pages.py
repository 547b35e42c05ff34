# ruff: noqa: F811  (fixtures imported from conftest_delivery are parameters here)
"""Cost pages: money as typed, receipts refused naming the field, the over-plan warning, the
receipt served only in scope, deletion confirmed with a reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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
    real_pdf,
    training_a,
    year,
)
from tests.planning.test_costs_services import exe_named_pdf

pytestmark = pytest.mark.django_db


def _post(client: Client, activity: Activity, **extra: object) -> object:
    data = {"spent_on": "10/02/2026", "description": "Sewa aula", "amount_idr": "Rp 1.500.000"}
    url = reverse("planning:cost_add", args=[activity.pk])
    return client.post(url, {**data, **extra})


def test_a_cost_with_its_receipt(
    client: Client, facilitator: User, training_a: Activity, media: Path
) -> None:
    login(client, facilitator)
    assert _post(client, training_a, receipt=png()).status_code == 302  # type: ignore[attr-defined]
    line = CostLine.objects.get()
    assert (line.amount_idr, line.spent_on) == (1_500_000, dt.date(2026, 2, 10))
    answer = _post(client, training_a, receipt=exe_named_pdf())
    assert answer.status_code == 200  # type: ignore[attr-defined]
    errors = answer.context["form"].errors  # type: ignore[attr-defined]
    assert list(errors) == ["receipt"]
    assert CostLine.objects.count() == 1


def test_a_line_above_the_plan_warns(
    client: Client, officer: User, training_a: Activity, english_client: Client
) -> None:
    login(english_client, officer)
    answer = _post(english_client, training_a, amount_idr="45 juta")
    page = english_client.get(answer["Location"]).content.decode()  # type: ignore[index]
    assert "more than the activity's whole planned cost" in page
    assert CostLine.objects.get().amount_idr == 45_000_000


def test_the_receipt_is_served_in_scope_only(
    client: Client,
    facilitator: User,
    other_facilitator: User,
    owner: User,
    training_a: Activity,
    group_a: Group,
    media: Path,
) -> None:
    line = CostLine.objects.create(
        activity=training_a, spent_on=dt.date(2026, 2, 10), description="x", amount_idr=1
    )
    line.receipt = real_pdf()  # type: ignore[assignment]
    line.save()
    Participant.objects.create(activity=training_a, person=Person.objects.get(name="Pak Owner"))
    url = reverse("files:cost_receipt", args=[line.pk])
    for user, status in ((facilitator, 200), (other_facilitator, 404), (owner, 403)):
        login(client, user)
        assert client.get(url).status_code == status, user


def test_delete_is_confirmed_with_a_reason(
    client: Client, officer: User, training_a: Activity
) -> None:
    line = CostLine.objects.create(
        activity=training_a, spent_on=dt.date(2026, 2, 10), description="x", amount_idr=1
    )
    login(client, officer)
    url = reverse("planning:cost_delete", args=[line.pk])
    assert client.post(url).status_code == 200
    assert CostLine.objects.count() == 1
    client.post(url, {"confirm": "1", "reason": "Salah input"})
    assert CostLine.objects.count() == 0
    deleted = CostLine.history.filter(id=line.pk, history_type="-").get()
    assert deleted.history_change_reason == "Salah input"
