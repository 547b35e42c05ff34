"""Pages: refusals per role, the judgement form and preview, scores, the result's numbers
equal ovop.analysis on the same inputs, constant query counts."""

from __future__ import annotations

import re

import numpy as np
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from ovop.accounts.models import User
from ovop.analysis.mcda import ahp, saw, topsis, vikor
from ovop.programme.models import Designation, Programme, ProgrammeVillage
from ovop.regions.models import Region
from ovop.selection import selectors, services
from ovop.selection.models import Judgement, RoundStatus, Score, SelectionRound
from tests.conftest import login
from tests.selection.conftest import (
    CONSISTENT_3,
    TZENG_CRITERIA,
    TZENG_X,
    enter_scores,
    judged_round,
    make_round,
)

#: The second, confirming POST of an irreversible step.
CONFIRMED = {"confirm": "1", "reason": "Chosen at the village meeting."}
STEPS = [
    "9",
    "8",
    "7",
    "6",
    "5",
    "4",
    "3",
    "2",
    "1",
    "1/2",
    "1/3",
    "1/4",
    "1/5",
    "1/6",
    "1/7",
    "1/8",
    "1/9",
]


def _pairs(a01: str, a02: str, a12: str) -> dict[str, str]:
    return {"pair_0_1": a01, "pair_0_2": a02, "pair_1_2": a12, "reason": ""}


def _ready(r: SelectionRound, assessor: User, officer: User) -> None:
    services.judgement_save(user=assessor, selection_round=r, matrix=CONSISTENT_3, submit=True)
    enter_scores(r, officer, TZENG_X)


