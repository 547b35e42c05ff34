"""The empowerment admin shows every model read-only: lists open, nothing can be changed."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.empowerment.models import Group
from tests.conftest import login

MODELS = [
    m
    for m in apps.get_app_config("empowerment").get_models()
    if not m.__name__.startswith("Historical")
]


def test_every_model_is_registered() -> None:
    missing = [m.__name__ for m in MODELS if m not in admin.site._registry]
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_list_opens_and_nothing_can_be_added(
    client: Client, admin_user: User, group_a: Group, cycle_a: object, model: Any
) -> None:
    meta = model._meta
    login(client, admin_user)
    response = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    assert response.status_code == 200
    add = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    assert add.status_code == 403


@pytest.mark.django_db
def test_group_page_and_history_open_read_only(
    client: Client, admin_user: User, group_a: Group
) -> None:
    login(client, admin_user)
    url = reverse("admin:empowerment_group_change", args=[group_a.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"Siti Aminah" in response.content  # the members inline
    before = Group.objects.values_list("name", flat=True).get()
    client.post(url, {"name": "Diubah"})
    assert Group.objects.values_list("name", flat=True).get() == before
    history = client.get(reverse("admin:empowerment_group_history", args=[group_a.pk]))
    assert history.status_code == 200
