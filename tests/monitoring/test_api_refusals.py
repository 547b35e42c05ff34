"""Every change through the monitoring API that a persona may not make is refused with the
status the scope rules give, and no row of the monitoring app changes: viewers and assessors
403, facilitators 404 outside their villages, owners 404 outside their own enterprise and 403
where the round takes no self-reporting, anyone 405 on a locked round."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.monitoring.choices import RoundStatus
from ovop.monitoring.models import Indicator, Respondent, Round, Target
from ovop.programme.models import Programme
from ovop.regions.models import Region
from tests.monitoring.conftest import FULL
from tests.refusals import API_ANONYMOUS, Attempt, refused

M = "/api/v1/monitoring/"


@pytest.fixture
def records(
    survey: Round,
    answering_x: Respondent,
    answering_y: Respondent,
    indicators: dict[str, Indicator],
    regency: Region,
    programme: Programme,
    officer: User,
) -> SimpleNamespace:
    target = Target.objects.create(
        indicator=indicators["omzet"], region=regency, year=2026, target_value=1
    )
    return SimpleNamespace(
        round=survey, x=answering_x, y=answering_y, indicator=indicators["omzet"], target=target
    )


def _values(t: Any, respondent: str) -> str:
    return f"{M}respondents/{getattr(t, respondent).pk}/values/"


def _rows(t: Any) -> dict[str, Any]:
    return {"rows": [{"respondent": t.y.pk, "answers": FULL}]}


ROUND_BODY = {
    "name": "X",
    "kind": "baseline",
    "year": 2025,
    "period_start": "2025-01-01",
    "period_end": "2025-02-01",
    "indicators": [],
}
ATTEMPTS = {
    "indicator-create": Attempt(
        "post", M + "indicators/", {"code": "x_api", "name_id": "X", "name_en": "X"}, json=True
    ),
    "indicator-patch": Attempt(
        "patch", lambda t: f"{M}indicators/{t.indicator.pk}/", {"name_en": "X"}, json=True
    ),
    "indicator-archive": Attempt(
        "post",
        lambda t: f"{M}indicators/{t.indicator.pk}/archive/",
        {"confirm": True, "reason": "x"},
        json=True,
    ),
    "target-set": Attempt(
        "post",
        lambda t: f"{M}indicators/{t.indicator.pk}/targets/",
        lambda t: {"region": t.target.region.code, "year": 2026, "target_value": 9},
        json=True,
    ),
    "target-remove": Attempt("delete", lambda t: f"{M}targets/{t.target.pk}/", json=True),
    "round-create": Attempt(
        "post",
        M + "rounds/",
        lambda t: {**ROUND_BODY, "programme": t.round.programme_id},
        json=True,
    ),
    "round-patch": Attempt("patch", lambda t: f"{M}rounds/{t.round.pk}/", {"name": "X"}, json=True),
    "participants": Attempt("post", lambda t: f"{M}rounds/{t.round.pk}/participants/", json=True),
    "lock": Attempt("post", lambda t: f"{M}rounds/{t.round.pk}/lock/", json=True),
    "reopen": Attempt(
        "post", lambda t: f"{M}rounds/{t.round.pk}/reopen/", {"reason": "x"}, json=True
    ),
    "values-x": Attempt("put", lambda t: _values(t, "x"), {"answers": FULL}, json=True),
    "values-y": Attempt("patch", lambda t: _values(t, "y"), {"answers": FULL}, json=True),
    "review-x": Attempt(
        "post", lambda t: f"{M}respondents/{t.x.pk}/review/", {"decision": "approve"}, json=True
    ),
    "bulk-y": Attempt("post", lambda t: f"{M}rounds/{t.round.pk}/values/", _rows, json=True),
}
#: What each persona gets by default; the exceptions below say where a record is out of sight
#: (404), where a row is refused (400), or that the persona may make the change (left out).
DEFAULT = {
    "viewer": 403,
    "facilitator": 403,
    "owner": 403,
    "owner2": 403,
    "outsider": 403,
    "assessor": 403,
    "anonymous": API_ANONYMOUS,
}
ROUND_WRITES = ("round-patch", "participants", "lock", "reopen", "bulk-y")
EXCEPTIONS: dict[tuple[str, str], Any] = {
    **{("outsider", name): 404 for name in ROUND_WRITES},  # answers no round: sees none
    ("facilitator", "values-x"): None,  # village A's facilitator enters X
    ("facilitator", "values-y"): 404,
    ("facilitator", "bulk-y"): 400,  # the row of village B: "no such respondent"
    ("owner", "values-y"): 404,
    ("owner2", "values-x"): 404,
    ("owner2", "review-x"): 404,
    ("outsider", "values-x"): 404,
    ("outsider", "values-y"): 404,
    ("outsider", "review-x"): 404,
}


def _cases() -> list[Any]:
    cases = []
    for name in ATTEMPTS:
        for persona, answer in DEFAULT.items():
            expected = EXCEPTIONS.get((persona, name), answer)
            if expected is not None:
                cases.append(pytest.param(persona, name, expected, id=f"{persona}-{name}"))
    return cases


@pytest.mark.parametrize(("persona", "action", "expected"), _cases())
def test_refused_and_nothing_changed(
    client: Client,
    request: pytest.FixtureRequest,
    records: SimpleNamespace,
    facilitator: User,
    owner2: User,
    outsider: User,
    persona: str,
    action: str,
    expected: Any,
) -> None:
    refused(
        client,
        request,
        persona,
        ATTEMPTS[action],
        expected,
        apps=("monitoring",),
        records=records,
    )


LOCKED = ("round-patch", "participants", "lock", "values-x", "values-y", "review-x", "bulk-y")


@pytest.mark.parametrize("action", LOCKED)
@pytest.mark.parametrize("persona", ["officer", "admin_user"])
def test_a_locked_round_refuses_every_change_but_reopening(
    client: Client,
    english_client: Client,
    request: pytest.FixtureRequest,
    records: SimpleNamespace,
    persona: str,
    action: str,
) -> None:
    Round.objects.filter(pk=records.round.pk).update(status=RoundStatus.LOCKED)
    response = refused(
        client, request, persona, ATTEMPTS[action], 405, apps=("monitoring",), records=records
    )
    assert response.json()["error"].startswith("This round is locked")
