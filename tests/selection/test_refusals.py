"""Refusals, one per role and path, with every row unchanged afterwards; the decision's
immutability on every path (model, API, admin, pages); API input errors that name the field."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

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
    Decision,
    RoundStatus,
    Score,
    SelectionRound,
)
from tests.conftest import login
from tests.refusals import API_ANONYMOUS, LOGIN, Attempt, changed, matrix, refused, rows
from tests.selection.conftest import (
    CONSISTENT_3,
    INCONSISTENT_3,
    TZENG_CRITERIA,
    TZENG_X,
    enter_scores,
    judged_round,
    make_round,
)

#: Every selection row, history included, is compared before and after each refusal.
SELECTION = ("selection",)
API_URLS = {
    "rounds": "/api/v1/selection/rounds/",
    "round": "/api/v1/selection/rounds/{pk}/",
    "result": "/api/v1/selection/rounds/{pk}/result/",
    "judgement": "/api/v1/selection/rounds/{pk}/judgement/",
    "scores": "/api/v1/selection/rounds/{pk}/scores/",
    "decisions": "/api/v1/selection/decisions/",
    "decision": "/api/v1/selection/decisions/{decision}/",
}
PAGES = [p.name for p in selection_urls.urlpatterns if isinstance(p, URLPattern) and p.name]


def _decided(r: SelectionRound, assessor: User, officer: User) -> Decision:
    services.judgement_save(user=assessor, selection_round=r, matrix=CONSISTENT_3, submit=True)
    enter_scores(r, officer, TZENG_X)
    winner = r.candidates.get(name="Rusip Alfa")
    return decisions.round_decide(user=officer, selection_round=r, candidate=winner)


def _draft(officer: User, tzeng_round: SelectionRound, assessor: User) -> SelectionRound:
    return make_round(
        officer=officer,
        programme=tzeng_round.programme,
        area=tzeng_round.area,
        year=2025,
        criteria=TZENG_CRITERIA,
        candidates=["A", "B"],
        assessors=[assessor],
        status=RoundStatus.DRAFT,
    )


def _page(name: str, which: str) -> Callable[[Any], str]:
    """The page ``name`` of the round ``which`` of the records, with its first criterion and
    candidate where the address asks for them."""

    def url(records: Any) -> str:
        r = getattr(records, which)
        pattern = next(p for p in selection_urls.urlpatterns if getattr(p, "name", "") == name)
        criterion = r.criteria.order_by("pk").first()
        candidate = r.candidates.order_by("pk").first()
        values = {"pk": r.pk, "criterion_pk": criterion.pk, "candidate_pk": candidate.pk}
        kwargs = {n: values[n] for n in pattern.pattern.regex.groupindex}
        return reverse(f"selection:{name}", kwargs=kwargs)

    return url


@pytest.fixture
def rounds(tzeng_round: SelectionRound, officer: User, assessor: User) -> SimpleNamespace:
    """The Tzeng round, decided, and a draft round of 2025."""
    decision = _decided(tzeng_round, assessor, officer)
    draft = _draft(officer, tzeng_round, assessor)
    return SimpleNamespace(decided=tzeng_round, draft=draft, decision=decision)


def test_every_selection_page_is_tried() -> None:
    assert len(PAGES) == len(selection_urls.urlpatterns) == 17


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("which", ["decided", "draft"])
@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_login_from_every_page_and_writes_nothing(
    client: Client,
    request: pytest.FixtureRequest,
    rounds: SimpleNamespace,
    page: str,
    which: str,
    method: str,
) -> None:
    data = {"name": "X", "candidate": 1} if method == "post" else None
    attempt = Attempt(method, _page(page, which), data)
    refused(client, request, "anonymous", attempt, LOGIN, apps=SELECTION, records=rounds)


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("endpoint", list(API_URLS))
def test_anonymous_is_refused_by_every_api_address_and_writes_nothing(
    client: Client,
    request: pytest.FixtureRequest,
    rounds: SimpleNamespace,
    endpoint: str,
    method: str,
) -> None:
    def url(r: SimpleNamespace) -> str:
        return API_URLS[endpoint].format(pk=r.decided.pk, decision=r.decision.pk)

    data = {"pairs": {}, "scores": []} if method == "post" else None
    attempt = Attempt(method, url, data, json=method == "post")
    refused(client, request, "anonymous", attempt, API_ANONYMOUS, apps=SELECTION, records=rounds)


def _api(path: str, data: Any) -> Attempt:
    """A POST of ``data`` to /api/v1/selection/rounds/<round>/``path``."""
    return Attempt(
        "post", lambda r: f"/api/v1/selection/rounds/{r.round.pk}/{path}", data, json=True
    )


def _score(r: SimpleNamespace) -> dict[str, Any]:
    return {"scores": [{"candidate": r.candidate.pk, "criterion": r.criterion.pk, "value": 5}]}


def _in(name: str) -> Callable[[SimpleNamespace], str]:
    return lambda r: reverse(f"selection:{name}", args=[r.round.pk])


#: On a round being judged, where the officer, the assessor and assessor2 are invited.
JUDGING = {
    "open-judge": Attempt("get", _in("judge")),
    "judge": Attempt(
        "post", _in("judge"), {"pair_0_1": "2", "pair_0_2": "4", "pair_1_2": "2", "submit": "1"}
    ),
    "api-judge": _api("judgement/", {"pairs": {"0,1": "2"}, "submit": True}),
    # refused before the input is looked at: a bad pair is not reported to a non-judge
    "api-judge-bad-pair": _api("judgement/", {"pairs": {"0,1": "10"}}),
    "api-judge-matrix": _api("judgement/", {"matrix": CONSISTENT_3, "submit": True}),
    "api-round": Attempt("get", lambda r: f"/api/v1/selection/rounds/{r.round.pk}/"),
    "api-result": Attempt("get", lambda r: f"/api/v1/selection/rounds/{r.round.pk}/result/"),
    "api-scores": _api("scores/", _score),
    "scores": Attempt("post", _in("scores"), {}),
}
JUDGING_REFUSALS = (
    matrix({"officer": 403}, ["open-judge", "judge", "api-judge", "api-judge-bad-pair"])
    # an assessor not invited to the round does not learn that it exists
    + matrix(
        {"stranger": 404}, ["api-round", "api-result", "api-judge-matrix", "api-scores", "scores"]
    )
    + matrix({"viewer": 403, "facilitator": 403}, ["api-scores"])
)


@pytest.mark.parametrize(("persona", "action", "expected"), JUDGING_REFUSALS)
def test_refused_while_judging_and_nothing_changes(
    client: Client,
    request: pytest.FixtureRequest,
    tzeng_round: SelectionRound,
    persona: str,
    action: str,
    expected: int,
) -> None:
    records = SimpleNamespace(
        round=tzeng_round,
        criterion=tzeng_round.criteria.first(),
        candidate=tzeng_round.candidates.first(),
    )
    refused(client, request, persona, JUDGING[action], expected, apps=SELECTION, records=records)


def test_uninvited_assessor_lists_no_round(
    client: Client, tzeng_round: SelectionRound, stranger: User
) -> None:
    login(client, stranger)
    assert client.get("/api/v1/selection/rounds/").json()["count"] == 0


def _draft_page(name: str, *, of: str = "") -> Callable[[SimpleNamespace], str]:
    """The page ``name`` of the draft round (and of its first criterion or candidate)."""

    def url(r: SimpleNamespace) -> str:
        args = [r.round.pk, getattr(r, of).pk] if of else [r.round.pk]
        return reverse(f"selection:{name}", args=args)

    return url


#: On a draft round: only officers open the forms and change it.
DRAFT = {
    "open-create": Attempt("get", lambda r: reverse("selection:create")),
    "open-edit": Attempt("get", _draft_page("edit")),
    "edit": Attempt("post", _draft_page("edit"), {"title": "Changed", "year": 2024}),
    "criterion_add": Attempt(
        "post",
        _draft_page("criterion_add"),
        {"name": "New", "direction": "benefit", "unit": "1-5"},
    ),
    "criterion_edit": Attempt(
        "post", _draft_page("criterion_edit", of="criterion"), {"name": "Changed", "unit": "1-5"}
    ),
    "criterion_remove": Attempt("post", _draft_page("criterion_remove", of="criterion"), {}),
    "candidate_add": Attempt("post", _draft_page("candidate_add"), {"name": "Kopi"}),
    "candidate_remove": Attempt("post", _draft_page("candidate_remove", of="candidate"), {}),
    "start": Attempt("post", _draft_page("start"), {}),
}


@pytest.mark.parametrize(
    ("persona", "action", "expected"),
    matrix(dict.fromkeys(["assessor", "facilitator", "viewer"], 403), DRAFT),
)
def test_only_officers_manage_a_draft_round(
    client: Client,
    request: pytest.FixtureRequest,
    officer: User,
    programme: Programme,
    village_a: Region,
    assessor: User,
    persona: str,
    action: str,
    expected: int,
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
    records = SimpleNamespace(
        round=draft,
        criterion=draft.criteria.order_by("pk").first(),
        candidate=draft.candidates.order_by("pk").first(),
    )
    refused(client, request, persona, DRAFT[action], expected, apps=SELECTION, records=records)


#: On a decided round, to the assessor who was invited to judge it.
DECIDED = {
    "open-judge": JUDGING["open-judge"],
    "api-judge": _api(
        "judgement/", {"matrix": INCONSISTENT_3, "submit": True, "reason": "changed my mind"}
    ),
    "scores": JUDGING["scores"],
}


@pytest.mark.parametrize(("persona", "action", "expected"), matrix({"assessor": 403}, DECIDED))
def test_invited_assessor_is_refused_once_the_round_is_decided(
    client: Client,
    request: pytest.FixtureRequest,
    assessor: User,
    officer: User,
    tzeng_round: SelectionRound,
    persona: str,
    action: str,
    expected: int,
) -> None:
    _decided(tzeng_round, assessor, officer)
    records = SimpleNamespace(round=tzeng_round)
    refused(client, request, persona, DECIDED[action], expected, apps=SELECTION, records=records)


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
    before = rows(*SELECTION)
    login(client, officer)
    url = f"/api/v1/selection/decisions/{decision.pk}/"
    for method in ("put", "patch", "delete"):
        response = getattr(client, method)(url, {"note": "x"}, content_type="application/json")
        assert response.status_code == 405, method
    other = tzeng_round.candidates.exclude(pk=decision.candidate_id).first()
    assert other is not None
    again = client.post(
        reverse("selection:decide", args=[tzeng_round.pk]),
        {"candidate": other.pk, "confirm": "1", "reason": "A second try."},
        follow=True,
    )
    assert "this can only be done while it is judging" in again.content.decode()
    login(client, admin_user)
    assert client.get(f"/admin/selection/decision/{decision.pk}/change/").status_code == 200
    client.post(f"/admin/selection/decision/{decision.pk}/change/", {"note": "x"})
    client.post(f"/admin/selection/decision/{decision.pk}/delete/", {"post": "yes"})
    assert client.get("/admin/selection/decision/add/").status_code == 403
    assert changed(before, rows(*SELECTION)) == []


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
