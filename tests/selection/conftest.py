"""Selection fixtures: four products made in village A, rounds built to order (the personas,
`programme` "OVOP Uji" and village A's `membership` come from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from django.test import Client

from ovop.accounts.models import Role, User
from ovop.enterprises.models import Enterprise, Product
from ovop.programme.models import Programme, ProgrammeVillage
from ovop.regions.models import Region
from ovop.selection import services
from ovop.selection.models import Candidate, Criterion, RoundStatus, SelectionRound
from tests.factories import ProductFactory, UserFactory


@pytest.fixture
def products(enterprise_x: Enterprise) -> list[Product]:
    return [
        ProductFactory(enterprise=enterprise_x, name=name)  # type: ignore[misc]
        for name in ("Madu Alfa", "Getas Alfa", "Rusip Alfa", "Jamur Alfa")
    ]


@pytest.fixture
def stranger(db: None) -> User:
    """An assessor invited to no round."""
    return UserFactory(username="stranger", role=Role.ASSESSOR)  # type: ignore[no-any-return]


def make_round(
    *,
    officer: User,
    programme: Programme,
    area: Region,
    criteria: Sequence[tuple[str, float, float]],
    candidates: Sequence[str | Product],
    assessors: Sequence[User],
    status: str = RoundStatus.JUDGING,
    year: int = 2024,
) -> SelectionRound:
    selection_round = SelectionRound.objects.create(
        title=f"Round {area.name} {year}",
        programme=programme,
        area=area,
        year=year,
        status=status,
        created_by=officer,
    )
    selection_round.assessors.set(assessors)
    for k, (name, low, high) in enumerate(criteria):
        Criterion.objects.create(
            round=selection_round,
            position=k,
            name=name,
            min_value=low,
            max_value=high,
            unit="1-5" if (low, high) == (1, 5) else "points",
        )
    for c in candidates:
        if isinstance(c, Product):
            Candidate.objects.create(round=selection_round, product=c, name=c.name)
        else:
            Candidate.objects.create(round=selection_round, name=c)
    return selection_round


#: Tzeng & Huang (2011) TOPSIS example: 4 alternatives × 3 benefit criteria.
TZENG_X = [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]]
TZENG_CRITERIA = [("Market potential", 0, 10), ("Value added", 0, 10), ("Labour absorption", 0, 10)]


@pytest.fixture
def tzeng_round(
    officer: User,
    programme: Programme,
    membership: ProgrammeVillage,
    village_a: Region,
    products: list[Product],
    assessor: User,
    assessor2: User,
) -> SelectionRound:
    return make_round(
        officer=officer,
        programme=programme,
        area=village_a,
        criteria=TZENG_CRITERIA,
        candidates=products,
        assessors=[assessor, assessor2],
    )


@pytest.fixture(autouse=True)
def _in_english(english: None, english_client: Client) -> None:
    """Ask for English pages, so that the numbers have decimal points and the messages are
    the English source text."""


CONSISTENT_3 = [[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]]
#: a12 = 9, a23 = 9 but a13 = 1/9: strongly intransitive.
INCONSISTENT_3 = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]


def enter_scores(selection_round: SelectionRound, user: User, x: list[list[float]]) -> None:
    """Enter a whole candidate × criterion matrix of scores through the service."""
    candidates = list(selection_round.candidates.order_by("pk"))
    criteria = list(selection_round.criteria.order_by("position"))
    values = {
        (cand.pk, crit.pk): float(x[i][j])
        for i, cand in enumerate(candidates)
        for j, crit in enumerate(criteria)
    }
    services.scores_set(user=user, selection_round=selection_round, values=values)


def judged_round(
    *, officer: User, assessor: User, programme: Programme, area: Region, n: int, year: int
) -> SelectionRound:
    """A judging round with 3 criteria and ``n`` candidates, judged and fully scored."""
    selection_round = make_round(
        officer=officer,
        programme=programme,
        area=area,
        year=year,
        criteria=[(f"C{k}", 0, 10) for k in range(3)],
        candidates=[f"Cand {k}" for k in range(n)],
        assessors=[assessor],
    )
    services.judgement_save(
        user=assessor, selection_round=selection_round, matrix=CONSISTENT_3, submit=True
    )
    enter_scores(selection_round, officer, [[k + 1, (k * 3) % 7 + 1, 10 - k] for k in range(n)])
    return selection_round
