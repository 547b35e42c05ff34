"""Industry size class of Permenperin 64/M-IND/PER/7/2016, derived and never stored.

- small: at most 19 workers and investment below Rp1 billion;
- medium: at most 19 workers and investment of Rp1 billion or more, or at least 20 workers
  and investment of at most Rp15 billion;
- large: at least 20 workers and investment above Rp15 billion.

Investment excludes land and buildings. The same rule exists twice: as a Python function for one
record and as a database expression for filtering lists; tests check that both agree.
"""

from __future__ import annotations

from django.db.models import Case, CharField, F, Value, When
from django.db.models.lookups import LessThanOrEqual

from ovop.enterprises.models import SizeClass

#: Largest workforce of a small (or small-workforce medium) industry.
MAX_SMALL_WORKERS = 19
#: Investment from which a small-workforce industry counts as medium (rupiah).
MEDIUM_INVESTMENT_IDR = 1_000_000_000
#: Investment above which a large-workforce industry counts as large (rupiah).
LARGE_INVESTMENT_IDR = 15_000_000_000


def size_class(*, workers: int, investment_idr: int) -> SizeClass:
    """The size class of an industry with ``workers`` people and ``investment_idr`` invested."""
    if workers <= MAX_SMALL_WORKERS:
        if investment_idr < MEDIUM_INVESTMENT_IDR:
            return SizeClass.SMALL
        return SizeClass.MEDIUM
    if investment_idr > LARGE_INVESTMENT_IDR:
        return SizeClass.LARGE
    return SizeClass.MEDIUM


def size_class_expression() -> Case:
    """The same rule as :func:`size_class`, as an expression over an Enterprise queryset."""
    few_workers: LessThanOrEqual[int] = LessThanOrEqual(
        F("workers_male") + F("workers_female"), MAX_SMALL_WORKERS
    )
    return Case(
        When(
            few_workers,
            then=Case(
                When(investment_idr__lt=MEDIUM_INVESTMENT_IDR, then=Value(SizeClass.SMALL.value)),
                default=Value(SizeClass.MEDIUM.value),
            ),
        ),
        When(investment_idr__gt=LARGE_INVESTMENT_IDR, then=Value(SizeClass.LARGE.value)),
        default=Value(SizeClass.MEDIUM.value),
        output_field=CharField(),
    )
