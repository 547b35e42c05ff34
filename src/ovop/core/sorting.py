"""Sortable list columns: ``?sort=key`` (ascending) or ``?sort=-key`` (descending).

Only the keys a list names are honoured; any other value is ignored and the list keeps its
default order. The header links keep the page's other parameters (its filters), leave out the
page number (a new order starts on page 1), and say the order to assistive technology through
``aria-sort``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _

SORT_PARAM = "sort"
_ARROWS = {"ascending": "▲", "descending": "▼"}


@dataclass(frozen=True)
class Sort:
    key: str
    descending: bool = False

    @property
    def value(self) -> str:
        return f"-{self.key}" if self.descending else self.key


def parse_sort(value: str | None, keys: Collection[str], default: Sort) -> Sort:
    """The order ``value`` asks for, or ``default`` when it names no key of ``keys``."""
    value = (value or "").strip()
    descending = value.startswith("-")
    key = value[1:] if descending else value
    return Sort(key, descending) if key in keys else default


@dataclass(frozen=True)
class SortLink:
    """A column header's link: its query string, the order shown now and its arrow."""

    query: str
    aria_sort: str  # "ascending", "descending" or "" (the list is not sorted by it)

    @property
    def arrow(self) -> str:
        return _ARROWS.get(self.aria_sort, "")


def sort_choices(labels: dict[str, str]) -> list[tuple[str, str]]:
    """The options of a "Sort by" select (phones sort with it, the table header being
    hidden there): each column ascending, then descending, named by ``labels``."""
    choices = []
    for key, label in labels.items():
        choices.append((key, _("%(column)s, ascending") % {"column": label}))
        choices.append((f"-{key}", _("%(column)s, descending") % {"column": label}))
    return choices


def sort_links(query: QueryDict, keys: Collection[str], current: Sort) -> dict[str, SortLink]:
    """A link per key: the column the list is sorted by turns its order around; another
    column sorts ascending."""
    links = {}
    for key in keys:
        params = query.copy()
        params.pop("page", None)
        active = key == current.key
        params[SORT_PARAM] = f"-{key}" if active and not current.descending else key
        aria = ("descending" if current.descending else "ascending") if active else ""
        links[key] = SortLink(query=params.urlencode(), aria_sort=aria)
    return links
