"""Refusals, one per role and path, with every row unchanged afterwards; the decision's
immutability on every path (model, API, admin, pages); API input errors that name the field."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse

from ovop.accounts.models import User
from ovop.programme.models import Programme, ProgrammeVillage
from ovop.regions.models import Region
from ovop.selection import decisions, selectors, services
from ovop.selection import urls as selection_urls
from ovop.selection.models import (
    Candidate,
    Criterion,
    Decision,
    Judgement,
    RoundStatus,
    Score,
    SelectionRound,
)
from tests.conftest import login
from tests.selection.conftest import (
    CONSISTENT_3,
    INCONSISTENT_3,
    TZENG_CRITERIA,
    TZENG_X,
    enter_scores,
    judged_round,
    make_round,
)

API_URLS = (
    "/api/v1/selection/rounds/",
    "/api/v1/selection/rounds/{pk}/",
    "/api/v1/selection/rounds/{pk}/result/",
    "/api/v1/selection/rounds/{pk}/judgement/",
    "/api/v1/selection/rounds/{pk}/scores/",
    "/api/v1/selection/decisions/",
    "/api/v1/selection/decisions/{decision}/",
)


def _rows() -> dict[str, list[tuple[object, ...]]]:
    """Every selection row as plain values, to compare before and after a refused write."""
    return {
        "rounds": list(SelectionRound.objects.order_by("pk").values_list("pk", "title", "status")),
        "criteria": list(Criterion.objects.order_by("pk").values_list("pk", "name", "max_value")),
        "candidates": list(Candidate.objects.order_by("pk").values_list("pk", "name")),
        "judgements": list(
            Judgement.objects.order_by("pk").values_list("pk", "consistency_ratio", "submitted")
        ),
        "scores": list(Score.objects.order_by("pk").values_list("pk", "value", "entered_by")),
        "decisions": list(Decision.objects.order_by("pk").values_list("pk", "candidate", "note")),
    }


def _decided(r: SelectionRound, assessor: User, officer: User) -> Decision:
    services.judgement_save(user=assessor, selection_round=r, matrix=CONSISTENT_3, submit=True)
    enter_scores(r, officer, TZENG_X)
    winner = r.candidates.get(name="Rusip Alfa")
    return decisions.round_decide(user=officer, selection_round=r, candidate=winner)


def _page_urls(r: SelectionRound) -> list[str]:
    """Every /selection/ URL, with the round's first criterion and candidate where asked."""
    criterion = r.criteria.order_by("pk").first()
    candidate = r.candidates.order_by("pk").first()
    assert criterion is not None and candidate is not None
    values = {"pk": r.pk, "criterion_pk": criterion.pk, "candidate_pk": candidate.pk}
    urls = []
    for pattern in selection_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        names = list(pattern.pattern.regex.groupindex)
        urls.append(reverse(f"selection:{pattern.name}", kwargs={n: values[n] for n in names}))
    return urls


def test_anonymous_is_sent_to_login_from_every_url_and_writes_nothing(
    client: Client, tzeng_round: SelectionRound, officer: User, assessor: User
) -> None:
    decision = _decided(tzeng_round, assessor, officer)
    other = make_round(
        officer=officer,
        programme=tzeng_round.programme,
        area=tzeng_round.area,
        year=2025,
        criteria=TZENG_CRITERIA,
        candidates=["A", "B"],
        assessors=[assessor],
        status=RoundStatus.DRAFT,
    )
    before = _rows()
    urls = _page_urls(tzeng_round) + _page_urls(other)
    assert len(urls) == 2 * 15
    for url in urls:
        for response in (client.get(url), client.post(url, {"name": "X", "candidate": 1})):
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/"), url
    for template in API_URLS:
        url = template.format(pk=tzeng_round.pk, decision=decision.pk)
        assert client.get(url).status_code in (302, 401, 403), url
        response = client.post(url, {"pairs": {}, "scores": []}, content_type="application/json")
        assert response.status_code in (302, 401, 403), url
    assert _rows() == before


