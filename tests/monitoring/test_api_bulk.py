"""Many respondents' values in one request: every row read first, all stored or none."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.monitoring import api_values_bulk
from ovop.monitoring.choices import Arm, EntryStatus, RoundStatus
from ovop.monitoring.models import Respondent, Round, Value
from tests.monitoring.conftest import stored
from tests.monitoring.conftest_indicators import enterprise_make
from tests.refusals import rows as table_rows

pytestmark = pytest.mark.django_db


def _url(round_: Round) -> str:
    return f"/api/v1/monitoring/rounds/{round_.pk}/values/"


def _post(client: Client, round_: Round, rows: Any, **extra: Any) -> Any:
    body = {"rows": rows, **extra}
    return client.post(_url(round_), body, content_type="application/json")


def test_every_row_is_stored_in_one_request(
    client: Client,
    officer: User,
    survey: Round,
    answering_x: Respondent,
    answering_y: Respondent,
    full: dict[str, str],
) -> None:
    client.force_login(officer)
    rows = [
        {"respondent": answering_x.pk, "answers": full},
        {"respondent": answering_y.pk, "answers": {"omzet": 2_000_000, "jual_daring": True}},
    ]
    response = _post(client, survey, rows)
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "rows": 2,
        "submitted": False,
        "written": {"created": 11, "updated": 0, "unchanged": 0, "removed": 0},
    }
    assert stored(answering_y) == {"omzet": Decimal(2_000_000), "jual_daring": Decimal(1)}
    assert Respondent.objects.get(pk=answering_x.pk).status == EntryStatus.DRAFT


def test_one_wrong_row_refuses_them_all_naming_each_row_and_question(
    client: Client,
    english_client: Client,
    officer: User,
    survey: Round,
    answering_x: Respondent,
    answering_y: Respondent,
    full: dict[str, str],
) -> None:
    client.force_login(officer)
    rows = [
        {"respondent": answering_x.pk, "answers": full},
        {"respondent": answering_y.pk, "answers": {"kompetensi": "101", "warna": "merah"}},
        {"respondent": answering_x.pk, "answers": {}},
        {"respondent": "satu", "answers": {}},
        ["not", "a", "row"],
    ]
    before = table_rows("monitoring")
    response = _post(client, survey, rows)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "4 of the rows are refused; nothing was stored."
    assert body["rows"] == {
        "1": {
            "warna": ["warna: this round asks no such question."],
            "kompetensi": ["Competence test score: 101 is outside 0 to 100 score (0-100)."],
        },
        "2": {"respondent": ["Row 0 has this respondent already."]},
        "3": {"respondent": ["A valid integer is required."]},
        "4": {"row": ["Invalid data. Expected a dictionary, but got list."]},
    }
    assert body["fields"]["rows[1].warna"] == ["warna: this round asks no such question."]
    assert table_rows("monitoring") == before


def test_submitting_needs_every_answer_of_every_row(
    client: Client, english_client: Client, officer: User, survey: Round, answering_x: Respondent
) -> None:
    client.force_login(officer)
    response = _post(client, survey, [{"respondent": answering_x.pk, "answers": {}}], submit=True)
    assert response.status_code == 400
    assert len(response.json()["rows"]["0"]) == 8  # every question unanswered
    assert not Value.objects.exists()


def test_a_respondent_not_seen_is_no_such_respondent_like_one_that_does_not_exist(
    client: Client,
    english_client: Client,
    facilitator: User,
    survey: Round,
    answering_x: Respondent,
    answering_y: Respondent,
    full: dict[str, str],
) -> None:
    """Village B's respondent and an id of nothing read the same to village A's facilitator."""
    client.force_login(facilitator)
    other_round = Round.objects.create(
        programme=survey.programme,
        name="Lain",
        kind=survey.kind,
        year=survey.year,
        period_start=survey.period_start,
        period_end=survey.period_end,
    )
    elsewhere = Respondent.objects.create(
        round=other_round, enterprise=answering_x.enterprise, arm=Arm.PARTICIPANT
    )
    rows = [
        {"respondent": answering_x.pk, "answers": full},
        {"respondent": answering_y.pk, "answers": full},
        {"respondent": 999_999, "answers": full},
        {"respondent": elsewhere.pk, "answers": full},
    ]
    response = _post(client, survey, rows)
    assert response.status_code == 400
    no_such = {"respondent": ["No such respondent in this round."]}
    assert response.json()["rows"] == {"1": no_such, "2": no_such, "3": no_such}
    assert not Value.objects.exists()


def test_an_entry_the_user_may_not_change_now_is_a_row_error(
    client: Client,
    english_client: Client,
    facilitator: User,
    survey: Round,
    answering_x: Respondent,
    full: dict[str, str],
) -> None:
    Respondent.objects.filter(pk=answering_x.pk).update(status=EntryStatus.SUBMITTED)
    client.force_login(facilitator)
    response = _post(client, survey, [{"respondent": answering_x.pk, "answers": full}])
    assert response.json()["rows"] == {
        "0": {"respondent": ["Getas Alfa: this entry cannot be changed now (it is “Submitted”)."]}
    }


def test_more_rows_than_the_limit_are_refused_before_any_is_read(
    client: Client, english_client: Client, officer: User, survey: Round, answering_x: Respondent
) -> None:
    client.force_login(officer)
    limit = api_values_bulk.MAX_BULK_ROWS
    rows = [{"respondent": answering_x.pk, "answers": {}}] * (limit + 1)
    response = _post(client, survey, rows)
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "rows": [
            f"Rows: at most {limit} in one request, and this one has {limit + 1}; send the "
            "rest in another request."
        ]
    }
    assert _post(client, survey, []).json()["fields"] == {"rows": ["Rows: give at least one row."]}
    assert _post(client, survey, {"0": {}}).status_code == 400


def test_who_may_not_send_rows_is_refused_before_they_are_read(
    client: Client,
    viewer: User,
    owner: User,
    officer: User,
    survey: Round,
    answering_x: Respondent,
    full: dict[str, str],
) -> None:
    rows = [{"respondent": answering_x.pk, "answers": full}]
    client.force_login(viewer)
    assert _post(client, survey, rows).status_code == 403
    client.force_login(owner)
    assert _post(client, survey, rows).status_code == 403  # no self-reporting in this round
    Round.objects.filter(pk=survey.pk).update(allows_self_report=True)
    assert _post(client, survey, rows).status_code == 200
    Round.objects.filter(pk=survey.pk).update(status=RoundStatus.LOCKED)
    client.force_login(officer)
    before = table_rows("monitoring")
    locked = _post(client, survey, rows)
    assert locked.status_code == 405
    assert table_rows("monitoring") == before


def test_queries_grow_with_the_rows_by_a_bounded_number(
    client: Client, officer: User, survey: Round, village_a: Any
) -> None:
    """Reading the rows costs a fixed number of queries; each stored row a few."""
    enterprises: list[Enterprise] = [
        enterprise_make(name=f"IKM {n}", village=village_a) for n in range(12)
    ]
    respondents = [
        Respondent.objects.create(round=survey, enterprise=e, arm=Arm.PARTICIPANT)
        for e in enterprises
    ]
    client.force_login(officer)

    def cost(some: list[Respondent]) -> int:
        rows = [{"respondent": r.pk, "answers": {"omzet": 1, "kompetensi": 50}} for r in some]
        with CaptureQueriesContext(connection) as queries:
            assert _post(client, survey, rows).status_code == 200
        return len(queries)

    few, many = cost(respondents[:2]), cost(respondents[2:12])
    assert (many - few) / 8 <= 12
