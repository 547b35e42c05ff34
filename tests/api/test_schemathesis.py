"""Schemathesis over every operation under /api/v1/, as officer, owner and assessor.

The schema is the one drf-spectacular serves; requests go in process to the WSGI application
(no socket), signed in by session cookie with a CSRF token as a browser sends them, against the
demo data (loaded once for the module). Every response must be no server error, carry a status
code the schema documents for the operation, the content type it declares, and a body that
matches the schema. Six examples per operation and role (some 3,000 requests) keep the run
within CI's time; SCHEMATHESIS_EXAMPLES=50 searches deeper.
"""

from __future__ import annotations

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

ROLES = ("officer", "owner", "assessor")
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


SCHEMA = schemathesis.openapi.from_dict(_openapi()).include(path_regex=r"^/api/v1/")

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


@pytest.fixture(params=ROLES)
def session(
    request: pytest.FixtureRequest, demo: None, db: None, in_process: None
) -> dict[str, Any]:
    user = User.objects.get(username=request.param)
    client = Client()
    client.force_login(user)
    return {
        "role": request.param,
        "cookies": {
            settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
            settings.CSRF_COOKIE_NAME: CSRF_TOKEN,
        },
        "headers": {"X-CSRFToken": CSRF_TOKEN},
    }


@pytest.fixture(scope="module", autouse=True)
def summary() -> Iterator[None]:
    """How many requests got which status, by role and operation (shown with -s)."""
    yield
    for key, count in sorted(CASES.items()):
        print(f"{count:5} {key}")
    print(f"{sum(CASES.values())} requests")


@SCHEMA.parametrize()
@hypothesis_settings(
    max_examples=int(os.environ.get("SCHEMATHESIS_EXAMPLES", "6")),
    deadline=None,
    # One sign-in and one savepoint per role and operation, shared by its examples on purpose:
    # an example's writes (a saved judgement, a registered IKM) are undone after the operation.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_api_tells_the_truth(case: Any, session: dict[str, Any]) -> None:
    _real_ids(case)
    response = case.call_and_validate(
        app=application,
        headers=session["headers"],
        cookies=session["cookies"],
        checks=CHECKS,
    )
    CASES[f"{session['role']:9} {response.status_code} {case.method} {case.path}"] += 1
