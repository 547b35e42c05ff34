"""Demo selection rounds: Namang 2024 decided for madu pelawan (as the demo designation), and
Kurau Barat 2025 still judging with one assessor's judgement submitted.

Idempotent and deterministic: a round already there (same programme, area and year, sample
data) is left alone, so a second run writes nothing.
"""

from __future__ import annotations

from ovop.accounts.models import Role, User
from ovop.demo import data
from ovop.enterprises.models import Product
from ovop.programme.models import Designation, Programme
from ovop.regions.models import Region
from ovop.selection import decisions, services
from ovop.selection.models import Candidate, SelectionRound

NAMANG = "19.04.05.2001"
KURAU_BARAT = "19.04.01.2010"
#: Each assessor's priorities; a_ij = p_i / p_j is consistent and on Saaty's scale.
PRIORITIES = {
    "assessor": [4, 2, 4, 1, 2, 2, 1, 2],
    "assessor2": [2, 1, 4, 1, 2, 1, 1, 2],
}
#: Namang's scores on the eight default criteria (1–5), in candidate order.
NAMANG_SCORES = [
    [5, 5, 5, 3, 4, 3, 4, 3],  # madu pelawan: wild forest honey, seasonal, few collectors
    [4, 4, 3, 4, 4, 4, 4, 5],  # jamur pelawan: grows most of the year, more hands
    [3, 4, 3, 5, 3, 4, 3, 4],  # kerajinan akar bandar: crafts employ the most people
]


def _matrix(p: list[int]) -> list[list[float]]:
    return [[a / b for b in p] for a in p]


def _second_assessor() -> User | None:
    """The demo account "assessor2" when the demo accounts include it (see core.demo.data)."""
    return User.objects.filter(
        username="assessor2", role=Role.ASSESSOR, email=f"assessor2@{data.DEMO_EMAIL_DOMAIN}"
    ).first()


def _product(village: Region, word: str) -> Product | None:
    return (
        Product.objects.filter(
            enterprise__village=village, name__icontains=word, archived_at__isnull=True
        )
        .order_by("pk")
        .first()
    )


def _open(
    programme: Programme, area: Region, year: int, officer: User, assessors: list[User]
) -> SelectionRound | None:
    if SelectionRound.objects.filter(programme=programme, area=area, year=year).exists():
        return None
    selection_round = services.round_create(
        user=officer,
        programme=programme,
        area=area,
        year=year,
        title=f"OVOP {area.name} {year}",
        assessors=assessors,
    )
    SelectionRound.objects.filter(pk=selection_round.pk).update(is_sample=True)
    selection_round.is_sample = True
    return selection_round


def _score(selection_round: SelectionRound, officer: User, rows: list[list[int]]) -> None:
    candidates = list(selection_round.candidates.order_by("pk"))
    criteria = list(selection_round.criteria.order_by("position", "id"))
    values = {
        (cand.pk, crit.pk): float(rows[i][j])
        for i, cand in enumerate(candidates)
        for j, crit in enumerate(criteria)
    }
    services.scores_set(user=officer, selection_round=selection_round, values=values)


def _namang(programme: Programme, officer: User, panel: list[User]) -> None:
    namang = Region.objects.get(code=NAMANG)
    selection_round = _open(programme, namang, 2024, officer, panel)
    if selection_round is None:
        return
    designated = Designation.objects.filter(
        membership__programme=programme, membership__village=namang, year=2024
    ).first()
    madu = designated.product if designated else _product(namang, "madu")
    for product, fallback in (
        (madu, "Madu pelawan"),
        (_product(namang, "jamur"), "Jamur pelawan"),
        (_product(namang, "akar"), "Kerajinan akar bandar"),
    ):
        if product is not None:
            services.candidate_add(user=officer, selection_round=selection_round, product=product)
        else:
            services.candidate_add(user=officer, selection_round=selection_round, name=fallback)
    services.round_start(user=officer, selection_round=selection_round)
    for person in panel:
        services.judgement_save(
            user=person,
            selection_round=selection_round,
            matrix=_matrix(PRIORITIES[person.username]),
            submit=True,
        )
    _score(selection_round, officer, NAMANG_SCORES)
    first = Candidate.objects.filter(round=selection_round).order_by("pk").first()
    assert first is not None
    decisions.round_decide(user=officer, selection_round=selection_round, candidate=first)


def _kurau_barat(programme: Programme, officer: User, panel: list[User]) -> None:
    kurau = Region.objects.get(code=KURAU_BARAT)
    selection_round = _open(programme, kurau, 2025, officer, panel)
    if selection_round is None:
        return
    products = Product.objects.filter(enterprise__village=kurau, archived_at__isnull=True)
    for product in products.order_by("pk")[:3]:
        if not selection_round.candidates.filter(name__iexact=product.name).exists():
            services.candidate_add(user=officer, selection_round=selection_round, product=product)
    services.candidate_add(
        user=officer, selection_round=selection_round, name="Kerupuk rumput laut"
    )
    services.round_start(user=officer, selection_round=selection_round)
    services.judgement_save(
        user=panel[0],
        selection_round=selection_round,
        matrix=_matrix(PRIORITIES[panel[0].username]),
        submit=True,
    )


def demo_rounds_load(*, programme: Programme, officer: User, assessor: User) -> None:
    """Create the two demo rounds unless they exist (see the module docstring)."""
    second = _second_assessor()
    panel = [assessor, second] if second else [assessor]
    _namang(programme, officer, panel)
    _kurau_barat(programme, officer, panel)
