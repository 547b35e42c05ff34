"""The dashboard's filters: a year, a kecamatan (or the whole area), a product category.

Read from the query string and checked: a value that is not one of the offered choices is
dropped with a message naming the filter, and the page shows everything for it instead of
failing. A kecamatan is given by its code (``19.04.01``), so an address names its place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ovop.enterprises.models import Category
from ovop.programme.models import Programme
from ovop.regions.models import Level, Region

FIRST_YEAR, LAST_YEAR = 2000, 2100
#: The longest text a filter reads (anything longer is refused, not cut).
MAX_TEXT = 40


@dataclass(frozen=True)
class Filters:
    year: int
    kecamatan: Region | None = None
    category: str = ""
    #: What was refused: (the filter's parameter, a sentence in the active language).
    problems: tuple[tuple[str, str], ...] = field(default=())

    @property
    def category_label(self) -> str:
        return str(dict(Category.choices).get(self.category, "")) if self.category else ""

    def query(self, **changed: object) -> dict[str, object]:
        """The filters as query parameters, with ``changed`` ones replaced."""
        values: dict[str, object] = {"year": self.year}
        if self.kecamatan is not None:
            values["kecamatan"] = self.kecamatan.code
        if self.category:
            values["category"] = self.category
        values.update(changed)
        return {k: v for k, v in values.items() if v not in ("", None)}


def kecamatan_choices(programmes: list[Programme]) -> list[Region]:
    """The kecamatan of the programmes' regencies, by name."""
    regencies = [p.regency_id for p in programmes]
    return list(Region.objects.filter(level=Level.KECAMATAN, parent__in=regencies).order_by("name"))


def _year(raw: str, default: int, problems: list[tuple[str, str]]) -> int:
    if not raw:
        return default
    if raw.isdigit() and len(raw) == 4 and FIRST_YEAR <= int(raw) <= LAST_YEAR:
        return int(raw)
    problems.append(
        (
            "year",
            _("Year: “%(value)s” is not a year between %(first)s and %(last)s; showing %(year)s.")
            % {"value": raw[:MAX_TEXT], "first": FIRST_YEAR, "last": LAST_YEAR, "year": default},
        )
    )
    return default


def filters_read(
    params: Mapping[str, str], *, default_year: int, kecamatans: list[Region]
) -> Filters:
    problems: list[tuple[str, str]] = []
    year = _year(params.get("year", "").strip(), default_year, problems)
    code = params.get("kecamatan", "").strip()
    kecamatan = next((k for k in kecamatans if k.code == code), None)
    if code and kecamatan is None:
        problems.append(
            (
                "kecamatan",
                _("Kecamatan: “%(value)s” is not a kecamatan of the programme; showing all.")
                % {"value": code[:MAX_TEXT]},
            )
        )
    category = params.get("category", "").strip()
    if category and category not in Category.values:
        problems.append(
            (
                "category",
                _("Product category: “%(value)s” is not a category; showing all.")
                % {"value": category[:MAX_TEXT]},
            )
        )
        category = ""
    return Filters(year, kecamatan, category, tuple(problems))


def default_year(years: list[int], today: dt.date) -> int:
    """The latest of ``years`` not after this one (the caller gives the survey rounds' years
    when there are any: the year whose indicators can be shown); else this year."""
    past = [y for y in years if y <= today.year]
    return max(past) if past else today.year
