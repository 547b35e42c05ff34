"""The selection API names what is wrong (row, field, reason), and the scores page says who
entered each value."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.selection import services
from ovop.selection.models import (
    Judgement,
    Score,
    SelectionRound,
)
from tests.conftest import login
from tests.selection.conftest import (
    CONSISTENT_3,
    INCONSISTENT_3,
)


def test_api_judgement_needs_a_matrix_or_pairs(
    client: Client, assessor: User, tzeng_round: SelectionRound
) -> None:
    login(client, assessor)
    url = f"/api/v1/selection/rounds/{tzeng_round.pk}/judgement/"
    message = "Matrix or pairs: give one of the two (the full matrix, or the pairs)."
    for body in ({"submit": True}, {"matrix": CONSISTENT_3, "pairs": {"0,1": "2"}}):
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 400
        assert response.json() == {"error": message, "fields": {}}
    assert Judgement.objects.count() == 0


def test_api_inconsistent_submit_needs_a_reason_like_the_form(
    client: Client, assessor: User, tzeng_round: SelectionRound
) -> None:
    login(client, assessor)
    url = f"/api/v1/selection/rounds/{tzeng_round.pk}/judgement/"
    refused = client.post(
        url, {"matrix": INCONSISTENT_3, "submit": True}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert list(refused.json()["fields"]) == ["reason"]
    assert refused.json()["error"].startswith("Reason: the consistency ratio is 6.130")
    assert Judgement.objects.count() == 0
    kept = client.post(
        url,
        {"matrix": INCONSISTENT_3, "submit": True, "reason": "Market matters most here."},
        content_type="application/json",
    )
    assert kept.status_code == 200
    assert "Market potential vs Labour absorption" in kept.json()["revisit"]
    assert Judgement.objects.get().reason == "Market matters most here."


def test_api_score_input_errors_name_the_row_and_field(
    client: Client, officer: User, tzeng_round: SelectionRound
) -> None:
    login(client, officer)
    cand = tzeng_round.candidates.first()
    crit = tzeng_round.criteria.first()
    assert cand and crit
    response = client.post(
        f"/api/v1/selection/rounds/{tzeng_round.pk}/scores/",
        {
            "scores": [
                {"candidate": cand.pk, "criterion": crit.pk, "value": 5},
                {"candidate": cand.pk, "criterion": crit.pk, "value": "many"},
            ]
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {  # the API's one shape (ovop.core.api): the path is the key
        "error": "Invalid input.",
        "fields": {"scores[1].value": ["A valid number is required."]},
    }
    assert Score.objects.count() == 0


def test_scores_page_says_who_entered_each_value(
    client: Client, officer: User, assessor: User, tzeng_round: SelectionRound
) -> None:
    cand = tzeng_round.candidates.order_by("pk").first()
    crit = tzeng_round.criteria.order_by("position").first()
    assert cand and crit
    services.scores_set(user=assessor, selection_round=tzeng_round, values={(cand.pk, crit.pk): 7})
    login(client, officer)
    text = client.get(reverse("selection:scores", args=[tzeng_round.pk])).content.decode()
    assert text.count('class="muted entered-by">by assessor<') == 1
