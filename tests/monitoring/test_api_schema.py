"""The monitoring API's part of the OpenAPI description: every operation there, each
documenting its errors in the one shape (tests/core/test_api_schema.py checks the whole
schema's validity)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command

ERROR = {"$ref": "#/components/schemas/Error"}
M = "/api/v1/monitoring/"

#: Every operation: its successful status, and the errors it documents.
OPERATIONS = {
    ("get", "indicators/"): ("200", {"400", "403", "404"}),
    ("post", "indicators/"): ("201", {"400", "403"}),
    ("get", "indicators/{id}/"): ("200", {"403", "404"}),
    ("patch", "indicators/{id}/"): ("200", {"400", "403", "404"}),
    ("post", "indicators/{id}/archive/"): ("200", {"400", "403", "404"}),
    ("post", "indicators/{id}/restore/"): ("200", {"400", "403", "404"}),
    ("get", "indicators/{id}/targets/"): ("200", {"403", "404"}),
    ("post", "indicators/{id}/targets/"): ("201", {"400", "403", "404"}),
    ("get", "targets/{id}/"): ("200", {"403", "404"}),
    ("delete", "targets/{id}/"): ("204", {"400", "403", "404"}),
    ("get", "rounds/"): ("200", {"403", "404"}),
    ("post", "rounds/"): ("201", {"400", "403"}),
    ("get", "rounds/{id}/"): ("200", {"403", "404"}),
    ("patch", "rounds/{id}/"): ("200", {"400", "403", "404", "405"}),
    ("post", "rounds/{id}/participants/"): ("200", {"400", "403", "404", "405"}),
    ("post", "rounds/{id}/lock/"): ("200", {"400", "403", "404", "405"}),
    ("post", "rounds/{id}/reopen/"): ("200", {"400", "403", "404"}),
    ("get", "rounds/{id}/respondents/"): ("200", {"400", "403", "404"}),
    ("post", "rounds/{id}/values/"): ("200", {"400", "403", "404", "405"}),
    ("get", "respondents/{id}/values/"): ("200", {"403", "404"}),
    ("put", "respondents/{id}/values/"): ("200", {"400", "403", "404", "405"}),
    ("patch", "respondents/{id}/values/"): ("200", {"400", "403", "404", "405"}),
    ("post", "respondents/{id}/review/"): ("200", {"400", "403", "404", "405"}),
    # imports: a file over the limit answers 413 before it is read, a body that is not a
    # multipart form 415
    ("post", "rounds/{id}/imports/"): ("201", {"400", "403", "404", "413", "415"}),
    ("post", "registry-imports/"): ("201", {"400", "403", "413", "415"}),
    ("get", "imports/{id}/"): ("200", {"403", "404"}),
    ("post", "imports/{id}/confirm/"): ("200", {"400", "403", "404"}),
    ("post", "imports/{id}/cancel/"): ("200", {"400", "403", "404"}),
}


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    target: Path = tmp_path_factory.mktemp("schema") / "schema.yml"
    call_command("spectacular", "--validate", "--file", str(target))
    return yaml.safe_load(target.read_text())  # type: ignore[no-any-return]


def _error_codes(operation: dict[str, Any]) -> set[str]:
    return {
        code
        for code, response in operation["responses"].items()
        if response.get("content", {}).get("application/json", {}).get("schema") == ERROR
    }


def test_every_operation_documents_its_errors_in_the_one_shape(schema: dict[str, Any]) -> None:
    found = {
        (method, path.removeprefix(M)): operation
        for path, methods in schema["paths"].items()
        if path.startswith(M)
        for method, operation in methods.items()
    }
    assert set(found) == set(OPERATIONS)
    for key, (success, errors) in OPERATIONS.items():
        operation = found[key]
        assert _error_codes(operation) == errors, key
        assert success in operation["responses"], key


def test_answers_are_an_object_of_bounded_answers(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    answers = components["ValuesIn"]["properties"]["answers"]
    assert answers["type"] == "object"
    assert answers["maxProperties"] == 180
    kinds = [option["type"] for option in answers["additionalProperties"]["anyOf"]]
    assert kinds == ["number", "string", "boolean"]
    rows = components["BulkValuesIn"]["properties"]["rows"]
    assert (rows["minItems"], rows["maxItems"]) == (1, 250)
