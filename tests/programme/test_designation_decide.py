"""Designations made by a decided selection round: the decision is the proof, and a hand edit
of such a designation is refused (programme.services.designation_decide)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ovop.accounts.models import User
from ovop.enterprises.models import Product
from ovop.programme import services
from ovop.programme.models import Designation, ProgrammeVillage
from tests.factories import ProductFactory


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


def _reasons(obj: Any) -> list[str | None]:
    return [h.history_change_reason for h in obj.history.order_by("history_date", "history_id")]


@dataclass(frozen=True)
class _Decision:
    """Stands in for ``ovop.selection.models.Decision`` (``services.RoundDecision``)."""

    pk: int | None
    round_id: int
    decided_by: User


def test_a_round_decision_designates_and_then_refuses_hand_edits(
    officer: User, membership_a: ProgrammeVillage, product_x: Product
) -> None:
    services.designation_set(user=officer, membership=membership_a, year=2024, product=None)
    hand = services.designation_set(
        user=officer, membership=membership_a, year=2024, product=product_x, note="by hand"
    )
    other = ProductFactory(enterprise=product_x.enterprise, name="Kerupuk Alfa")  # type: ignore[misc]
    decided = services.designation_decide(
        decision=_Decision(pk=7, round_id=3, decided_by=officer),
        membership=membership_a,
        year=2024,
        product=other,
    )
    assert hand is not None and decided.pk == hand.pk  # the round replaces the hand choice
    decided.refresh_from_db()
    assert (decided.product_id, decided.by_selection, decided.note) == (
        other.pk,
        True,
        "selection round 3",
    )
    assert _reasons(decided) == ["designated", "designated by a selection round"]
    for product in (product_x, None, other):
        with pytest.raises(ValidationError) as error:
            services.designation_set(
                user=officer, membership=membership_a, year=2024, product=product
            )
        assert _messages(error) == {
            "product": [
                "Product: the designation for 2024 was decided by a selection round; open a "
                "new round to choose again."
            ]
        }
    decided.refresh_from_db()
    assert (decided.product_id, decided.by_selection) == (other.pk, True)
    # another round's decision replaces it; another year stays the officer's to set
    services.designation_decide(
        decision=_Decision(pk=8, round_id=4, decided_by=officer),
        membership=membership_a,
        year=2024,
        product=product_x,
    )
    decided.refresh_from_db()
    assert (decided.product_id, decided.note) == (product_x.pk, "selection round 4")
    assert services.designation_set(user=officer, membership=membership_a, year=2025, product=other)


def test_a_decision_must_be_stored_and_made_by_a_manager(
    officer: User, viewer: User, membership_a: ProgrammeVillage, product_x: Product
) -> None:
    with pytest.raises(ValidationError, match="has not been stored"):
        services.designation_decide(
            decision=_Decision(pk=None, round_id=3, decided_by=officer),
            membership=membership_a,
            year=2024,
            product=product_x,
        )
    with pytest.raises(PermissionDenied):
        services.designation_decide(
            decision=_Decision(pk=7, round_id=3, decided_by=viewer),
            membership=membership_a,
            year=2024,
            product=product_x,
        )
    assert Designation.objects.count() == 0


def test_a_round_decision_is_checked_like_a_hand_designation(
    officer: User, membership_a: ProgrammeVillage, product_y: Product
) -> None:
    with pytest.raises(ValidationError) as error:
        services.designation_decide(
            decision=_Decision(pk=7, round_id=3, decided_by=officer),
            membership=membership_a,
            year=2024,
            product=product_y,
        )
    assert _messages(error) == {
        "product": ["Product: “Rusip Beta Botol” is not made by an enterprise in Desa Alfa."]
    }
    assert Designation.objects.count() == 0


def test_the_hand_path_has_no_flag_to_unlock_a_decided_designation() -> None:
    import inspect

    assert "by_selection" not in inspect.signature(services.designation_set).parameters
