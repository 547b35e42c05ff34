"""Services: the lifecycle, validation messages, judgements, scores and the decision."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise, Product
from ovop.programme.models import Designation, Programme, ProgrammeVillage
from ovop.programme.services import designation_set
from ovop.regions.models import Region
from ovop.selection import decisions, services
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
from tests.factories import ProductFactory
from tests.selection.conftest import CONSISTENT_3, INCONSISTENT_3, TZENG_X, enter_scores


def test_round_create_has_the_eight_default_criteria(
    officer: User, programme: Programme, village_a: Region, assessor: User, products: list[Product]
) -> None:
    r = services.round_create(
        user=officer,
        programme=programme,
        area=village_a,
        year=2024,
        title="Desa Alfa 2024",
        assessors=[assessor],
        products=products[:2],
        proposed=["Kopi Alfa"],
    )
    names = list(r.criteria.order_by("position").values_list("name", flat=True))
    assert names[0] == "Local raw-material availability"
    assert names[-1] == "Continuity of production"
    assert len(names) == 8
    assert set(r.criteria.values_list("min_value", "max_value")) == {(1.0, 5.0)}
    assert list(r.candidates.order_by("pk").values_list("name", "product_id")) == [
        ("Madu Alfa", products[0].pk),
        ("Getas Alfa", products[1].pk),
        ("Kopi Alfa", None),
    ]
    assert r.status == RoundStatus.DRAFT
    assert r.history.first().history_user == officer  # type: ignore[attr-defined]


def test_round_create_refuses_product_of_another_village_and_saves_nothing(
    officer: User, programme: Programme, village_a: Region, enterprise_y: Enterprise
) -> None:
    other = ProductFactory(enterprise=enterprise_y, name="Rusip Beta")  # type: ignore[no-untyped-call]
    with pytest.raises(ValidationError) as info:
        services.round_create(
            user=officer,
            programme=programme,
            area=village_a,
            year=2024,
            title="X",
            products=[other],
        )
    assert info.value.message_dict == {
        "product": ["Product: “Rusip Beta” is not made in Desa Alfa."]
    }
    assert SelectionRound.objects.count() == 0
    assert Criterion.objects.count() == 0


def test_round_create_refuses_non_assessor_and_wrong_year(
    officer: User, viewer: User, programme: Programme, village_a: Region
) -> None:
    with pytest.raises(ValidationError) as info:
        services.round_create(
            user=officer,
            programme=programme,
            area=village_a,
            year=2024,
            title="X",
            assessors=[viewer],
        )
    assert info.value.message_dict == {"assessors": ["Assessors: viewer is not an assessor."]}
    with pytest.raises(ValidationError) as info:
        services.round_create(
            user=officer, programme=programme, area=village_a, year=2019, title="X"
        )
    assert info.value.message_dict == {
        "year": ["Year: 2019 is outside the programme's years 2020–2040."]
    }


@pytest.mark.parametrize("role_fixture", ["viewer", "assessor", "facilitator", "owner"])
def test_only_managers_open_rounds(
    request: pytest.FixtureRequest, role_fixture: str, programme: Programme, village_a: Region
) -> None:
    user = request.getfixturevalue(role_fixture)
    with pytest.raises(PermissionDenied):
        services.round_create(user=user, programme=programme, area=village_a, year=2024, title="X")
    assert SelectionRound.objects.count() == 0


def test_start_needs_two_criteria_two_candidates_one_assessor(
    officer: User, programme: Programme, village_a: Region
) -> None:
    r = services.round_create(
        user=officer,
        programme=programme,
        area=village_a,
        year=2024,
        title="X",
        proposed=["Kopi"],
    )
    with pytest.raises(ValidationError) as info:
        services.round_start(user=officer, selection_round=r)
    assert info.value.messages == [
        "Candidates: at least 2 are needed.",
        "Assessors: invite at least 1.",
    ]
    r.refresh_from_db()
    assert r.status == RoundStatus.DRAFT


def test_criterion_range_and_duplicate_messages(
    officer: User, programme: Programme, village_a: Region
) -> None:
    r = services.round_create(
        user=officer, programme=programme, area=village_a, year=2024, title="X"
    )
    with pytest.raises(ValidationError) as info:
        services.criterion_save(
            user=officer, selection_round=r, name="Price", min_value=5, max_value=5
        )
    assert info.value.message_dict == {
        "max_value": ["Highest allowed value: it must be above the lowest allowed value."]
    }
    with pytest.raises(ValidationError) as info:
        services.criterion_save(user=officer, selection_round=r, name="market potential")
    assert info.value.message_dict == {
        "name": ["Criterion: “market potential” is already in this round."]
    }
    assert r.criteria.count() == 8


def test_judging_round_refuses_criteria_changes(officer: User, tzeng_round: SelectionRound) -> None:
    criterion = tzeng_round.criteria.first()
    assert criterion is not None
    with pytest.raises(ValidationError) as info:
        services.criterion_save(
            user=officer, selection_round=tzeng_round, criterion=criterion, name="Other"
        )
    assert info.value.messages == [
        "Round “Round Desa Alfa 2024” is Judging; this can only be done while it is draft."
    ]
    criterion.refresh_from_db()
    assert criterion.name == "Market potential"


def test_judgement_inconsistent_submit_needs_reason(
    assessor: User, tzeng_round: SelectionRound
) -> None:
    with pytest.raises(ValidationError) as info:
        services.judgement_save(
            user=assessor, selection_round=tzeng_round, matrix=INCONSISTENT_3, submit=True
        )
    (message,) = info.value.message_dict["reason"]
    assert message.startswith("Reason: the consistency ratio is 6.130, above 0.10. Revisit")
    assert Judgement.objects.count() == 0
    saved = services.judgement_save(
        user=assessor, selection_round=tzeng_round, matrix=INCONSISTENT_3, submit=False
    )
    draft = saved.judgement
    assert draft.submitted is False
    assert draft.consistency_ratio == saved.consistency.cr == pytest.approx(6.13, abs=5e-3)
    assert saved.consistency.consistent is False
    assert len(saved.consistency.revisit) == 2
    kept = services.judgement_save(
        user=assessor,
        selection_round=tzeng_round,
        matrix=INCONSISTENT_3,
        submit=True,
        reason="The panel agreed on it.",
    ).judgement
    assert (kept.pk, kept.submitted, kept.reason) == (draft.pk, True, "The panel agreed on it.")


def test_judgement_refused_to_uninvited_and_bad_matrix(
    assessor: User, officer: User, tzeng_round: SelectionRound, db: None
) -> None:
    with pytest.raises(PermissionDenied):
        services.judgement_save(
            user=officer, selection_round=tzeng_round, matrix=CONSISTENT_3, submit=True
        )
    with pytest.raises(ValidationError) as info:
        services.judgement_save(
            user=assessor, selection_round=tzeng_round, matrix=[[1, 2], [0.5, 1]], submit=True
        )
    assert info.value.message_dict == {"matrix": ["Matrix: expected 3 rows, one per criterion."]}
    with pytest.raises(ValidationError) as info:
        services.judgement_save(
            user=assessor,
            selection_round=tzeng_round,
            matrix=[[1, 2, 4], [2, 1, 2], [0.25, 0.5, 1]],
            submit=True,
        )
    assert info.value.message_dict["matrix"][0].startswith("Matrix: matrix[1, 0]")
    assert Judgement.objects.count() == 0


def test_scores_out_of_range_name_candidate_and_criterion_and_save_nothing(
    officer: User, tzeng_round: SelectionRound
) -> None:
    cand = tzeng_round.candidates.order_by("pk").first()
    crits = list(tzeng_round.criteria.order_by("position"))
    assert cand is not None
    with pytest.raises(ValidationError) as info:
        services.scores_set(
            user=officer,
            selection_round=tzeng_round,
            values={(cand.pk, crits[0].pk): 5, (cand.pk, crits[1].pk): 11},
        )
    assert info.value.message_dict == {
        f"score_{cand.pk}_{crits[1].pk}": [
            "Score for “Madu Alfa” on “Value added”: 11 is outside 0–10 (points)."
        ]
    }
    assert Score.objects.count() == 0


def test_scores_record_who_entered_them(assessor: User, tzeng_round: SelectionRound) -> None:
    enter_scores(tzeng_round, assessor, TZENG_X)
    assert Score.objects.count() == 12
    assert set(Score.objects.values_list("entered_by", flat=True)) == {assessor.pk}


def _judged(tzeng_round: SelectionRound, assessor: User, officer: User) -> None:
    services.judgement_save(
        user=assessor, selection_round=tzeng_round, matrix=CONSISTENT_3, submit=True
    )
    enter_scores(tzeng_round, officer, TZENG_X)


def test_decide_freezes_everything_and_designates(
    officer: User, assessor: User, tzeng_round: SelectionRound, membership: ProgrammeVillage
) -> None:
    _judged(tzeng_round, assessor, officer)
    winner = Candidate.objects.get(round=tzeng_round, name="Rusip Alfa")
    decision = decisions.round_decide(user=officer, selection_round=tzeng_round, candidate=winner)
    tzeng_round.refresh_from_db()
    assert tzeng_round.status == RoundStatus.DECIDED
    snap = decision.snapshot
    assert snap["method"] == "AHP (geometric mean of judgements) + TOPSIS"
    assert snap["decided_by"] == "officer"
    assert snap["chosen"]["name"] == "Rusip Alfa"
    assert [c["name"] for c in snap["result"]["candidates"]][0] == "Rusip Alfa"
    assert snap["result"]["assessors"][0]["matrix"] == CONSISTENT_3
    assert snap["result"]["candidates"][0]["scores"] == [8.0, 8.0, 6.0]
    designation = Designation.objects.get(membership=membership, year=2024)
    assert designation.product_id == winner.product_id
    assert designation.note == f"selection round {tzeng_round.pk}"
    assert designation.by_selection is True


def test_a_decided_designation_is_not_changed_on_the_programme_page(
    client: Client,
    officer: User,
    assessor: User,
    tzeng_round: SelectionRound,
    membership: ProgrammeVillage,
) -> None:
    """The village's product for the round's year changes only through a new round."""
    _judged(tzeng_round, assessor, officer)
    winner = Candidate.objects.get(round=tzeng_round, name="Rusip Alfa")
    decisions.round_decide(user=officer, selection_round=tzeng_round, candidate=winner)
    other = Candidate.objects.get(round=tzeng_round, name="Madu Alfa").product
    with pytest.raises(ValidationError, match="decided by a selection round"):
        designation_set(user=officer, membership=membership, year=2024, product=other)
    with pytest.raises(ValidationError, match="decided by a selection round"):
        designation_set(user=officer, membership=membership, year=2024, product=None)
    login(client, officer)
    url = f"/programmes/{membership.programme_id}/villages/{membership.pk}/designation/"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(url, {"year": 2024, "product": other.pk})
    assert response.status_code == 200
    assert "was decided by a selection round; open a new round to choose again" in (
        response.content.decode()
    )
    designation = Designation.objects.get(membership=membership, year=2024)
    assert designation.product_id == winner.product_id
    # Another year is still the officer's to set by hand.
    assert designation_set(user=officer, membership=membership, year=2025, product=other)


def test_decided_round_is_read_only(
    officer: User, assessor: User, tzeng_round: SelectionRound, membership: ProgrammeVillage
) -> None:
    _judged(tzeng_round, assessor, officer)
    first = tzeng_round.candidates.order_by("pk").first()
    assert first is not None
    decisions.round_decide(user=officer, selection_round=tzeng_round, candidate=first)
    tzeng_round.refresh_from_db()
    closed = "Round “Round Desa Alfa 2024” is Decided; this can only be done while it is"
    with pytest.raises(ValidationError, match=closed):
        decisions.round_decide(user=officer, selection_round=tzeng_round, candidate=first)
    with pytest.raises(PermissionDenied):  # judging is over: nobody may judge
        services.judgement_save(
            user=assessor, selection_round=tzeng_round, matrix=CONSISTENT_3, submit=True
        )
    with pytest.raises(PermissionDenied):
        services.scores_set(user=officer, selection_round=tzeng_round, values={})
    with pytest.raises(ValidationError, match=closed):
        services.candidate_add(user=officer, selection_round=tzeng_round, name="Kopi")
    assert Decision.objects.count() == 1
    assert Score.objects.filter(value=8).count() == 4


def test_decide_refused_when_scores_missing(
    officer: User, assessor: User, tzeng_round: SelectionRound
) -> None:
    services.judgement_save(
        user=assessor, selection_round=tzeng_round, matrix=CONSISTENT_3, submit=True
    )
    first = tzeng_round.candidates.order_by("pk").first()
    assert first is not None
    with pytest.raises(ValidationError) as info:
        decisions.round_decide(user=officer, selection_round=tzeng_round, candidate=first)
    assert (
        "Scores missing for “Madu Alfa”: Market potential, Value added, Labour absorption."
        in (info.value.messages[0])
    )
    assert Decision.objects.count() == 0
    tzeng_round.refresh_from_db()
    assert tzeng_round.status == RoundStatus.JUDGING


def test_proposed_commodity_decision_leaves_designation_empty(
    officer: User,
    assessor: User,
    programme: Programme,
    membership: ProgrammeVillage,
    village_a: Region,
) -> None:
    from tests.selection.conftest import TZENG_CRITERIA, make_round

    r = make_round(
        officer=officer,
        programme=programme,
        area=village_a,
        criteria=TZENG_CRITERIA,
        candidates=["Kopi", "Kakao", "Lada", "Nanas"],
        assessors=[assessor],
    )
    _judged(r, assessor, officer)
    kopi = r.candidates.get(name="Kopi")
    decision = decisions.round_decide(user=officer, selection_round=r, candidate=kopi)
    assert decision.note == ("The chosen candidate is a proposed commodity; no product designated.")
    assert Designation.objects.count() == 0


def test_the_consistency_message_writes_numbers_the_indonesian_way(
    assessor: User, tzeng_round: SelectionRound
) -> None:
    from django.utils import translation

    with translation.override("id"), pytest.raises(ValidationError) as info:
        services.judgement_save(
            user=assessor, selection_round=tzeng_round, matrix=INCONSISTENT_3, submit=True
        )
    (message,) = info.value.message_dict["reason"]
    assert message.startswith("Alasan: rasio konsistensi 6,130, di atas 0,10.")
