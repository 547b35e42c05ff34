"""The monitoring API for survey rounds: the list with counts and questions, creating and
changing a round, its participants, locking and reopening, and its respondents."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.monitoring.choices import Arm, EntryStatus, RoundStatus
from ovop.monitoring.models import Indicator, Respondent, Round
from ovop.programme.models import Programme
from tests.monitoring.conftest_indicators import enterprise_make

pytestmark = pytest.mark.django_db

API = "/api/v1/monitoring/rounds/"


def _post(client: Client, url: str, body: Any = None) -> Any:
    return client.post(url, body or {}, content_type="application/json")


def test_the_list_gives_questions_and_the_counts_the_user_may_see(
    client: Client,
    officer: User,
    facilitator: User,
    survey: Round,
    answering_x: Respondent,
    answering_y: Respondent,
) -> None:
    client.force_login(officer)
    data = client.get(API).json()
    assert data["count"] == 1
    listed = data["results"][0]
    assert (listed["name"], listed["status"], listed["kind"]) == (
        "Baseline 2024",
        "open",
        "baseline",
    )
    assert listed["counts"]["participants"] == 1 and listed["counts"]["comparison"] == 1
    names = [q["name"] for q in listed["questions"]]
    assert names[:4] == ["omzet", "laba", "tenaga_kerja__female", "tenaga_kerja__male"]
    pasar = next(q for q in listed["questions"] if q["name"] == "pasar")
    assert "provinsi" in [o["code"] for o in pasar["options"]]
    client.force_login(facilitator)
    counts = client.get(f"{API}{survey.pk}/").json()["counts"]
    assert (counts["total"], counts["participants"]) == (1, 1)  # village A only


def test_an_owner_sees_the_rounds_their_enterprise_answers(
    client: Client, owner: User, owner2: User, survey: Round, answering_x: Respondent
) -> None:
    client.force_login(owner)
    assert [r["id"] for r in client.get(API).json()["results"]] == [survey.pk]
    client.force_login(owner2)
    assert client.get(API).json()["results"] == []
    assert client.get(f"{API}{survey.pk}/").status_code == 404


def _body(programme: Programme, indicators: dict[str, Indicator], **extra: Any) -> dict[str, Any]:
    return {
        "programme": programme.pk,
        "name": "Tindak lanjut 2025",
        "kind": "follow_up",
        "year": 2025,
        "period_start": "2025-02-01",
        "period_end": "2025-03-31",
        "indicators": [indicators["kompetensi"].pk, indicators["omzet"].pk],
        **extra,
    }


def test_create_and_change_a_round(
    client: Client,
    english_client: Client,
    officer: User,
    programme: Programme,
    survey: Round,
    indicators: dict[str, Indicator],
) -> None:
    client.force_login(officer)
    created = _post(client, API, _body(programme, indicators, baseline=survey.pk))
    assert created.status_code == 201, created.json()
    data = created.json()
    assert [q["name"] for q in data["questions"]] == ["kompetensi", "omzet"]  # as given
    assert data["baseline"] == survey.pk
    url = f"{API}{data['id']}/"
    changed = client.patch(
        url, {"name": "Follow-up 2025", "allows_self_report": True}, content_type="application/json"
    )
    assert changed.status_code == 200
    assert (changed.json()["name"], changed.json()["allows_self_report"]) == (
        "Follow-up 2025",
        True,
    )
    assert [q["name"] for q in changed.json()["questions"]] == ["kompetensi", "omzet"]
    backwards = client.patch(url, {"period_end": "2025-01-01"}, content_type="application/json")
    assert backwards.status_code == 400
    assert backwards.json()["fields"] == {
        "period_end": ["Collection ends: the end comes before the start."]
    }


def test_create_names_the_ids_of_nothing(
    client: Client,
    english_client: Client,
    officer: User,
    programme: Programme,
    indicators: dict[str, Indicator],
) -> None:
    client.force_login(officer)
    response = _post(client, API, {**_body(programme, indicators), "programme": 999_999})
    assert response.json()["fields"] == {
        "programme": ["Programme: nothing you may see has the id 999999."]
    }
    wrong = _post(client, API, {**_body(programme, indicators), "indicators": [999_998]})
    assert list(wrong.json()["fields"]) == ["indicators"]
    assert Round.objects.count() == 0


def test_participants_lock_and_reopen(
    client: Client,
    english_client: Client,
    officer: User,
    admin_user: User,
    survey: Round,
    enterprise_x: Enterprise,
    answering_y: Respondent,
) -> None:
    client.force_login(officer)
    added = _post(client, f"{API}{survey.pk}/participants/")
    assert added.json() == {"added": 1}  # X of village A, the programme's village
    Respondent.objects.filter(pk=answering_y.pk).update(status=EntryStatus.SUBMITTED)
    waiting = _post(client, f"{API}{survey.pk}/lock/")
    assert waiting.status_code == 400
    assert "wait for review" in waiting.json()["error"]
    Respondent.objects.filter(pk=answering_y.pk).update(status=EntryStatus.APPROVED)
    locked = _post(client, f"{API}{survey.pk}/lock/")
    assert locked.json()["status"] == "locked"
    again = _post(client, f"{API}{survey.pk}/lock/")
    assert (again.status_code, again.json()["error"]) == (405, "This round is locked already.")
    patched = client.patch(f"{API}{survey.pk}/", {"name": "X"}, content_type="application/json")
    assert patched.status_code == 405
    assert _post(client, f"{API}{survey.pk}/participants/").status_code == 405
    assert _post(client, f"{API}{survey.pk}/reopen/", {"reason": "Salah"}).status_code == 403
    client.force_login(admin_user)
    no_reason = _post(client, f"{API}{survey.pk}/reopen/", {"reason": " "})
    assert no_reason.status_code == 400
    reopened = _post(client, f"{API}{survey.pk}/reopen/", {"reason": "Data Desa Alfa salah"})
    assert reopened.json()["status"] == "open"
    assert Round.objects.get(pk=survey.pk).history.first().history_change_reason == (
        "Data Desa Alfa salah"
    )


def test_a_locked_round_refuses_a_change_with_405(
    client: Client, english_client: Client, officer: User, survey: Round
) -> None:
    Round.objects.filter(pk=survey.pk).update(status=RoundStatus.LOCKED)
    client.force_login(officer)
    response = client.patch(f"{API}{survey.pk}/", {"name": "X"}, content_type="application/json")
    assert response.status_code == 405
    assert response.json()["error"] == "This round is locked; reopen it first."
    assert Round.objects.get(pk=survey.pk).name == "Baseline 2024"


def test_respondents_filtered_paged_and_scoped(
    client: Client,
    facilitator: User,
    officer: User,
    survey: Round,
    answering_x: Respondent,
    answering_y: Respondent,
) -> None:
    url = f"{API}{survey.pk}/respondents/"
    client.force_login(officer)
    every = client.get(url).json()
    assert every["count"] == 2 and set(every) == {"count", "next", "previous", "results"}
    assert [r["arm"] for r in client.get(url, {"arm": "comparison"}).json()["results"]] == [
        "comparison"
    ]
    named = client.get(url, {"q": "rusip"}).json()["results"]
    assert [r["enterprise"]["name"] for r in named] == ["Rusip Beta"]
    assert client.get(url, {"status": "draft"}).json()["count"] == 0
    refused = client.get(url, {"status": "lost"})
    assert (refused.status_code, list(refused.json()["fields"])) == (400, ["status"])
    assert client.get(url, {"page": 9}).status_code == 404
    client.force_login(facilitator)
    mine = client.get(url).json()["results"]
    assert [r["enterprise"]["village"] for r in mine] == ["99.01.01.2001"]


def test_lists_read_in_a_fixed_number_of_queries(
    client: Client,
    officer: User,
    survey: Round,
    village_a: Any,
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(30):
        Respondent.objects.create(
            round=survey,
            enterprise=enterprise_make(name=f"IKM {n}", village=village_a),
            arm=Arm.PARTICIPANT,
        )
    for n in range(5):
        Round.objects.create(
            programme=survey.programme,
            name=f"Putaran {n}",
            kind=survey.kind,
            year=2020 + n,
            period_start=dt.date(2020 + n, 1, 1),
            period_end=dt.date(2020 + n, 2, 1),
        )
    client.force_login(officer)
    with django_assert_max_num_queries(8):
        assert client.get(API).json()["count"] == 6
    with django_assert_max_num_queries(8):
        assert client.get(f"{API}{survey.pk}/respondents/").json()["count"] == 30