# --- refusals ----------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client: Client, tzeng_round: SelectionRound) -> None:
    response = client.get(reverse("selection:list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", ["list", "create"])
def test_owner_is_refused_everywhere(client: Client, owner: User, name: str) -> None:
    login(client, owner)
    assert client.get(reverse(f"selection:{name}")).status_code == 403


def test_owner_refused_round_pages(
    client: Client, owner: User, tzeng_round: SelectionRound
) -> None:
    login(client, owner)
    for name in ("detail", "result", "judge", "scores"):
        assert client.get(reverse(f"selection:{name}", args=[tzeng_round.pk])).status_code == 403


def test_uninvited_assessor_gets_404(client: Client, tzeng_round: SelectionRound, db: None) -> None:
    from tests.factories import UserFactory

    stranger = UserFactory(username="stranger", role="assessor")  # type: ignore[no-untyped-call]
    login(client, stranger)
    assert client.get(reverse("selection:detail", args=[tzeng_round.pk])).status_code == 404
    assert client.get(reverse("selection:judge", args=[tzeng_round.pk])).status_code == 404
    assert b"Round Desa Alfa" not in client.get(reverse("selection:list")).content


def test_viewer_reads_but_every_post_is_refused(
    client: Client, viewer: User, tzeng_round: SelectionRound, assessor: User, officer: User
) -> None:
    _ready(tzeng_round, assessor, officer)
    login(client, viewer)
    assert client.get(reverse("selection:result", args=[tzeng_round.pk])).status_code == 200
    cand = tzeng_round.candidates.first()
    assert cand is not None
    for name, data in [
        ("decide", {"candidate": cand.pk, **CONFIRMED}),
        ("start", CONFIRMED),
        ("scores", {}),
        ("judge", _pairs("1", "1", "1")),
        ("candidate_add", {"name": "Kopi"}),
    ]:
        response = client.post(reverse(f"selection:{name}", args=[tzeng_round.pk]), data)
        assert response.status_code == 403, name
    tzeng_round.refresh_from_db()
    assert tzeng_round.status == RoundStatus.JUDGING
    assert Score.objects.filter(entered_by=viewer).count() == 0


def test_facilitator_reads_rounds_of_their_villages_only(
    client: Client,
    facilitator: User,
    tzeng_round: SelectionRound,
    officer: User,
    programme: Programme,
    village_b: Region,
    assessor: User,
) -> None:
    other = make_round(
        officer=officer,
        programme=programme,
        area=village_b,
        criteria=TZENG_CRITERIA,
        candidates=["A", "B"],
        assessors=[assessor],
    )
    login(client, facilitator)
    assert client.get(reverse("selection:detail", args=[tzeng_round.pk])).status_code == 200
    assert client.get(reverse("selection:detail", args=[other.pk])).status_code == 404
    response = client.post(reverse("selection:scores", args=[tzeng_round.pk]), {})
    assert response.status_code == 403


def test_invited_assessor_cannot_decide(
    client: Client, assessor: User, tzeng_round: SelectionRound, officer: User
) -> None:
    _ready(tzeng_round, assessor, officer)
    login(client, assessor)
    cand = tzeng_round.candidates.first()
    assert cand is not None
    response = client.post(
        reverse("selection:decide", args=[tzeng_round.pk]), {"candidate": cand.pk, **CONFIRMED}
    )
    assert response.status_code == 403
    # assessors see the result only once the round is decided
    assert client.get(reverse("selection:result", args=[tzeng_round.pk])).status_code == 403


# --- judging ------------------------------------------------------------------------------


def test_judgement_form_inconsistent_submit_shows_cr_and_pairs(
    client: Client, assessor: User, tzeng_round: SelectionRound
) -> None:
    login(client, assessor)
    url = reverse("selection:judge", args=[tzeng_round.pk])
    page = client.get(url).content.decode()
    assert page.count('type="radio"') == 3 * 17
    data = {**_pairs("9", "1/9", "9"), "submit": "1"}
    response = client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Reason: the consistency ratio is 6.130, above 0.10." in text
    assert "Revisit: Market potential vs Labour absorption" in text
    assert Judgement.objects.count() == 0
    response = client.post(url, {**_pairs("2", "4", "2"), "submit": "1"})
    assert response.status_code == 302
    j = Judgement.objects.get()
    assert j.submitted and j.consistency_ratio == pytest.approx(0, abs=1e-9)
    assert j.matrix == [[1.0, 2.0, 4.0], [0.5, 1.0, 2.0], [0.25, 0.5, 1.0]]


def test_judgement_form_opens_with_the_cr_of_its_starting_answers(
    client: Client, assessor: User, tzeng_round: SelectionRound
) -> None:
    login(client, assessor)
    url = reverse("selection:judge", args=[tzeng_round.pk])
    assert re.search(r'class="cr-value">0\.000<', client.get(url).content.decode())
    services.judgement_save(
        user=assessor,
        selection_round=tzeng_round,
        matrix=[[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]],
        submit=False,
    )
    text = client.get(url).content.decode()
    assert re.search(r'class="cr-value">6\.130<', text)
    assert "Revisit: Market potential vs Labour absorption" in text


def test_preview_returns_cr_fragment(
    client: Client, assessor: User, tzeng_round: SelectionRound
) -> None:
    login(client, assessor)
    url = reverse("selection:judge_preview", args=[tzeng_round.pk])
    text = client.post(url, _pairs("9", "1/9", "9")).content.decode()
    assert re.search(r'class="cr-value">6\.130<', text)
    assert "inconsistent (CR > 0.10)" in text
    text = client.post(url, _pairs("2", "4", "2")).content.decode()
    assert re.search(r'class="cr-value">0\.000<', text)
    assert "Revisit" not in text


def test_scores_form_error_names_candidate_and_criterion(
    client: Client, officer: User, tzeng_round: SelectionRound
) -> None:
    login(client, officer)
    cand = tzeng_round.candidates.order_by("pk").first()
    crit = tzeng_round.criteria.order_by("position").first()
    assert cand and crit
    url = reverse("selection:scores", args=[tzeng_round.pk])
    response = client.post(url, {f"score_{cand.pk}_{crit.pk}": "12"})
    assert "Score for “Madu Alfa” on “Market potential”: 12 is outside 0–10 (points)." in (
        response.content.decode()
    )
    assert Score.objects.count() == 0


# --- the result -------------------------------------------------------------------------


def test_result_not_ready_says_what_is_missing(
    client: Client, officer: User, tzeng_round: SelectionRound
) -> None:
    login(client, officer)
    text = client.get(reverse("selection:result", args=[tzeng_round.pk])).content.decode()
    assert "No assessor has submitted a judgement yet." in text
    assert (
        "Scores missing for “Madu Alfa”: Market potential, Value added, Labour absorption." in text
    )


def test_result_numbers_equal_analysis(
    client: Client, officer: User, assessor: User, assessor2: User, tzeng_round: SelectionRound
) -> None:
    other = [[1, 3, 3], [1 / 3, 1, 1], [1 / 3, 1, 1]]
    services.judgement_save(
        user=assessor, selection_round=tzeng_round, matrix=CONSISTENT_3, submit=True
    )
    services.judgement_save(user=assessor2, selection_round=tzeng_round, matrix=other, submit=True)
    enter_scores(tzeng_round, officer, TZENG_X)
    combined = np.sqrt(np.array(CONSISTENT_3) * np.array(other))
    w = ahp(combined).weights
    benefit = [True, True, True]
    expected_t = topsis(TZENG_X, w, benefit)
    expected_s = saw(TZENG_X, w, benefit)
    expected_v = vikor(TZENG_X, w, benefit)
    result = selectors.round_result(tzeng_round)
    by_name = {c.name: c for c in result.candidates}
    names = ["Madu Alfa", "Getas Alfa", "Rusip Alfa", "Jamur Alfa"]
    for k, name in enumerate(names):
        assert by_name[name].closeness == pytest.approx(expected_t.closeness[k], abs=1e-12)
        assert by_name[name].saw_score == pytest.approx(expected_s.scores[k], abs=1e-12)
        assert by_name[name].vikor_q == pytest.approx(expected_v.q[k], abs=1e-12)
    assert [c.weight for c in result.criteria] == pytest.approx(list(w), abs=1e-12)
    login(client, officer)
    text = client.get(reverse("selection:result", args=[tzeng_round.pk])).content.decode()
    for k, name in enumerate(names):
        row = re.search(rf'data-candidate="{name}">.*?class="num closeness">([0-9.]+)<', text, re.S)
        assert row is not None
        assert row.group(1) == f"{expected_t.closeness[k]:.4f}"
    assert f'class="num combined">{w[0]:.4f}<' in text


def test_result_with_consistent_scale_judgement_matches_topsis(
    officer: User, assessor: User, tzeng_round: SelectionRound
) -> None:
    """[[1,2,4],[1/2,1,2],[1/4,1/2,1]] gives 4/7, 2/7, 1/7 exactly; TOPSIS with them."""
    _ready(tzeng_round, assessor, officer)
    result = selectors.round_result(tzeng_round)
    assert [c.weight for c in result.criteria] == pytest.approx([4 / 7, 2 / 7, 1 / 7], abs=1e-12)
    expected = topsis(TZENG_X, [4 / 7, 2 / 7, 1 / 7], [True] * 3)
    closeness = {c.name: c.closeness for c in result.candidates}
    assert [closeness[n] for n in ["Madu Alfa", "Getas Alfa", "Rusip Alfa", "Jamur Alfa"]] == (
        pytest.approx(list(expected.closeness), abs=1e-12)
    )
    assert result.assessors[0].cr == pytest.approx(0.0, abs=1e-9)
    assert len(result.sensitivity) == 3


def test_decide_through_the_page_designates_the_village_product(
    client: Client,
    officer: User,
    assessor: User,
    tzeng_round: SelectionRound,
    membership: ProgrammeVillage,
) -> None:
    _ready(tzeng_round, assessor, officer)
    login(client, officer)
    winner = selectors.round_result(tzeng_round).candidates[0]
    url = reverse("selection:decide", args=[tzeng_round.pk])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    asked = client.post(url, {"candidate": winner.id, "note": "n"})
    assert asked.status_code == 200  # the confirmation, carrying the candidate and the note
    assert f'name="candidate" value="{winner.id}"' in asked.content.decode()
    assert 'name="note" value="n"' in asked.content.decode()
    assert not Designation.objects.filter(membership=membership).exists()
    response = client.post(url, {"candidate": winner.id, "note": "n", **CONFIRMED})
    assert response.status_code == 302
    designation = Designation.objects.get(membership=membership, year=2024)
    assert designation.product_id == winner.product_id
    text = client.get(reverse("selection:result", args=[tzeng_round.pk])).content.decode()
    assert f"“{winner.name}” was designated by officer" in text
    assert 'action="/selection/' not in text.split('id="ranking"')[1].split("</table>")[0]


# --- query counts -------------------------------------------------------------------------


def _count(client: Client, url: str, django_assert_num_queries: DjangoAssertNumQueries) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    n = len(ctx.captured_queries)
    with django_assert_num_queries(n):  # and the same again: nothing cached on the way
        client.get(url)
    return n


def test_result_and_list_queries_do_not_grow(
    client: Client,
    officer: User,
    assessor: User,
    programme: Programme,
    village_a: Region,
    django_assert_num_queries: DjangoAssertNumQueries,
    membership: ProgrammeVillage,
) -> None:
    login(client, officer)
    counts = []
    for n in (2, 6):
        r = judged_round(
            officer=officer,
            assessor=assessor,
            programme=programme,
            area=village_a,
            n=n,
            year=2020 + n,
        )
        counts.append(
            (
                _count(client, reverse("selection:result", args=[r.pk]), django_assert_num_queries),
                _count(client, reverse("selection:list"), django_assert_num_queries),
                _count(client, reverse("selection:detail", args=[r.pk]), django_assert_num_queries),
            )
        )
    assert counts[0] == counts[1]


def test_admin_site_lists_rounds_read_only(
    client: Client, admin_user: User, tzeng_round: SelectionRound
) -> None:
    login(client, admin_user)
    listing = client.get("/admin/selection/selectionround/")
    assert listing.status_code == 200
    assert tzeng_round.title in listing.content.decode()
    assert client.get("/admin/selection/selectionround/add/").status_code == 403
    before = SelectionRound.objects.count()
    client.post(f"/admin/selection/selectionround/{tzeng_round.pk}/delete/", {"post": "yes"})
    assert SelectionRound.objects.count() == before
