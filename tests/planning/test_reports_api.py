"""The realisation and alerts API: the page's numbers, each grouping, the facilitator's scope,
and the refusals (owners and assessors 403, an unknown year 404, a bad month or grouping 400
naming the parameter)."""

from __future__ import annotations

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.planning.choices import ActivityType
from tests.conftest import login
from tests.planning.conftest_reports import JT, Books, books
from tests.refusals import API_ANONYMOUS, Attempt, matrix, refused

pytestmark = pytest.mark.django_db
__all__ = ["books"]
REALISATION = "/api/v1/planning/realisation/2026/"
ALERTS = "/api/v1/planning/alerts/2026/"


def _get(client: Client, user: User, url: str) -> dict[str, object]:
    login(client, user)
    answer = client.get(url)
    assert answer.status_code == 200, answer.content
    return answer.json()  # type: ignore[no-any-return]


def test_by_source(books: Books, client: Client, officer: User) -> None:
    data = _get(client, officer, REALISATION + "?month=6")
    assert (data["year"], data["month"], data["as_at"], data["by"]) == (
        2026,
        6,
        "2026-06-30",
        "source",
    )
    assert data["total"] == {
        "key": "total", "label": "", "activities": 3, "planned_idr": 350 * JT,
        "realised_idr": 165 * JT, "absorption_pct": 47.1, "progress_pct": 51.4,
        "planned": 1, "in_progress": 1, "done": 1, "cancelled": 1,
    }  # fmt: skip
    rows = [
        (r["label"], r["planned_idr"], r["realised_idr"], r["absorption_pct"]) for r in data["rows"]
    ]  # type: ignore[attr-defined]
    assert rows == [
        ("APBD Kabupaten", 150 * JT, 115 * JT, 76.7),
        ("DAK Fisik", 200 * JT, 50 * JT, 25.0),
    ]
    assert data["cancelled"] == {"count": 1, "planned_idr": 30 * JT, "realised_idr": 5 * JT}
    assert data["realised_all_idr"] == 170 * JT
    assert data["months"] == []


def test_by_type_kecamatan_and_month(books: Books, client: Client, viewer: User) -> None:
    types = _get(client, viewer, REALISATION + "?month=6&by=type")["rows"]
    assert [r["key"] for r in types] == [  # type: ignore[attr-defined]
        ActivityType.TRAINING,
        ActivityType.EQUIPMENT,
        ActivityType.PACKAGING,
        ActivityType.PROMOTION,
    ]
    kecamatan = _get(client, viewer, REALISATION + "?month=6&by=kecamatan")["rows"]
    assert [r["label"] for r in kecamatan] == ["Kecamatan Dua", "Kecamatan Satu"]  # type: ignore[attr-defined]
    months = _get(client, viewer, REALISATION + "?month=6&by=month")
    assert months["rows"] == []
    june = months["months"][5]  # type: ignore[index]
    assert june == {
        "month": 6, "ends_on": "2026-06-30", "planned_cumulative_idr": 300 * JT,
        "target_pct": 85.7, "realised_idr": 0, "realised_cumulative_idr": 165 * JT,
        "absorption_pct": 47.1,
    }  # fmt: skip
    assert months["months"][6]["realised_idr"] is None  # type: ignore[index]


def test_facilitator_gets_their_villages(books: Books, client: Client, facilitator: User) -> None:
    data = _get(client, facilitator, REALISATION + "?month=12")
    assert data["total"]["planned_idr"] == 150 * JT  # type: ignore[index]
    assert [r["label"] for r in data["rows"]] == ["APBD Kabupaten"]  # type: ignore[attr-defined]


def test_alerts(books: Books, client: Client, officer: User) -> None:
    data = _get(client, officer, ALERTS + "?month=7")
    assert data["reference"] == "2026-07-31"
    assert data["over_plan"] == [
        {
            "activity_id": books.bimtek.pk, "title": "Bimtek", "planned_idr": 100 * JT,
            "realised_idr": 115 * JT, "over_idr": 15 * JT, "over_pct": 15.0,
        }
    ]  # fmt: skip
    assert data["overdue"] == [
        {
            "activity_id": books.alat.pk, "title": "Alat", "ends_on": "2026-06-30",
            "status": "in_progress", "days_late": 31,
        }
    ]  # fmt: skip
    slow = [(s["key"], s["projected_idr"], s["shortfall_idr"]) for s in data["slow_absorption"]]  # type: ignore[attr-defined]
    assert slow == [
        (str(books.dak.pk), 85_714_285, 114_285_715),
        ("total", 282_857_142, 67_142_858),
    ]


@pytest.mark.parametrize("query", ["?month=13", "?month=x", "?by=village"])
def test_bad_parameters_answer_400(books: Books, client: Client, officer: User, query: str) -> None:
    login(client, officer)
    answer = client.get(REALISATION + query)
    assert answer.status_code == 400
    assert list(answer.json()["fields"]) == [query[1:].split("=")[0]]


def test_unknown_year_answers_404(books: Books, client: Client, officer: User) -> None:
    login(client, officer)
    assert client.get("/api/v1/planning/realisation/2031/").status_code == 404
    assert client.get("/api/v1/planning/alerts/2031/").status_code == 404


ATTEMPTS = {
    "realisation": Attempt("get", REALISATION),
    "alerts": Attempt("get", ALERTS),
    "post": Attempt("post", REALISATION, {}, json=True),
}
ANSWERS = {"owner": 403, "assessor": 403, "outsider": 403, "anonymous": API_ANONYMOUS}


@pytest.mark.parametrize(("persona", "action", "expected"), matrix(ANSWERS, ATTEMPTS))
def test_refused(
    client: Client,
    request: pytest.FixtureRequest,
    books: Books,
    persona: str,
    action: str,
    expected: object,
) -> None:
    refused(client, request, persona, ATTEMPTS[action], expected, records=books, apps=("planning",))  # type: ignore[arg-type]


def test_viewer_cannot_post(books: Books, client: Client, viewer: User) -> None:
    login(client, viewer)
    assert client.post(REALISATION, {}, content_type="application/json").status_code == 405
