"""API: read rounds, results and decisions; submit judgements and scores with the forms'
validation; published cases entered through the API."""

from __future__ import annotations

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.programme.models import Programme, ProgrammeVillage
from ovop.regions.models import Region
from ovop.selection import decisions, services
from ovop.selection.models import Judgement, Score, SelectionRound
from tests.conftest import login
from tests.selection.conftest import TZENG_X, enter_scores, make_round

#: Wang & Chin (2011), Information Sciences 181(23): 6×6 matrix, CR 0.2290.
WANG_CHIN_6 = [
    [1, 4, 3, 1, 3, 4],
    ["1/4", 1, 7, 3, "1/5", 1],
    ["1/3", "1/7", 1, "1/5", "1/5", "1/6"],
    [1, "1/3", 5, 1, 1, "1/3"],
    ["1/3", 5, 5, 1, 1, 3],
    ["1/4", 1, 6, 3, "1/3", 1],
]


def _url(r: SelectionRound, tail: str) -> str:
    return f"/api/v1/selection/rounds/{r.pk}/{tail}"


def test_wang_chin_matrix_cr_through_api(
    client: Client, assessor: User, officer: User, programme: Programme, village_a: Region
) -> None:
    r = make_round(
        officer=officer,
        programme=programme,
        area=village_a,
        criteria=[(f"C{k + 1}", 1, 5) for k in range(6)],
        candidates=["A", "B"],
        assessors=[assessor],
    )
    login(client, assessor)
    response = client.post(
        _url(r, "judgement/"),
        {"matrix": WANG_CHIN_6, "submit": False},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["cr"] == pytest.approx(0.2290, abs=1e-4)
    assert body["consistent"] is False
    assert [round(w, 4) for w in body["weights"].values()] == [
        0.3208,
        0.1395,
        0.0348,
        0.1285,
        0.2374,
        0.1391,
    ]
    assert len(body["revisit"]) == 2
    refused = client.post(
        _url(r, "judgement/"),
        {"matrix": WANG_CHIN_6, "submit": True},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert list(refused.json()["fields"]) == ["reason"]
    assert refused.json()["error"].startswith("Reason: the consistency ratio is 0.229, above 0.10.")
    assert Judgement.objects.get().submitted is False


def test_tzeng_huang_closeness_with_real_weights_through_api(
    client: Client, assessor: User, officer: User, tzeng_round: SelectionRound
) -> None:
    """Weights 0.3, 0.4, 0.3 from the consistent matrix of ratios 3/4, 1, 4/3."""
    login(client, assessor)
    matrix = [[1, 0.75, 1], [4 / 3, 1, 4 / 3], [1, 0.75, 1]]
    response = client.post(
        _url(tzeng_round, "judgement/"),
        {"matrix": matrix, "submit": True},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert list(response.json()["weights"].values()) == pytest.approx([0.3, 0.4, 0.3], abs=1e-12)
    cands = list(tzeng_round.candidates.order_by("pk"))
    crits = list(tzeng_round.criteria.order_by("position"))
    scores = [
        {"candidate": c.pk, "criterion": k.pk, "value": TZENG_X[i][j]}
        for i, c in enumerate(cands)
        for j, k in enumerate(crits)
    ]
    response = client.post(
        _url(tzeng_round, "scores/"), {"scores": scores}, content_type="application/json"
    )
    assert response.json() == {"written": 12}
    login(client, officer)
    result = client.get(_url(tzeng_round, "result/")).json()
    closeness = {c["name"]: round(c["closeness"], 4) for c in result["candidates"]}
    assert closeness == {
        "Madu Alfa": 0.5037,
        "Getas Alfa": 0.6581,
        "Rusip Alfa": 0.7482,
        "Jamur Alfa": 0.3340,
    }
    assert result["topsis_winner"] == "Rusip Alfa"


def test_api_pairs_on_saaty_scale_and_bad_pair(
    client: Client, assessor: User, tzeng_round: SelectionRound
) -> None:
    login(client, assessor)
    ok = client.post(
        _url(tzeng_round, "judgement/"),
        {"pairs": {"0,1": "2", "0,2": "4", "1,2": "2"}, "submit": True},
        content_type="application/json",
    )
    assert list(ok.json()["weights"].values()) == pytest.approx([4 / 7, 2 / 7, 1 / 7])
    bad = client.post(
        _url(tzeng_round, "judgement/"), {"pairs": {"0,1": "10"}}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert bad.json()["fields"] == {
        "pairs": [
            'Pair 0,1: use "i,j" with i < j < 3 and a value of Saaty\'s scale '
            "(9 … 2, 1, 1/2 … 1/9)."
        ]
    }


def test_api_scores_out_of_range_saves_nothing(
    client: Client, officer: User, tzeng_round: SelectionRound
) -> None:
    login(client, officer)
    cand = tzeng_round.candidates.order_by("pk").first()
    crit = tzeng_round.criteria.order_by("position").first()
    assert cand and crit
    response = client.post(
        _url(tzeng_round, "scores/"),
        {"scores": [{"candidate": cand.pk, "criterion": crit.pk, "value": -1}]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": "Score for “Madu Alfa” on “Market potential”: -1 is outside 0–10 (points).",
        "fields": {
            f"score_{cand.pk}_{crit.pk}": [
                "Score for “Madu Alfa” on “Market potential”: -1 is outside 0–10 (points)."
            ]
        },
    }
    assert Score.objects.count() == 0


def test_api_refusals(
    client: Client, owner: User, viewer: User, tzeng_round: SelectionRound, db: None
) -> None:
    login(client, owner)
    assert client.get("/api/v1/selection/rounds/").status_code == 403
    login(client, viewer)
    assert client.get("/api/v1/selection/rounds/").json()["count"] == 1
    response = client.post(
        _url(tzeng_round, "judgement/"), {"pairs": {}}, content_type="application/json"
    )
    assert response.status_code == 403
    assert Judgement.objects.count() == 0


def test_api_decisions(
    client: Client,
    officer: User,
    assessor: User,
    tzeng_round: SelectionRound,
    membership: ProgrammeVillage,
) -> None:
    services.judgement_save(
        user=assessor,
        selection_round=tzeng_round,
        matrix=[[1, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]],
        submit=True,
    )
    enter_scores(tzeng_round, officer, TZENG_X)
    winner = tzeng_round.candidates.get(name="Rusip Alfa")
    decisions.round_decide(user=officer, selection_round=tzeng_round, candidate=winner)
    login(client, officer)
    rows = client.get("/api/v1/selection/decisions/").json()["results"]
    assert [(d["candidate"], d["decided_by"], d["round"]["status"]) for d in rows] == [
        ("Rusip Alfa", "officer", "decided")
    ]
    assert rows[0]["snapshot"]["result"]["criteria"][0]["weight"] == pytest.approx(4 / 7)


def test_opricovic_tzeng_vikor_and_topsis_through_api(
    client: Client,
    assessor: User,
    officer: User,
    programme: Programme,
    membership: ProgrammeVillage,
    village_a: Region,
) -> None:
    """Opricovic & Tzeng (2004), EJOR 156(2):445–455: criterion 1 a cost, criterion 2 a
    benefit, equal weights (an "equal" judgement). VIKOR v = 0.5: S = [0.5, 0.375, 0.5],
    R = [0.5, 0.25, 0.5], Q = [1, 0, 1], compromise A2 alone with both conditions met;
    TOPSIS closeness [0.7621, 0.7222, 0.2379] — the two methods disagree, and the page
    says so."""
    selection_round = make_round(
        officer=officer,
        programme=programme,
        area=village_a,
        criteria=[("Risk", 0, 10), ("Value added", 0, 10_000)],
        candidates=["A1", "A2", "A3"],
        assessors=[assessor],
    )
    selection_round.criteria.filter(name="Risk").update(direction="cost")
    login(client, assessor)
    response = client.post(
        _url(selection_round, "judgement/"),
        {"pairs": {"0,1": "1"}, "submit": True},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    x = [[1, 3000], [2, 3750], [5, 4500]]
    cands = list(selection_round.candidates.order_by("pk"))
    crits = list(selection_round.criteria.order_by("position"))
    scores = [
        {"candidate": c.pk, "criterion": k.pk, "value": x[i][j]}
        for i, c in enumerate(cands)
        for j, k in enumerate(crits)
    ]
    client.post(
        _url(selection_round, "scores/"), {"scores": scores}, content_type="application/json"
    )
    login(client, officer)
    result = client.get(_url(selection_round, "result/")).json()
    by_name = {c["name"]: c for c in result["candidates"]}
    assert [round(by_name[n]["vikor_s"], 4) for n in ("A1", "A2", "A3")] == [0.5, 0.375, 0.5]
    assert [round(by_name[n]["vikor_r"], 4) for n in ("A1", "A2", "A3")] == [0.5, 0.25, 0.5]
    assert [round(by_name[n]["vikor_q"], 4) for n in ("A1", "A2", "A3")] == [1.0, 0.0, 1.0]
    assert [by_name[n]["in_compromise"] for n in ("A1", "A2", "A3")] == [False, True, False]
    assert result["vikor_advantage"] is True and result["vikor_stability"] is True
    closeness = [round(by_name[n]["closeness"], 4) for n in ("A1", "A2", "A3")]
    assert closeness == [0.7621, 0.7222, 0.2379]
    assert (result["topsis_winner"], result["vikor_winner"]) == ("A1", "A2")
    assert result["agree"] is False
    page = client.get(f"/selection/{selection_round.pk}/result/").content.decode()
    assert "The methods do not agree" in page
