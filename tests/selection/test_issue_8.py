"""Issues 7 and 8: one analysis per use case, who may change a score, the judgement count of
an assessor's list."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.selection import judging, selectors, services
from ovop.selection.models import Score, SelectionRound
from tests.conftest import login
from tests.selection.conftest import CONSISTENT_3, TZENG_X, enter_scores

# --- the judgement count on the list ------------------------------------------------------


def test_assessor_list_counts_submitted_out_of_invited(
    client: Client, assessor: User, assessor2: User, tzeng_round: SelectionRound
) -> None:
    """Both invited assessors submitted: "2 / 2", not "2 / 1" (the count used to follow the
    join that limits an assessor to their own rounds)."""
    for person in (assessor, assessor2):
        services.judgement_save(
            user=person, selection_round=tzeng_round, matrix=CONSISTENT_3, submit=True
        )
    row = selectors.round_list(user=assessor).get()
    assert (row.n_submitted, row.n_assessors, row.n_candidates) == (2, 2, 4)
    login(client, assessor)
    text = client.get(reverse("selection:list")).content.decode()
    assert '<td class="num">2 / 2</td>' in text


def test_list_counts_for_an_officer_and_a_round_without_judgements(
    officer: User, assessor: User, tzeng_round: SelectionRound
) -> None:
    row = selectors.round_list(user=officer).get()
    assert (row.n_submitted, row.n_assessors, row.n_candidates) == (0, 2, 4)
    services.judgement_save(
        user=assessor, selection_round=tzeng_round, matrix=CONSISTENT_3, submit=False
    )
    assert selectors.round_list(user=assessor).get().n_submitted == 0  # a draft is not counted


# --- who may change a score ---------------------------------------------------------------


def _cell(r: SelectionRound) -> tuple[int, int]:
    cand = r.candidates.order_by("pk").first()
    crit = r.criteria.order_by("position").first()
    assert cand and crit
    return cand.pk, crit.pk


def test_assessor_may_not_overwrite_a_value_entered_by_someone_else(
    officer: User, assessor: User, assessor2: User, tzeng_round: SelectionRound
) -> None:
    enter_scores(tzeng_round, officer, TZENG_X)
    cell = _cell(tzeng_round)
    with pytest.raises(ValidationError) as info:
        services.scores_set(user=assessor, selection_round=tzeng_round, values={cell: 1.0})
    assert info.value.message_dict == {
        f"score_{cell[0]}_{cell[1]}": [
            "Score for “Madu Alfa” on “Market potential”: entered by officer; only they or an "
            "officer may change it."
        ]
    }
    stored = Score.objects.get(candidate_id=cell[0], criterion_id=cell[1])
    assert (stored.value, stored.entered_by_id) == (5.0, officer.pk)
    # the same value again is no change, so it is no refusal either
    assert services.scores_set(user=assessor, selection_round=tzeng_round, values={cell: 5.0}) == 0


def test_assessor_fills_empty_cells_and_changes_own_officer_changes_any(
    officer: User, assessor: User, assessor2: User, tzeng_round: SelectionRound
) -> None:
    cell = _cell(tzeng_round)
    assert services.scores_set(user=assessor, selection_round=tzeng_round, values={cell: 3}) == 1
    assert services.scores_set(user=assessor, selection_round=tzeng_round, values={cell: 4}) == 1
    with pytest.raises(ValidationError, match="entered by assessor;"):
        services.scores_set(user=assessor2, selection_round=tzeng_round, values={cell: 6})
    assert services.scores_set(user=officer, selection_round=tzeng_round, values={cell: 6}) == 1
    stored = Score.objects.get()
    assert (stored.value, stored.entered_by_id) == (6.0, officer.pk)


def test_one_refused_cell_saves_nothing_through_the_api(
    client: Client, officer: User, assessor: User, tzeng_round: SelectionRound
) -> None:
    cell = _cell(tzeng_round)
    services.scores_set(user=officer, selection_round=tzeng_round, values={cell: 5})
    other = (cell[0], tzeng_round.criteria.order_by("position").last().pk)  # type: ignore[union-attr]
    login(client, assessor)
    response = client.post(
        f"/api/v1/selection/rounds/{tzeng_round.pk}/scores/",
        {
            "scores": [
                {"candidate": other[0], "criterion": other[1], "value": 2},
                {"candidate": cell[0], "criterion": cell[1], "value": 9},
            ]
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == [f"score_{cell[0]}_{cell[1]}"]
    assert list(Score.objects.values_list("value", "entered_by")) == [(5.0, officer.pk)]


def test_scores_page_shows_who_entered_and_locks_others_values(
    client: Client, officer: User, assessor: User, tzeng_round: SelectionRound
) -> None:
    cell = _cell(tzeng_round)
    services.scores_set(user=officer, selection_round=tzeng_round, values={cell: 5})
    name = f"score_{cell[0]}_{cell[1]}"
    login(client, assessor)
    url = reverse("selection:scores", args=[tzeng_round.pk])
    text = client.get(url).content.decode()
    assert text.count('class="muted entered-by">by officer<') == 1
    field = text.split(f'name="{name}"')[0].rsplit("<input", 1)[1] + text.split(f'name="{name}"')[1]
    assert "disabled" in field.split(">")[0]
    # a forged POST to the locked cell changes nothing; the empty cells are the assessor's
    other = tzeng_round.criteria.order_by("position").last()
    assert other is not None
    client.post(url, {name: "1", f"score_{cell[0]}_{other.pk}": "2"})
    values = dict(Score.objects.values_list("criterion_id", "value"))
    assert values == {cell[1]: 5.0, other.pk: 2.0}
    login(client, officer)
    text = client.get(url).content.decode()
    assert "disabled" not in text.split(f'name="{name}"')[1].split(">")[0]


# --- one computation per use case ---------------------------------------------------------


def test_judgement_post_computes_the_ahp_once(
    client: Client,
    assessor: User,
    tzeng_round: SelectionRound,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[Any] = []
    real = judging.ahp

    def counted(matrix: Any) -> Any:
        calls.append(matrix)
        return real(matrix)

    monkeypatch.setattr(judging, "ahp", counted)
    login(client, assessor)
    response = client.post(
        f"/api/v1/selection/rounds/{tzeng_round.pk}/judgement/",
        {"pairs": {"0,1": "2", "0,2": "4", "1,2": "2"}},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert len(calls) == 1
    assert response.json()["weights"] == pytest.approx(
        {"Market potential": 4 / 7, "Value added": 2 / 7, "Labour absorption": 1 / 7}
    )
    calls.clear()
    form = {"pair_0_1": "2", "pair_0_2": "4", "pair_1_2": "2", "reason": "", "submit": "1"}
    response = client.post(reverse("selection:judge", args=[tzeng_round.pk]), form)
    assert response.status_code == 302
    assert len(calls) == 1
    page = client.get(response["Location"]).content.decode()
    assert "Judgement submitted. Consistency ratio: 0.000." in page


def test_result_is_one_analysis_call(
    officer: User,
    assessor: User,
    tzeng_round: SelectionRound,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services.judgement_save(
        user=assessor, selection_round=tzeng_round, matrix=CONSISTENT_3, submit=True
    )
    enter_scores(tzeng_round, officer, TZENG_X)
    calls: list[Any] = []
    real = selectors.selection_analysis

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(selectors, "selection_analysis", counted)
    result = selectors.round_result(tzeng_round)
    assert result.ready and len(calls) == 1
    assert result.topsis_winner == "Rusip Alfa"
    assert [c.name for c in result.criteria] == [
        "Market potential",
        "Value added",
        "Labour absorption",
    ]
    assert [c.weight for c in result.criteria] == pytest.approx([4 / 7, 2 / 7, 1 / 7])