def test_officer_may_not_judge_on_the_page_or_the_api(
    client: Client, officer: User, tzeng_round: SelectionRound
) -> None:
    login(client, officer)
    before = _rows()
    assert client.get(reverse("selection:judge", args=[tzeng_round.pk])).status_code == 403
    page = client.post(
        reverse("selection:judge", args=[tzeng_round.pk]),
        {"pair_0_1": "2", "pair_0_2": "4", "pair_1_2": "2", "submit": "1"},
    )
    assert page.status_code == 403
    api = f"/api/v1/selection/rounds/{tzeng_round.pk}/judgement/"
    ok = {"pairs": {"0,1": "2"}, "submit": True}
    assert client.post(api, ok, content_type="application/json").status_code == 403
    # refused before the input is looked at: a bad pair is not reported to a non-judge
    bad = client.post(api, {"pairs": {"0,1": "10"}}, content_type="application/json")
    assert bad.status_code == 403
    assert _rows() == before


def test_uninvited_assessor_gets_404_from_the_api_and_writes_nothing(
    client: Client, tzeng_round: SelectionRound, db: None
) -> None:
    from tests.factories import UserFactory

    stranger = UserFactory(username="stranger", role="assessor")  # type: ignore[no-untyped-call]
    login(client, stranger)
    before = _rows()
    base = f"/api/v1/selection/rounds/{tzeng_round.pk}/"
    assert client.get(base).status_code == 404
    assert client.get(base + "result/").status_code == 404
    judgement = {"matrix": CONSISTENT_3, "submit": True}
    assert (
        client.post(base + "judgement/", judgement, content_type="application/json").status_code
        == 404
    )
    cand = tzeng_round.candidates.first()
    crit = tzeng_round.criteria.first()
    assert cand and crit
    scores = {"scores": [{"candidate": cand.pk, "criterion": crit.pk, "value": 5}]}
    assert client.post(base + "scores/", scores, content_type="application/json").status_code == 404
    assert client.post(reverse("selection:scores", args=[tzeng_round.pk]), {}).status_code == 404
    assert client.get("/api/v1/selection/rounds/").json()["count"] == 0
    assert _rows() == before


