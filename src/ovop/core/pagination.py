"""Paging of lists on pages: one page size, and a bad or missing ?page= never fails."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

#: Rows on one page of a list.
PAGE_SIZE = 25


def paginate(
    request: HttpRequest,
    items: QuerySet[Any] | Sequence[Any],
    per_page: int = PAGE_SIZE,
    param: str = "page",
) -> Page[Any]:
    """The page of ``items`` asked for by ``?<param>=`` (the last page past the end, the first
    page for anything that is not a number)."""
    return Paginator(items, per_page).get_page(request.GET.get(param))
