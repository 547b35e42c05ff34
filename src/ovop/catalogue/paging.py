"""Pages of search results with a capped count: at most ``COUNT_CAP`` matches are counted.

Counting every match of a common word over a national catalogue reads every matching row
(hundreds of thousands for "keripik"); a buyer needs to know only that there are many. The
count therefore reads at most ``COUNT_CAP + 1`` matches in any order; above the cap the page
says "more than 240 products found" and offers the first ``COUNT_CAP`` results (ten pages
of 24 cards, more than a buyer pages through on a phone), in the search's own order. The
results themselves are those of the uncapped search: page n shows the same products as
before, for every page up to the cap.

A search's results are ``Keyed``: a page is read in two steps, first the keys of its slice
in the search's order (a query PostgreSQL answers from a covering index alone when one fits,
without visiting the thousands of rows it passes over), then the cards of those keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

#: The most matches a search page counts (and offers): ten pages of 24 cards.
COUNT_CAP = 240


class Keyed:
    """Results read in two steps: ``keys`` (a queryset of primary keys in the results'
    order), then ``rows(keys)`` for the keys of the slice asked for, returned in the keys'
    order (a key whose row is gone by then is left out)."""

    def __init__(self, keys: QuerySet[Any], rows: Callable[[list[Any]], Iterable[Any]]) -> None:
        self.keys = keys
        self.rows = rows

    def count(self) -> int:
        return self.keys.count()

    def __getitem__(self, part: slice) -> list[Any]:
        if not isinstance(part, slice):
            raise TypeError("Keyed results are read by slices")
        keys = list(self.keys[part])
        found = {row.pk: row for row in self.rows(keys)} if keys else {}
        return [found[key] for key in keys if key in found]


Results = QuerySet[Any] | Keyed | Sequence[Any]


class CappedPaginator(Paginator[Any]):
    """A paginator whose ``count`` is at most ``cap``; ``more`` says the cap was reached."""

    def __init__(self, object_list: Results, per_page: int, cap: int | None = None) -> None:
        super().__init__(object_list, per_page)  # type: ignore[arg-type]
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def found(self) -> int:
        """The number of matches, or ``cap + 1`` when there are more than ``cap``."""
        items = self.object_list
        if isinstance(items, Keyed):
            return items.keys.order_by()[: self.cap + 1].count()
        if isinstance(items, QuerySet):
            # any cap + 1 rows will do for counting: no ordering (no sort), and only the key
            # (no annotation of the cards, such as their stars, computed for each row)
            return items.order_by().values("pk")[: self.cap + 1].count()
        return min(len(items), self.cap + 1)

    @cached_property
    def count(self) -> int:
        return min(self.found, self.cap)

    @property
    def more(self) -> bool:
        """More matches than ``cap`` exist (the page says "more than …")."""
        return self.found > self.cap


def _first_page_asked(value: str | None) -> bool:
    """``?page=`` asks for the first page: missing, 1, or not a number (as ``get_page``)."""
    try:
        return value is None or int(value) == 1
    except ValueError:
        return True


def capped_page(request: HttpRequest, items: Results, per_page: int) -> Page[Any]:
    """The page asked for by ``?page=`` of the first ``COUNT_CAP`` ``items`` (the last page
    past the end, the first page for anything that is not a number).

    The first page of a queryset is read with one row more than it shows: when that row is
    missing, the page holds every match and no count is run at all (a rare word, a word
    that matches nothing); else the capped count runs only if the page shows the count."""
    paginator = CappedPaginator(items, per_page)
    asked = request.GET.get("page")
    if not (isinstance(items, QuerySet | Keyed) and _first_page_asked(asked)):
        return paginator.get_page(asked)
    shown = min(per_page, paginator.cap)
    rows = list(items[: shown + 1])
    if len(rows) <= shown:
        paginator.__dict__["found"] = len(rows)  # the cached_property, known already
    return Page(rows[:shown], 1, paginator)
