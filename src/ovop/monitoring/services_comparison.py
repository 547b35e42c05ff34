"""The comparison group of a round: offer the nearest non-participating enterprises of each
participant, show how alike the two groups are, and accept the offer as respondents.

Each participant is matched to the enterprises of the regency outside the programme's villages
that are nearest on the registry: exactly on product category and kecamatan where such an
enterprise exists (otherwise anywhere, and counted as "relaxed"), then by Mahalanobis distance
on workforce, years in business and size class — the design of the Thai OTOP impact study
(Mahalanobis matching, then difference-in-differences). Without replacement: each comparison
enterprise answers once, and the total distance is the smallest possible
(``ovop.analysis.matching``). The balance table shows the standardised mean differences
before and after matching; |SMD| < 0.1 counts as balanced.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.accounts.models import User
from ovop.analysis import AnalysisError
from ovop.analysis.matching import BalanceTable, MatchResult, balance, match
from ovop.enterprises.models import Category, Enterprise, SizeClass
from ovop.enterprises.sizing import size_class
from ovop.monitoring import scope
from ovop.monitoring.choices import Arm
from ovop.monitoring.models import Respondent, Round

MAX_RATIO = 3
#: The matching covariates, in the order of the matrix columns.
COVARIATES = (
    gettext_lazy("Workers"),
    gettext_lazy("Years in business"),
    gettext_lazy("Medium or large industry"),
)
REASONS = {
    "no_control_in_stratum": gettext_lazy("no enterprise of the same category and kecamatan"),
    "beyond_caliper": gettext_lazy("the nearest enterprise is too different"),
    "controls_used_up": gettext_lazy("every similar enterprise is already matched"),
}
_SIZE_RANK = {SizeClass.SMALL: 0.0, SizeClass.MEDIUM: 1.0, SizeClass.LARGE: 1.0}


@dataclass(frozen=True)
class Pair:
    participant: Respondent
    matches: list[tuple[Enterprise, float]]
    relaxed: bool
    reason: str


@dataclass(frozen=True)
class BalanceRow:
    name: str
    mean_participants: float
    mean_pool: float
    mean_matched: float
    smd_before: float
    smd_after: float
    balanced: bool


@dataclass(frozen=True)
class Offer:
    pairs: list[Pair]
    balance: list[BalanceRow]
    pool_size: int
    relaxed: int
    unmatched: int
    table: BalanceTable | None


def _category(enterprise: Enterprise) -> str:
    categories = Counter(p.category for p in enterprise.products.all() if p.archived_at is None)
    return categories.most_common(1)[0][0] if categories else Category.OTHER


def _row(enterprise: Enterprise, year: int, median_years: float) -> list[float]:
    years = (year - enterprise.founded_year) if enterprise.founded_year else median_years
    size = size_class(workers=enterprise.workers_total, investment_idr=enterprise.investment_idr)
    return [float(enterprise.workers_total), float(max(years, 0)), _SIZE_RANK[size]]


def _median_years(enterprises: list[Enterprise], year: int) -> float:
    known = sorted(year - e.founded_year for e in enterprises if e.founded_year)
    return float(known[len(known) // 2]) if known else 0.0


def comparison_pool(round_: Round) -> list[Enterprise]:
    """Active enterprises of the regency outside the programme's villages, not yet
    participants of the round."""
    programme = round_.programme
    participants = round_.respondents.filter(arm=Arm.PARTICIPANT).values("enterprise")
    return list(
        Enterprise.objects.filter(
            archived_at__isnull=True, village__code__startswith=programme.regency.code + "."
        )
        .exclude(village__in=programme.villages.filter(archived_at__isnull=True).values("village"))
        .exclude(pk__in=participants)
        .select_related("village")
        .prefetch_related("products")
        .order_by("pk")
    )


def _strata(enterprises: list[Enterprise], codes: dict[tuple[str, int | None], int]) -> list[int]:
    labels = []
    for e in enterprises:
        key = (_category(e), e.village.parent_id)
        labels.append(codes.setdefault(key, len(codes)))
    return labels


def comparison_offer(*, round_: Round, ratio: int = 1, caliper: float | None = None) -> Offer:
    """The nearest comparison enterprises of every participant and the balance; no write."""
    if not 1 <= ratio <= MAX_RATIO:
        raise ValidationError(
            {"ratio": _("Comparison enterprises per participant: 1 to %(n)s.") % {"n": MAX_RATIO}}
        )
    participants = list(
        round_.respondents.filter(arm=Arm.PARTICIPANT)
        .select_related("enterprise__village")
        .prefetch_related("enterprise__products")
        .order_by("pk")
    )
    pool = comparison_pool(round_)
    if len(participants) < 2 or len(pool) < 2:
        raise ValidationError(
            _(
                "A comparison group needs at least 2 participants and 2 enterprises outside the "
                "programme's villages; this round has %(p)s and the regency %(c)s."
            )
            % {"p": len(participants), "c": len(pool)}
        )
    enterprises = [r.enterprise for r in participants]
    median = _median_years(enterprises + pool, round_.year)
    treated = [_row(e, round_.year, median) for e in enterprises]
    control = [_row(e, round_.year, median) for e in pool]
    codes: dict[tuple[str, int | None], int] = {}
    try:
        result = match(
            treated,
            control,
            treated_strata=_strata(enterprises, codes),
            control_strata=_strata(pool, codes),
            caliper=caliper,
            replace=False,
            ratio=ratio,
        )
        table = balance(treated, control, result, binary=[2])
    except AnalysisError as error:
        raise ValidationError(
            _("The comparison group cannot be formed: %(reason)s.") % {"reason": error}
        ) from None
    return Offer(
        pairs=_pairs(participants, pool, result),
        balance=_balance_rows(table),
        pool_size=len(pool),
        relaxed=len(result.relaxed),
        unmatched=len(result.unmatched),
        table=table,
    )


def _pairs(
    participants: list[Respondent], pool: list[Enterprise], result: MatchResult
) -> list[Pair]:
    reasons = {u.treated: str(REASONS[u.reason]) for u in result.unmatched}
    relaxed = set(result.relaxed)
    return [
        Pair(
            participant=p,
            matches=[
                (pool[c], d) for c, d in zip(result.matches[i], result.distances[i], strict=True)
            ],
            relaxed=i in relaxed,
            reason=reasons.get(i, ""),
        )
        for i, p in enumerate(participants)
    ]


def _balance_rows(table: BalanceTable) -> list[BalanceRow]:
    return [
        BalanceRow(
            name=str(COVARIATES[row.column]),
            mean_participants=row.mean_treated,
            mean_pool=row.mean_control_before,
            mean_matched=row.mean_control_after,
            smd_before=row.smd_before,
            smd_after=row.smd_after,
            balanced=abs(row.smd_after) < 0.1,
        )
        for row in table.rows
    ]


@transaction.atomic
def comparison_accept(
    *, user: User, round_: Round, ratio: int = 1, caliper: float | None = None
) -> int:
    """Make the offer the round's comparison group: earlier comparison respondents without
    values are replaced; those with values stay. Returns how many were added."""
    scope.require_manager(user)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.is_locked:
        raise ValidationError(_("This round is locked; reopen it first."))
    old = round_.respondents.filter(arm=Arm.COMPARISON)
    list(old.select_for_update().values_list("pk", flat=True))  # no value arrives meanwhile
    old.filter(values__isnull=True, submissions__isnull=True).delete()
    kept = set(
        round_.respondents.filter(arm=Arm.COMPARISON).values_list("enterprise_id", flat=True)
    )
    offer = comparison_offer(round_=round_, ratio=ratio, caliper=caliper)
    new: list[Respondent] = []
    for pair in offer.pairs:
        for enterprise, distance in pair.matches:
            if enterprise.pk in kept:
                continue
            kept.add(enterprise.pk)
            new.append(
                Respondent(
                    round=round_,
                    enterprise=enterprise,
                    arm=Arm.COMPARISON,
                    matched_to=pair.participant,
                    distance=round(distance, 6),
                )
            )
    Respondent.objects.bulk_create(new)
    return len(new)


def offer_summary(offer: Offer) -> dict[str, Any]:
    return {
        "matched": sum(1 for p in offer.pairs if p.matches),
        "participants": len(offer.pairs),
        "pool": offer.pool_size,
        "relaxed": offer.relaxed,
        "unmatched": offer.unmatched,
        "balanced": offer.table is not None and offer.table.balanced,
    }
