"""The monitoring API for one respondent: its answers, a draft, a submission, the review, and
what each role may do with them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.monitoring.choices import EntryStatus, Origin, RoundStatus
from ovop.monitoring.models import Respondent, Round, Value
from ovop.monitoring.services_entry import entry_save
from tests.monitoring.conftest import stored

pytestmark = pytest.mark.django_db

API = "/api/v1/monitoring/respondents/"


def _values(respondent: Respondent) -> str:
    return f"{API}{respondent.pk}/values/"


def _put(client: Client, respondent: Respondent, answers: Any, **extra: Any) -> Any:
    body = {"answers": answers, **extra}
    return client.put(_values(respondent), body, content_type="application/json")


def _patch(client: Client, respondent: Respondent, answers: Any, **extra: Any) -> Any:
    body = {"answers": answers, **extra}
    return client.patch(_values(respondent), body, content_type="application/json")


def test_get_answers_every_question_by_name(
    client: Client, officer: User, answering_x: Respondent, full: dict[str, str]
) -> None:
    client.force_login(officer)
    empty = client.get(_values(answering_x)).json()
    assert empty["answers"] == {name: None for name in full}
    assert empty["respondent"]["status"] == "empty"
    assert empty["respondent"]["enterprise"]["name"] == "Getas Alfa"
    entry_save(user=officer, respondent=answering_x, raw=full, submit=False)
    assert client.get(_values(answering_x)).json()["answers"] == {
        "omzet": 1500000,
        "laba": -250000,
        "tenaga_kerja__female": 3,
        "tenaga_kerja__male": 2,
        "tenaga_kerja__youth": 1,
        "pasar": "provinsi",
        "jual_daring": True,
        "kompetensi": 72.5,
    }


def test_put_stores_a_draft_read_like_the_web_form(
    client: Client, officer: User, answering_x: Respondent, full: dict[str, str]
) -> None:
    client.force_login(officer)
    response = _put(client, answering_x, full)
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["written"] == {"created": 9, "updated": 0, "unchanged": 0, "removed": 0}
    assert data["respondent"]["status"] == "draft"
    assert data["answers"]["laba"] == -250000
    assert stored(answering_x)["tenaga_kerja"] == Decimal(5)  # the total of the parts
    answering_x.refresh_from_db()
    assert answering_x.origin == Origin.API
    assert set(Value.objects.values_list("origin", flat=True)) == {Origin.API}


def test_json_numbers_and_booleans_are_read_by_the_same_readers(
    client: Client, officer: User, answering_x: Respondent
) -> None:
    client.force_login(officer)
    answers = {
        "omzet": 1500000,
        "laba": -250000.0,
        "tenaga_kerja__female": 3,
        "pasar": "Dalam provinsi",
        "jual_daring": False,
        "kompetensi": 72.5,
    }
    assert _put(client, answering_x, answers).status_code == 200
    assert stored(answering_x) == {
        "omzet": Decimal(1500000),
        "laba": Decimal(-250000),
        "tenaga_kerja__female": Decimal(3),
        "tenaga_kerja": Decimal(3),
        "pasar": "provinsi",
        "jual_daring": Decimal(0),
        "kompetensi": Decimal("72.5"),
    }


def test_every_wrong_answer_is_named_by_its_question_and_nothing_is_stored(
    client: Client, english_client: Client, officer: User, answering_x: Respondent
) -> None:
    client.force_login(officer)
    answers = {
        "omzet": "Rp 6.000.000.000",
        "tenaga_kerja__female": 2.5,
        "pasar": ["provinsi"],
        "jual_daring": "mungkin",
        "kompetensi": "7\x002",
        "nama_pemilik": "Bu Alfa",
    }
    response = _put(client, answering_x, answers)
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert set(fields) == set(answers)
    assert fields["omzet"] == [
        "Monthly revenue: 6,000,000,000 is outside 0 to 5,000,000,000 rupiah per month."
    ]
    assert fields["tenaga_kerja__female"] == ["Workers — Women: give a whole number, not 2.5."]
    assert fields["pasar"][0].endswith("not a list or an object.")
    assert fields["kompetensi"] == ["No value may contain a NUL character (U+0000)."]
    assert fields["nama_pemilik"] == ["nama_pemilik: this round asks no such question."]
    assert not Value.objects.exists()
    answering_x.refresh_from_db()
    assert answering_x.status == EntryStatus.EMPTY


def test_more_answers_than_questions_are_refused_at_once(
    client: Client, english_client: Client, officer: User, answering_x: Respondent
) -> None:
    client.force_login(officer)
    response = _put(client, answering_x, {f"q{n}": n for n in range(9)})
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "answers": ["Answers: this round asks 8 questions; 9 answers were sent."]
    }
    too_many = _put(client, answering_x, {f"q{n}": n for n in range(181)})
    assert list(too_many.json()["fields"]) == ["answers"]
    assert _put(client, answering_x, ["omzet"]).status_code == 400


def test_put_replaces_the_entry_and_patch_keeps_the_answers_not_given(
    client: Client, officer: User, answering_x: Respondent, full: dict[str, str]
) -> None:
    client.force_login(officer)
    _put(client, answering_x, full)
    patched = _patch(client, answering_x, {"omzet": "2 juta"})
    assert patched.json()["written"] == {"created": 0, "updated": 1, "unchanged": 8, "removed": 0}
    assert stored(answering_x)["laba"] == Decimal(-250000)  # kept, negative as it was
    assert stored(answering_x)["omzet"] == Decimal(2000000)
    replaced = _put(client, answering_x, {"omzet": "2 juta"})
    assert replaced.json()["written"]["removed"] == 8  # the parts and their total
    assert stored(answering_x) == {"omzet": Decimal(2000000)}


def test_submitting_needs_every_answer_then_an_officer_reviews(
    client: Client, english_client: Client, officer: User, answering_x: Respondent, full: Any
) -> None:
    client.force_login(officer)
    partial = {k: v for k, v in full.items() if k != "kompetensi"}
    refused = _put(client, answering_x, partial, submit=True)
    assert refused.status_code == 400
    assert refused.json()["fields"] == {
        "kompetensi": ["Competence test score: answer this question before submitting."]
    }
    assert not Value.objects.exists()
    done = _put(client, answering_x, full, submit=True)
    assert done.json()["respondent"]["status"] == "submitted"
    review = f"{API}{answering_x.pk}/review/"
    no_comment = client.post(review, {"decision": "return"}, content_type="application/json")
    assert no_comment.status_code == 400
    assert list(no_comment.json()["fields"]) == ["comment"]
    returned = client.post(
        review, {"decision": "return", "comment": "Cek omzet"}, content_type="application/json"
    )
    assert returned.json()["respondent"]["status"] == "returned"
    assert returned.json()["respondent"]["review_comment"] == "Cek omzet"
    again = client.post(review, {"decision": "approve"}, content_type="application/json")
    assert again.status_code == 400  # only a submitted entry is reviewed
    _patch(client, answering_x, {}, submit=True)
    approved = client.post(review, {"decision": "approve"}, content_type="application/json")
    assert approved.json()["respondent"]["status"] == "approved"


@pytest.mark.values_written_directly  # the entry approved by an update, for brevity
def test_an_approved_entry_and_a_locked_round_are_frozen(
    client: Client, english_client: Client, officer: User, answering_x: Respondent, full: Any
) -> None:
    client.force_login(officer)
    _put(client, answering_x, full, submit=True)
    Respondent.objects.filter(pk=answering_x.pk).update(status=EntryStatus.APPROVED)
    approved = _patch(client, answering_x, {"omzet": "1"})
    assert approved.status_code == 405
    assert approved.json()["error"] == "This entry is approved; its values no longer change."
    Respondent.objects.filter(pk=answering_x.pk).update(status=EntryStatus.DRAFT)
    Round.objects.filter(pk=answering_x.round_id).update(status=RoundStatus.LOCKED)
    locked = _put(client, answering_x, {"omzet": "1"})
    assert locked.status_code == 405
    assert locked.json() == {
        "error": "This round is locked; its values can no longer be changed.",
        "fields": {},
    }
    review = client.post(
        f"{API}{answering_x.pk}/review/", {"decision": "approve"}, content_type="application/json"
    )
    assert review.status_code == 405
    assert stored(answering_x)["omzet"] == Decimal(1500000)


def test_a_facilitator_enters_their_villages_respondents_only(
    client: Client,
    facilitator: User,
    answering_x: Respondent,
    answering_y: Respondent,
    full: dict[str, str],
) -> None:
    client.force_login(facilitator)
    assert _put(client, answering_x, full, submit=True).status_code == 200
    assert _patch(client, answering_x, {"omzet": "1"}).status_code == 403  # submitted: waits
    assert client.get(_values(answering_y)).status_code == 404
    assert _put(client, answering_y, full).status_code == 404
    review = client.post(
        f"{API}{answering_x.pk}/review/", {"decision": "approve"}, content_type="application/json"
    )
    assert review.status_code == 403
    assert not Value.objects.filter(respondent=answering_y).exists()


def test_an_owner_enters_their_own_entry_only_when_the_round_allows_it(
    client: Client, owner: User, answering_x: Respondent, answering_y: Respondent, full: Any
) -> None:
    client.force_login(owner)
    assert client.get(_values(answering_x)).status_code == 200
    assert _put(client, answering_x, full).status_code == 403
    assert not Value.objects.exists()
    Round.objects.filter(pk=answering_x.round_id).update(allows_self_report=True)
    assert _put(client, answering_x, full).status_code == 200
    assert client.get(_values(answering_y)).status_code == 404
    assert _put(client, answering_y, full).status_code == 404


def test_a_viewer_reads_and_an_assessor_is_refused(
    client: Client, viewer: User, assessor: User, answering_x: Respondent, full: Any
) -> None:
    client.force_login(viewer)
    assert client.get(_values(answering_x)).status_code == 200
    assert _put(client, answering_x, full).status_code == 403
    client.force_login(assessor)
    assert client.get(_values(answering_x)).status_code == 403
    assert not Value.objects.exists()
