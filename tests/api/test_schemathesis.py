"""Schemathesis over every operation under /api/v1/, as officer, owner and assessor.

The schema is the one drf-spectacular serves; requests go in process to the WSGI application
(no socket), signed in by session cookie with a CSRF token as a browser sends them, against the
demo data (loaded once for the module). Every response must be no server error, carry a status
code the schema documents for the operation, the content type it declares, and a body that
matches the schema.

Each operation gets the schema's examples and six random examples per role
(SCHEMATHESIS_EXAMPLES=50 searches deeper). The officer, whose requests reach the validation
of every operation, also gets schemathesis's coverage phase: each parameter's boundaries, wrong
types and missing required fields, and the methods an operation does not have (some 8,000
requests). The owner and the assessor do not: they are refused most operations before any
input is read (with the coverage phase, 7,126 of the assessor's 9,254 requests and 5,330 of
the owner's 9,257 were answered 403), so their boundary cases repeated one refusal thousands
of times and took two thirds of this module's time.
"""

from __future__ import annotations

import copy
import json
import os
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise, Product
from ovop.monitoring.models import Indicator, Respondent, Round, Target
from ovop.programme.models import Programme
from ovop.rating.models import Assessment, RatingScheme, StarRating
from ovop.regions.models import Region
from ovop.selection.models import Decision, SelectionRound
from ovop.wsgi import application
from tests.empowerment.api_rows import empowerment_rows

#: The roles refused most operations (see the module's note); the officer is the other one.
REFUSED_ROLES = ("owner", "assessor")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
#: A CSRF secret as Django keeps it in the cookie; sent back unmasked in the header.
CSRF_TOKEN = "s" * 32
CASES: Counter[str] = Counter()


def _openapi() -> dict[str, Any]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema, renderer_context={}))  # type: ignore[no-any-return]


API = r"^/api/v1/"
OPENAPI = _openapi()
SCHEMA = schemathesis.openapi.from_dict(copy.deepcopy(OPENAPI)).include(path_regex=API)
WITHOUT_COVERAGE = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
SCHEMA_REFUSED = schemathesis.openapi.from_dict(OPENAPI, config=WITHOUT_COVERAGE).include(
    path_regex=API
)

#: Real rows for path parameters: half of the generated ids are swapped for one of these, so
#: that detail endpoints are exercised on records that exist (the other half mostly 404).
ROWS: dict[str, Any] = {
    "/api/v1/enterprises/{id}/": Enterprise.objects,
    "/api/v1/products/{id}/": Product.objects,
    "/api/v1/programmes/{id}/": Programme.objects,
    "/api/v1/rating-schemes/{id}/": RatingScheme.objects,
    "/api/v1/assessments/{id}/": Assessment.objects,
    "/api/v1/star-ratings/{id}/": StarRating.objects,
    "/api/v1/selection/decisions/{id}/": Decision.objects,
    "/api/v1/selection/rounds/{id}/": SelectionRound.objects,
    "/api/v1/selection/rounds/{id}/result/": SelectionRound.objects,
    "/api/v1/selection/rounds/{id}/judgement/": SelectionRound.objects,
    "/api/v1/selection/rounds/{id}/scores/": SelectionRound.objects,
    **empowerment_rows(),
    "/api/v1/evaluation/programmes/{id}/indicators/": Programme.objects,
    "/api/v1/evaluation/programmes/{id}/indicators/{code}/": Programme.objects,
    "/api/v1/evaluation/programmes/{id}/efficiency/": Programme.objects,
    "/api/v1/evaluation/programmes/{id}/targets/": Programme.objects,
    "/api/v1/evaluation/programmes/{id}/report/": Programme.objects,
    **{
        f"/api/v1/monitoring/{path}": rows
        for path, rows in (
            ("indicators/{id}/", Indicator.objects),
            ("indicators/{id}/archive/", Indicator.objects),
            ("indicators/{id}/restore/", Indicator.objects),
            ("indicators/{id}/targets/", Indicator.objects),
            ("targets/{id}/", Target.objects),
            ("rounds/{id}/", Round.objects),
            ("rounds/{id}/participants/", Round.objects),
            ("rounds/{id}/lock/", Round.objects),
            ("rounds/{id}/reopen/", Round.objects),
            ("rounds/{id}/respondents/", Round.objects),
            ("rounds/{id}/values/", Round.objects),
            ("respondents/{id}/values/", Respondent.objects),
            ("respondents/{id}/review/", Respondent.objects),
        )
    },
}


def _real_ids(case: Any) -> None:
    params = case.path_parameters or {}
    pk = params.get("id")
    if isinstance(pk, int) and pk % 2 == 0 and case.path in ROWS:
        ids = list(ROWS[case.path].order_by("pk").values_list("pk", flat=True))
        if ids:
            params["id"] = ids[(pk // 2) % len(ids)]
    code = params.get("code")
    if isinstance(code, str) and len(code) % 2 == 0 and case.path.startswith("/api/v1/evaluation/"):
        params["code"] = ("omzet", "kompetensi", "pasar", "harga")[len(code) % 4]
    elif isinstance(code, str) and len(code) % 2 == 0:
        codes = list(Region.objects.order_by("code").values_list("code", flat=True)[:200])
        params["code"] = codes[len(code) % len(codes)]


@pytest.fixture
def in_process(settings: Any) -> Iterator[None]:
    """The WSGI handler, unlike the test client, closes the connection after each request:
    keep it open, since the test's transaction lives on it."""
    settings.ALLOWED_HOSTS = ["localhost"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _signed_in(role: str) -> dict[str, Any]:
    client = Client()
    client.force_login(User.objects.get(username=role))
    return {
        "role": role,
        "cookies": {
            settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
            settings.CSRF_COOKIE_NAME: CSRF_TOKEN,
        },
        "headers": {"X-CSRFToken": CSRF_TOKEN},
    }


@pytest.fixture
def officer_session(demo: None, db: None, in_process: None) -> dict[str, Any]:
    return _signed_in("officer")


@pytest.fixture(params=REFUSED_ROLES)
def refused_session(
    request: pytest.FixtureRequest, demo: None, db: None, in_process: None
) -> dict[str, Any]:
    return _signed_in(request.param)


@pytest.fixture(scope="module", autouse=True)
def summary() -> Iterator[None]:
    """How many requests got which status, by role and operation (shown with -s)."""
    yield
    for key, count in sorted(CASES.items()):
        print(f"{count:5} {key}")
    print(f"{sum(CASES.values())} requests")


#: One sign-in and one savepoint per role and operation, shared by its examples on purpose:
#: an example's writes (a saved judgement, a registered IKM) are undone after the operation.
EXAMPLES = hypothesis_settings(
    max_examples=int(os.environ.get("SCHEMATHESIS_EXAMPLES", "6")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _call(case: Any, session: dict[str, Any]) -> None:
    _real_ids(case)
    response = case.call_and_validate(
        app=application,
        headers=session["headers"],
        cookies=session["cookies"],
        checks=CHECKS,
    )
    CASES[f"{session['role']:9} {response.status_code} {case.method} {case.path}"] += 1


@SCHEMA.parametrize()
@EXAMPLES
def test_api_tells_the_truth(case: Any, officer_session: dict[str, Any]) -> None:
    _call(case, officer_session)


@SCHEMA_REFUSED.parametrize()
@EXAMPLES
def test_api_tells_the_truth_to_the_refused(case: Any, refused_session: dict[str, Any]) -> None:
    _call(case, refused_session)
