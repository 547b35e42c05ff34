"""The round pages: who sees which round and respondent, entering on the page, review, lock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.monitoring.choices import EntryStatus, RoundStatus
from ovop.monitoring.models import Indicator, Respondent, Round, Value
from ovop.programme.models import Programme
from tests.conftest import login
from tests.monitoring.conftest import stored

pytestmark = pytest.mark.django_db


def test_the_list_counts_respondents_and_entries(
    english_client: Client, officer: User, answering_x: Respondent, answering_y: Respondent
) -> None:
    Respondent.objects.filter(pk=answering_x.pk).update(status=EntryStatus.APPROVED)
    page = login(english_client, officer).get("/monitoring/").content.decode()
    assert "Baseline 2024" in page
    assert "1 + 1" in page  # participants + comparison


def test_assessors_and_strangers_are_kept_out(
    client: Client, assessor: User, survey: Round, answering_x: Respondent
) -> None:
    assert client.get("/monitoring/").status_code == 302  # to the login page
    login(client, assessor)
    for url in (
        "/monitoring/",
        f"/monitoring/rounds/{survey.pk}/",
        f"/monitoring/respondents/{answering_x.pk}/",
    ):
        assert client.get(url).status_code == 403, url


def test_an_owner_sees_only_the_rounds_their_enterprise_answers(
    client: Client,
    owner: User,
    owner2: User,
    survey: Round,
    answering_x: Respondent,
    programme: Programme,
) -> None:
    other = Round.objects.create(
        programme=programme,
        name="Other",
        kind="baseline",
        year=2023,
        period_start=dt.date(2023, 1, 1),
        period_end=dt.date(2023, 2, 1),
    )
    login(client, owner)
    assert client.get(f"/monitoring/rounds/{survey.pk}/").status_code == 200
    assert client.get(f"/monitoring/rounds/{other.pk}/").status_code == 404
    login(client, owner2)
    assert client.get(f"/monitoring/rounds/{survey.pk}/").status_code == 404
    assert client.get(f"/monitoring/respondents/{answering_x.pk}/").status_code == 404


def test_a_facilitator_sees_the_respondents_of_their_villages_only(
    client: Client,
    facilitator: User,
    survey: Round,
    answering_x: Respondent,
    answering_y: Respondent,
) -> None:
    login(client, facilitator)
    page = client.get(f"/monitoring/rounds/{survey.pk}/").content.decode()
    assert "Getas Alfa" in page and "Rusip Beta" not in page
    assert client.get(f"/monitoring/respondents/{answering_y.pk}/").status_code == 404
    assert client.get(f"/monitoring/respondents/{answering_x.pk}/").status_code == 200


def test_entering_on_the_page_saves_a_draft_then_submits(
    english_client: Client, facilitator: User, answering_x: Respondent, full: dict[str, str]
) -> None:
    login(english_client, facilitator)
    url = f"/monitoring/respondents/{answering_x.pk}/"
    response = english_client.post(url, {**full, "omzet": "banyak", "draft": "1"})
    assert response.status_code == 400
    assert "Monthly revenue: “banyak”" in response.content.decode() or (
        "Monthly revenue" in response.content.decode()
    )
    assert not Value.objects.exists()
    response = english_client.post(url, {**full, "draft": "1"})
    assert response.status_code == 302 and response["Location"] == url
    answering_x.refresh_from_db()
    assert answering_x.status == EntryStatus.DRAFT
    page = english_client.get(url).content.decode()
    assert 'value="1.500.000"' in page  # the stored value shown back the Indonesian way
    response = english_client.post(url, {**full, "submit": "1"})
    assert response.status_code == 302
    answering_x.refresh_from_db()
    assert answering_x.status == EntryStatus.SUBMITTED


def test_a_viewer_reads_but_a_post_changes_nothing(
    client: Client, viewer: User, answering_x: Respondent, full: dict[str, str]
) -> None:
    login(client, viewer)
    url = f"/monitoring/respondents/{answering_x.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {**full, "submit": "1"}).status_code == 403
    assert client.post(f"{url}review/", {"approve": "1"}).status_code == 403
    assert (
        client.post(
            f"/monitoring/rounds/{answering_x.round_id}/lock/", {"confirm": "1"}
        ).status_code
        == 403
    )
    assert not Value.objects.exists()
    answering_x.refresh_from_db()
    assert answering_x.status == EntryStatus.EMPTY


def test_review_and_lock_through_the_pages(
    english_client: Client,
    officer: User,
    admin_user: User,
    answering_x: Respondent,
    full: dict[str, str],
) -> None:
    login(english_client, officer)
    entry = f"/monitoring/respondents/{answering_x.pk}/"
    english_client.post(entry, {**full, "submit": "1"})
    response = english_client.post(f"{entry}review/", {"return": "1", "comment": ""})
    assert response.status_code == 400
    assert "Comment: say what to correct when returning an entry." in response.content.decode()
    response = english_client.post(f"{entry}review/", {"approve": "1"})
    assert response.status_code == 302
    lock = f"/monitoring/rounds/{answering_x.round_id}/lock/"
    page = english_client.post(lock).content.decode()  # the confirmation first
    assert "1 of 1 entries are approved" in page
    assert Round.objects.get().status == RoundStatus.OPEN
    english_client.post(lock, {"confirm": "1"})
    assert Round.objects.get().status == RoundStatus.LOCKED
    # an officer cannot reopen; the administrator corrects with a reason
    assert (
        english_client.post(
            f"/monitoring/rounds/{answering_x.round_id}/reopen/", {"confirm": "1", "reason": "x"}
        ).status_code
        == 403
    )
    assert english_client.post(f"{entry}correct/", {**full, "reason": "x"}).status_code == 403
    login(english_client, admin_user)
    response = english_client.post(
        f"{entry}correct/", {**full, "omzet": "2.000.000", "reason": "Salah ketik"}
    )
    assert response.status_code == 302
    assert stored(answering_x)["omzet"] == 2_000_000


def test_a_round_is_created_with_its_indicators(
    english_client: Client, officer: User, programme: Programme
) -> None:
    login(english_client, officer)
    omzet = Indicator.objects.get(code="omzet")
    response = english_client.post(
        "/monitoring/rounds/new/",
        {
            "programme": programme.pk,
            "name": "Baseline 2022",
            "kind": "baseline",
            "year": "2022",
            "period_start": "01/02/2022",
            "period_end": "31/03/2022",
            "indicators": [omzet.pk],
        },
    )
    assert response.status_code == 302
    round_ = Round.objects.get(name="Baseline 2022")
    assert (round_.period_start, round_.period_end) == (dt.date(2022, 2, 1), dt.date(2022, 3, 31))
    assert [q.indicator.code for q in round_.questions.all()] == ["omzet"]
    response = english_client.post(
        "/monitoring/rounds/new/",
        {
            "programme": programme.pk,
            "name": "baseline 2022",
            "kind": "baseline",
            "year": "2022",
            "period_start": "01/04/2022",
            "period_end": "01/03/2022",
            "indicators": [omzet.pk],
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "this programme already has a round called" in page
    assert Round.objects.count() == 1
