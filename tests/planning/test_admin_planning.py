# ruff: noqa: F811  (fixtures imported from conftest_records are parameters here)
"""The planning admin shows every model read-only; an approved plan cannot be changed there."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.planning.choices import ScenarioStatus
from ovop.planning.models import FiscalYear, Proposal, Scenario, ScenarioItem, Source
from ovop.regions.models import Region
from tests.planning.conftest_records import apbd, fy, make_proposal  # noqa: F401 - fixtures

MODELS = [
    m
    for m in apps.get_app_config("planning").get_models()
    if not m.__name__.startswith("Historical")
]


def test_every_model_is_registered() -> None:
    assert [m.__name__ for m in MODELS if m not in admin.site._registry] == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_list_opens_and_nothing_can_be_added(
    client: Client, admin_user: User, apbd: Source, model: Any
) -> None:
    meta = model._meta
    client.force_login(admin_user)
    changelist = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    assert changelist.status_code == 200
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 403


def test_approved_scenario_is_read_only(
    client: Client, admin_user: User, fy: FiscalYear, apbd: Source, village_a: Region
) -> None:
    proposal = make_proposal(fy, village_a, "Bimtek")
    scenario = Scenario.objects.create(fiscal_year=fy, name="Rencana", budgets={str(apbd.pk): 1})
    ScenarioItem.objects.create(scenario=scenario, proposal=proposal, benefit=1.0, cost_idr=1)
    Scenario.objects.filter(pk=scenario.pk).update(status=ScenarioStatus.APPROVED, version=1)
    client.force_login(admin_user)
    url = reverse("admin:planning_scenario_change", args=[scenario.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b"Bimtek" in page.content  # the items inline
    client.post(url, {"name": "Diubah"})
    assert Scenario.objects.get(pk=scenario.pk).name == "Rencana"
    delete = client.post(reverse("admin:planning_scenario_delete", args=[scenario.pk]))
    assert delete.status_code == 403
    assert Proposal.objects.count() == 1 and Scenario.objects.count() == 1
