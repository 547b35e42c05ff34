"""Starting judging (the criteria freeze) and deciding a round are confirmed, with a reason
kept in the round's history; without the confirmation nothing is written."""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.programme.models import Programme, ProgrammeVillage
from ovop.regions.models import Region
from ovop.selection.models import Decision, RoundStatus, SelectionRound
from tests.conftest import login
from tests.refusals import changed, rows
from tests.selection.conftest import judged_round, make_round

WRITES = ("selection", "programme")
REASON = "Criteria agreed at the village meeting."


def _refused_without_confirmation(client: Client, url: str, data: dict[str, str]) -> str:
    """The POST without confirm shows the confirmation (its text returned); without a reason
    or with a megabyte of one it is refused; nothing is written by any of them."""
    before = rows(*WRITES)
    asked = client.post(url, data)
    assert asked.status_code == 200
    empty = client.post(url, {**data, "confirm": "1"})
    assert empty.context["form"].errors == {"reason": ["This field is required."]}
    huge = client.post(url, {**data, "confirm": "1", "reason": "x" * 1_000_000})
    assert huge.context["form"].errors == {
        "reason": ["Reason: at most 1000 characters (it has 1000000)."]
    }
    assert changed(before, rows(*WRITES)) == []
    return str(asked.content.decode())


def test_starting_judging(
    client: Client,
    officer: User,
    assessor: User,
    programme: Programme,
    village_a: Region,
) -> None:
    draft = make_round(
        officer=officer,
        programme=programme,
        area=village_a,
        criteria=[("Market", 0, 10), ("Value", 0, 10)],
        candidates=["Rusip", "Madu"],
        assessors=[assessor],
        status=RoundStatus.DRAFT,
    )
    login(client, officer)
    url = reverse("selection:start", args=[draft.pk])
    page = _refused_without_confirmation(client, url, {})
    assert "The criteria and candidates are fixed from then on" in page
    assert client.post(url, {"confirm": "1", "reason": REASON}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == RoundStatus.JUDGING
    latest = draft.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (officer, REASON)


def test_deciding_a_round(
    client: Client,
    officer: User,
    assessor: User,
    programme: Programme,
    membership: ProgrammeVillage,
    village_a: Region,
) -> None:
    judged = judged_round(
        officer=officer, assessor=assessor, programme=programme, area=village_a, n=3, year=2024
    )
    chosen = judged.candidates.get(name="Cand 1")
    login(client, officer)
    url = reverse("selection:decide", args=[judged.pk])
    page = _refused_without_confirmation(client, url, {"candidate": str(chosen.pk)})
    assert "“Cand 1” will be the chosen product of Desa Alfa for 2024." in page
    assert "This cannot be undone." in page
    assert Decision.objects.count() == 0
    done = client.post(url, {"candidate": str(chosen.pk), "confirm": "1", "reason": REASON})
    assert done.status_code == 302
    decision = Decision.objects.get()
    assert decision.candidate == chosen
    judged.refresh_from_db()
    assert judged.status == RoundStatus.DECIDED
    assert judged.history.latest().history_change_reason == REASON


def test_a_judgement_reason_is_bounded(
    client: Client, tzeng_round: SelectionRound, assessor: User
) -> None:
    login(client, assessor)
    before = rows(*WRITES)
    url = f"/api/v1/selection/rounds/{tzeng_round.pk}/judgement/"
    body = {"pairs": {"0,1": "3"}, "reason": "r" * 1_000_000}
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "reason": ["Reason: at most 1000 characters (it has 1000000)."]
    }
    assert changed(before, rows(*WRITES)) == []
