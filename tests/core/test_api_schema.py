"""The OpenAPI description of /api/v1/ is complete: it validates and raises no warning."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.test import Client

from ovop.accounts.models import User
from tests.conftest import login


def test_schema_validates_without_warnings(tmp_path: Path) -> None:
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    paths = set(schema["paths"])
    for expected in (
        "/api/v1/regions/",
        "/api/v1/enterprises/",
        "/api/v1/products/",
        "/api/v1/programmes/",
        "/api/v1/selection/rounds/",
        "/api/v1/assessments/",
        "/api/v1/rating-schemes/",
        "/api/v1/star-ratings/",
    ):
        assert expected in paths, expected


@pytest.mark.django_db
def test_schema_and_docs_are_served_to_users(client: Client, viewer: User) -> None:
    login(client, viewer)
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
