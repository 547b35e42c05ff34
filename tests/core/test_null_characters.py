"""A NUL character in an API value is a 400 naming the field (schemathesis found a 500 on
PostgreSQL: a village code with U+0000 reached the database lookup)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.regions.models import Region
from tests.conftest import login


@pytest.mark.django_db
@pytest.mark.parametrize("content_type", ["json", "form"])
def test_a_nul_in_a_looked_up_code_is_refused_and_nothing_is_written(
    client: Client, officer: User, village_a: Region, content_type: str
) -> None:
    login(client, officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = {"name": "Kerupuk Nul", "owner_name": "Bu Nul", "village": "99.01\x00.01.2001"}
    if content_type == "json":
        response = client.post("/api/v1/enterprises/", body, content_type="application/json")
    else:
        response = client.post("/api/v1/enterprises/", body)
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "village": ["No value may contain a NUL character (U+0000)."]
    }
    assert Enterprise.objects.count() == 0
