"""An action posted through the API without its due date or cost is a 400 naming both fields
(it was a 500 that schemathesis found: the service was called without them)."""

from __future__ import annotations

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.empowerment.models import Action, Cycle, Stage
from tests.conftest import login
from tests.empowerment.api_data import API

pytestmark = pytest.mark.django_db


def test_an_action_without_date_or_cost_is_refused_naming_both(
    client: Client, officer: User, cycle_a: Cycle
) -> None:
    Cycle.objects.filter(pk=cycle_a.pk).update(stage=Stage.ACTION_PLAN)
    login(client, officer)
    client.cookies["django_language"] = "en"
    response = client.post(
        f"{API}cycles/{cycle_a.pk}/actions/", {"title": "Training"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert {"due_on", "cost_idr"} <= set(response.json()["fields"])
    assert not Action.objects.exists()
