"""The OpenAPI description of /api/v1/ is complete: it validates and raises no warning, and it
says what the API does (tests/api/test_schemathesis.py checks the answers against it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.test import Client

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from tests.conftest import login

ERROR = {"$ref": "#/components/schemas/Error"}


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    target = tmp_path_factory.mktemp("schema") / "schema.yml"
    call_command("spectacular", "--file", str(target))
    return yaml.safe_load(target.read_text())  # type: ignore[no-any-return]


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, methods in schema["paths"].items()
        if path.startswith("/api/v1/")
        for method, operation in methods.items()
    ]


def _error_codes(operation: dict[str, Any]) -> set[str]:
    return {
        code
        for code, response in operation["responses"].items()
        if response.get("content", {}).get("application/json", {}).get("schema") == ERROR
    }


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
        "/api/v1/empowerment/groups/",
        "/api/v1/empowerment/cycles/{id}/",
        "/api/v1/empowerment/meetings/{id}/record/",
        "/api/v1/empowerment/proposals/",
        "/api/v1/monitoring/rounds/{id}/values/",
        "/api/v1/evaluation/programmes/{id}/indicators/{code}/",
        "/api/v1/evaluation/programmes/{id}/efficiency/",
        "/api/v1/evaluation/programmes/{id}/targets/",
        "/api/v1/evaluation/programmes/{id}/report/",
        "/api/v1/evaluation/indicators/{code}/",
        "/api/v1/monitoring/imports/{id}/confirm/",
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


def test_every_operation_documents_its_errors_in_the_one_shape(schema: dict[str, Any]) -> None:
    """403 everywhere (not signed in, or not allowed); 404 wherever a record or a page is
    named; 400 wherever a body is read or a filter value can be refused; 415 on the uploads; 405
    where a frozen record refuses a change."""
    operations = _operations(schema)
    # 16: planning delivery; 2: planning reports; 17: planning records; 8: planning scenarios;
    # 23 + 5 (imports): monitoring; 6: evaluation (impacts, one impact, one indicator over every
    # programme, efficiency, targets, report); 2: dashboards; 2: the public catalogue; 6: the
    # catalogue's moderation; 4: its inquiries and demand figures
    assert len(operations) == 75 + 16 + 2 + 17 + 8 + 23 + 5 + 6 + 2 + 2 + 6 + 4
    validated = {"/api/v1/regions/", "/api/v1/enterprises/", "/api/v1/products/"}
    validated |= {
        f"/api/v1/empowerment/{name}/"
        for name in ("groups", "people", "cycles", "actions", "proposals", "meetings")
    }
    validated |= {"/api/v1/planning/activities/"}
    validated |= {"/api/v1/planning/realisation/{year}/", "/api/v1/planning/alerts/{year}/"}
    validated |= {f"/api/v1/planning/{name}/" for name in ("sources", "price-items", "proposals")}
    validated |= {"/api/v1/planning/scenarios/"}
    validated |= {"/api/v1/monitoring/indicators/", "/api/v1/monitoring/rounds/{id}/respondents/"}
    validated |= {  # ?year= (and the report's ?lang=)
        f"/api/v1/evaluation/programmes/{{id}}/{name}/"
        for name in ("indicators", "indicators/{code}", "efficiency", "targets", "report")
    }
    validated |= {"/api/v1/dashboard/programmes/{id}/", "/api/v1/dashboard/national/"}
    validated |= {"/api/v1/catalogue/inquiries/", "/api/v1/catalogue/demand/"}
    creating = {
        *(f"/api/v1/planning/{name}/" for name in ("years", "sources", "price-items", "proposals")),
        "/api/v1/enterprises/",
        "/api/v1/empowerment/groups/",
        "/api/v1/empowerment/cycles/",
        "/api/v1/empowerment/meetings/",
        "/api/v1/planning/activities/",
        "/api/v1/planning/scenarios/",
        "/api/v1/monitoring/indicators/",
        "/api/v1/monitoring/rounds/",
        "/api/v1/monitoring/registry-imports/",
    }
    #: imports: a file larger than the import limit answers 413 before it is read
    large = {"/api/v1/monitoring/rounds/{id}/imports/", "/api/v1/monitoring/registry-imports/"}
    uploads = {
        *large,
        "/api/v1/empowerment/meetings/{id}/photos/",
        "/api/v1/empowerment/meetings/{id}/sheet/",
        "/api/v1/planning/activities/{id}/costs/",
    }
    unnamed = {  # a view of everything, no record in its path
        "/api/v1/dashboard/national/",
        "/api/v1/catalogue/moderation/",
        "/api/v1/catalogue/demand/",
    }
    frozen = {  # an approved plan answers 405 to a change
        ("patch", "/api/v1/planning/scenarios/{id}/"),
        ("post", "/api/v1/planning/scenarios/{id}/run/"),
        # a locked survey round, or an approved entry, answers 405 to a change
        ("patch", "/api/v1/monitoring/rounds/{id}/"),
        ("post", "/api/v1/monitoring/rounds/{id}/participants/"),
        ("post", "/api/v1/monitoring/rounds/{id}/lock/"),
        ("post", "/api/v1/monitoring/rounds/{id}/values/"),
        ("put", "/api/v1/monitoring/respondents/{id}/values/"),
        ("patch", "/api/v1/monitoring/respondents/{id}/values/"),
        ("post", "/api/v1/monitoring/respondents/{id}/review/"),
    }
    #: anonymous and read-only: no 403; a bad filter 400, an unknown product 404, a flood 429
    public = {
        "/api/v1/catalogue/products/": {"400", "429"},
        "/api/v1/catalogue/products/{slug}/": {"404", "429"},
    }
    for path, method, operation in operations:
        if path in public:
            assert _error_codes(operation) == public[path], (method, path)
            continue
        expected = {"403", "404"}
        if (method, path) in frozen:
            expected.add("405")
        if method in {"post", "put", "patch", "delete"} or path in validated:  # or filters refuse
            expected.add("400")
        if path in creating and method == "post" or path in unnamed:
            expected.discard("404")  # names no record, and has no pages
        if path in uploads and method == "post":
            expected.add("415")  # a body that is not a multipart form
        if path in large:
            expected.add("413")
        assert _error_codes(operation) == expected, (method, path)
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["error", "fields"]
    assert error["properties"]["fields"]["additionalProperties"]["items"] == {"type": "string"}


def test_region_parent_is_nullable(schema: dict[str, Any]) -> None:
    assert schema["components"]["schemas"]["Region"]["properties"]["parent_code"]["nullable"]


def test_private_enterprise_fields_are_optional_and_email_may_be_empty(
    schema: dict[str, Any],
) -> None:
    enterprise = schema["components"]["schemas"]["Enterprise"]
    private = {"phone", "email", "nib", "address", "investment_idr", "annual_sales_idr"}
    assert private <= set(enterprise["properties"])
    assert not private & set(enterprise["required"])
    assert {"id", "name", "village"} <= set(enterprise["required"])
    assert "format" not in enterprise["properties"]["email"]


def test_a_proposals_added_photos_are_described(schema: dict[str, Any]) -> None:
    """The moderation queue keeps the count of new photos and lists them: the place is null
    when the owner gave none, the address an absolute URI."""
    components = schema["components"]["schemas"]
    proposal = components["ListingProposalOut"]
    assert proposal["properties"]["new_photos"]["type"] == "integer"
    added = proposal["properties"]["added_photos"]
    assert added["type"] == "array" and "added_photos" in proposal["required"]
    photo = components[added["items"]["$ref"].rsplit("/", 1)[1]]
    assert set(photo["required"]) == {"id", "caption", "place", "url"}
    assert photo["properties"]["place"] == {**photo["properties"]["place"], "nullable": True}
    assert photo["properties"]["url"]["format"] == "uri"
    assert all(field.get("description") for field in photo["properties"].values())


def test_judgement_is_the_matrix_or_the_pairs(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    body = schema["paths"]["/api/v1/selection/rounds/{id}/judgement/"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"]
    forms = components[ref.rsplit("/", 1)[1]]["oneOf"]
    shapes = [components[form["$ref"].rsplit("/", 1)[1]] for form in forms]
    assert [shape["required"] for shape in shapes] == [["matrix"], ["pairs"]]
    assert "pairs" not in shapes[0]["properties"] and "matrix" not in shapes[1]["properties"]


def _enum(schema: dict[str, Any], path: str, name: str) -> list[str]:
    parameters = schema["paths"][path]["get"]["parameters"]
    return next(p["schema"]["enum"] for p in parameters if p["name"] == name)  # type: ignore[no-any-return]


@pytest.mark.django_db
def test_filter_enums_are_what_the_filters_accept(
    schema: dict[str, Any], client: Client, officer: User, enterprise_x: Enterprise
) -> None:
    login(client, officer)
    assert _enum(schema, "/api/v1/enterprises/", "size") == ["", "small", "medium", "large"]
    assert _enum(schema, "/api/v1/products/", "published") == ["", "yes", "no"]
    filters = [
        (path, name, value)
        for path, names in (
            ("/api/v1/enterprises/", ("active", "category", "size", "certification")),
            ("/api/v1/products/", ("active", "category", "published")),
        )
        for name in names
        for value in _enum(schema, path, name)
    ]
    assert len(filters) == 41
    for path, name, value in filters:
        assert client.get(path, {name: value}).status_code == 200, (path, name, value)
        refused = client.get(path, {name: "not-" + value})
        assert refused.status_code == 400
        assert list(refused.json()["fields"]) == [name]