@pytest.mark.parametrize("who", ["viewer", "facilitator"])
def test_readers_may_not_enter_scores_through_the_api(
    who: str, request: pytest.FixtureRequest, client: Client, tzeng_round: SelectionRound
) -> None:
    login(client, request.getfixturevalue(who))
    cand = tzeng_round.candidates.first()
    crit = tzeng_round.criteria.first()
    assert cand and crit
    before = _rows()
    response = client.post(
        f"/api/v1/selection/rounds/{tzeng_round.pk}/scores/",
        {"scores": [{"candidate": cand.pk, "criterion": crit.pk, "value": 5}]},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert _rows() == before


@pytest.mark.parametrize("who", ["assessor", "facilitator", "viewer"])
def test_only_officers_manage_a_draft_round(
    who: str,
    request: pytest.FixtureRequest,
    client: Client,
    officer: User,
    programme: Programme,
    village_a: Region,
    assessor: User,
) -> None:
    draft = make_round(
        officer=officer,
        programme=programme,
        area=village_a,
        criteria=TZENG_CRITERIA,
        candidates=["A", "B"],
        assessors=[assessor],
        status=RoundStatus.DRAFT,
    )
    criterion = draft.criteria.order_by("pk").first()
    candidate = draft.candidates.order_by("pk").first()
    assert criterion and candidate
    login(client, request.getfixturevalue(who))
    before = _rows()
    assert client.get(reverse("selection:create")).status_code == 403
    assert client.get(reverse("selection:edit", args=[draft.pk])).status_code == 403
    for name, args, data in [
        ("edit", [draft.pk], {"title": "Changed", "year": 2024}),
        ("criterion_add", [draft.pk], {"name": "New", "direction": "benefit", "unit": "1-5"}),
        ("criterion_edit", [draft.pk, criterion.pk], {"name": "Changed", "unit": "1-5"}),
        ("criterion_remove", [draft.pk, criterion.pk], {}),
        ("candidate_add", [draft.pk], {"name": "Kopi"}),
        ("candidate_remove", [draft.pk, candidate.pk], {}),
        ("start", [draft.pk], {}),
    ]:
        response = client.post(reverse(f"selection:{name}", args=args), data)
        assert response.status_code == 403, name
    assert _rows() == before


def test_invited_assessor_is_refused_once_the_round_is_decided(
    client: Client, assessor: User, officer: User, tzeng_round: SelectionRound
) -> None:
    _decided(tzeng_round, assessor, officer)
    login(client, assessor)
    before = _rows()
    assert client.get(reverse("selection:judge", args=[tzeng_round.pk])).status_code == 403
    response = client.post(
        f"/api/v1/selection/rounds/{tzeng_round.pk}/judgement/",
        {"matrix": INCONSISTENT_3, "submit": True, "reason": "changed my mind"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert client.post(reverse("selection:scores", args=[tzeng_round.pk]), {}).status_code == 403
    assert _rows() == before


# --- the decision cannot be edited --------------------------------------------------------


def test_a_decision_is_never_saved_again_nor_deleted(
    officer: User, assessor: User, tzeng_round: SelectionRound
) -> None:
    decision = _decided(tzeng_round, assessor, officer)
    decision.note = "edited afterwards"
    with pytest.raises(ValidationError, match="choosing again means a new round"):
        decision.save()
    with pytest.raises(ValidationError):
        decision.delete()
    assert Decision.objects.get().note == ""


def test_no_page_api_or_admin_path_edits_a_decision(
    client: Client,
    admin_user: User,
    officer: User,
    assessor: User,
    tzeng_round: SelectionRound,
    membership: ProgrammeVillage,
) -> None:
    decision = _decided(tzeng_round, assessor, officer)
    before = _rows()
    login(client, officer)
    url = f"/api/v1/selection/decisions/{decision.pk}/"
    for method in ("put", "patch", "delete"):
        response = getattr(client, method)(url, {"note": "x"}, content_type="application/json")
        assert response.status_code == 405, method
    other = tzeng_round.candidates.exclude(pk=decision.candidate_id).first()
    assert other is not None
    again = client.post(
        reverse("selection:decide", args=[tzeng_round.pk]), {"candidate": other.pk}, follow=True
    )
    assert "this can only be done while it is judging" in again.content.decode()
    login(client, admin_user)
    assert client.get(f"/admin/selection/decision/{decision.pk}/change/").status_code == 200
    client.post(f"/admin/selection/decision/{decision.pk}/change/", {"note": "x"})
    client.post(f"/admin/selection/decision/{decision.pk}/delete/", {"post": "yes"})
    assert client.get("/admin/selection/decision/add/").status_code == 403
    assert _rows() == before


def test_a_decided_round_shows_the_result_kept_with_its_decision(
    client: Client, officer: User, assessor: User, tzeng_round: SelectionRound
) -> None:
    decision = _decided(tzeng_round, assessor, officer)
    kept = decision.snapshot["result"]
    # rows changed behind the services' back (a data repair, say) do not change the record
    Score.objects.filter(candidate__name="Madu Alfa").update(value=10)
    assert selectors.round_result(tzeng_round).topsis_winner == "Madu Alfa"
    assert kept["topsis_winner"] == "Rusip Alfa"
    login(client, officer)
    text = client.get(reverse("selection:result", args=[tzeng_round.pk])).content.decode()
    for row in kept["candidates"]:
        assert f'data-candidate="{row["name"]}"' in text
        assert f'class="num closeness">{row["closeness"]:.4f}<' in text
    api = client.get(f"/api/v1/selection/rounds/{tzeng_round.pk}/result/").json()
    assert api == kept


def test_decided_result_page_queries_do_not_grow(
    client: Client,
    officer: User,
    assessor: User,
    programme: Programme,
    village_a: Region,
    membership: ProgrammeVillage,
) -> None:
    login(client, officer)
    counts = []
    for n in (2, 7):
        r = judged_round(
            officer=officer,
            assessor=assessor,
            programme=programme,
            area=village_a,
            n=n,
            year=2020 + n,
        )
        first = r.candidates.order_by("pk").first()
        assert first is not None
        decisions.round_decide(user=officer, selection_round=r, candidate=first)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("selection:result", args=[r.pk])).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


# --- the API names what is wrong ----------------------------------------------------------


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
    assert response.json() == {
        "error": "scores[1].value: A valid number is required.",
        "fields": {"scores[1].value": ["scores[1].value: A valid number is required."]},
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
