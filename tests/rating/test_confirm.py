"""Finalising an assessment is confirmed with a reason, on the page and in the API; without it
nothing is written. Its free text is bounded."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.rating.models import Assessment, RatingScheme
from tests.conftest import login
from tests.rating.conftest import passing
from tests.refusals import changed, rows

pytestmark = pytest.mark.usefixtures("english_client")

RATING = ("rating",)
REASON = "Checked at the workshop with the owner."


def _page_data(scheme: RatingScheme, **more: str) -> dict[str, str]:
    data = {f"item_{k}": v for k, v in passing(scheme).items()}
    return {**data, "evidence": "Seen.", "action": "finalise", **more}


def test_the_page_asks_before_finalising(
    client: Client, assessor: User, invited: Assessment, kemenperin: RatingScheme
) -> None:
    login(client, assessor)
    url = f"/rating/assessments/{invited.pk}/"
    before = rows(*RATING)
    asked = client.post(url, _page_data(kemenperin))
    page = asked.content.decode()
    assert asked.status_code == 200
    assert 'id="confirm"' in page and "This cannot be undone." in page
    assert 'name="reason"' in page and "Finalise for good" in page
    assert asked.context["form"]["item_a1_material"].value() == "o3"  # the answers are kept
    no_reason = client.post(url, _page_data(kemenperin, confirm="1"))
    assert no_reason.context["confirm"].errors == {"reason": ["This field is required."]}
    huge = client.post(url, _page_data(kemenperin, confirm="1", reason="x" * 1_000_000))
    assert huge.context["confirm"].errors == {
        "reason": ["Reason: at most 1000 characters (it has 1000000)."]
    }
    assert changed(before, rows(*RATING)) == []

    done = client.post(url, _page_data(kemenperin, confirm="1", reason=REASON))
    assert done.status_code == 302
    invited.refresh_from_db()
    assert invited.status == "final"
    latest = invited.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (assessor, REASON)


def test_a_draft_needs_no_confirmation(
    client: Client, assessor: User, invited: Assessment, kemenperin: RatingScheme
) -> None:
    login(client, assessor)
    url = f"/rating/assessments/{invited.pk}/"
    assert client.post(url, _page_data(kemenperin, action="draft")).status_code == 302
    invited.refresh_from_db()
    assert invited.status == "draft"
    assert invited.history.latest().history_change_reason == "draft saved"


def _api(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_api_needs_confirm_and_a_reason_to_finalise(
    client: Client, assessor: User, invited: Assessment, kemenperin: RatingScheme
) -> None:
    login(client, assessor)
    url = f"/api/v1/assessments/{invited.pk}/"
    body = {"answers": passing(kemenperin), "finalise": True}
    before = rows(*RATING)
    bare = _api(client, url, body)
    assert bare.status_code == 400
    assert bare.json()["fields"] == {
        "confirm": [
            'Confirm: send "confirm": true to finalise the assessment; it cannot be undone.'
        ],
        "reason": ["Reason: say why; it is kept in the record's history."],
    }
    no_reason = _api(client, url, {**body, "confirm": True})
    assert list(no_reason.json()["fields"]) == ["reason"]
    huge = _api(client, url, {**body, "confirm": True, "reason": "x" * 1_000_000})
    assert huge.status_code == 400
    assert huge.json()["fields"] == {
        "reason": ["Reason: at most 1000 characters (it has 1000000)."]
    }
    evidence = _api(client, url, {**body, "evidence": "e" * 1_000_000})
    assert evidence.json()["fields"]["evidence"] == [
        "Evidence: at most 5000 characters (it has 1000000)."
    ]
    assert changed(before, rows(*RATING)) == []

    done = _api(client, url, {**body, "confirm": True, "reason": REASON})
    assert done.status_code == 200
    assert done.json()["status"] == "final"
    assert Assessment.objects.get(pk=invited.pk).history.latest().history_change_reason == REASON


def test_the_api_saves_a_draft_without_confirm(
    client: Client, assessor: User, invited: Assessment
) -> None:
    login(client, assessor)
    url = f"/api/v1/assessments/{invited.pk}/"
    draft = _api(client, url, {"answers": {"a1_material": "o2"}, "evidence": "ok\u202e"})
    assert draft.status_code == 200
    assert (draft.json()["status"], draft.json()["evidence"]) == ("draft", "ok")
