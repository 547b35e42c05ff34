"""Where each village stands: the regency overview with its map, and one village's status
page with its groups, cycles and timeline. Read by everyone who may read empowerment records
(assessors 403); a village outside the user's scope answers 404."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ovop.empowerment import scope
from ovop.empowerment.selectors_overview import (
    STAGE_KEYS,
    STAGE_LABELS,
    regency_overview,
    stage_markers,
    village_get,
    village_statuses,
)
from ovop.empowerment.selectors_timeline import cycles_of, village_timeline

#: The background map's tiles: the only part of the map that needs the internet.
TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def stage_legend() -> list[tuple[str, str]]:
    return [(key, str(STAGE_LABELS[key])) for key in STAGE_KEYS]


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    user = scope.require_reader(request.user)
    page = regency_overview(user=user)
    context = {
        "page": page,
        "markers": page.markers,
        "legend": stage_legend(),
        "tile_url": TILE_URL,
        "can_write": scope.can_write_empowerment(user),
    }
    return render(request, "empowerment/overview.html", context)


@require_GET
def village(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_reader(request.user)
    place = village_get(user=user, pk=pk)
    if place is None:
        raise Http404
    status = village_statuses(user=user, villages=[place])[0]
    cycles = cycles_of(user=user, village=place)
    context = {
        "village": place,
        "status": status,
        "cycles": cycles,
        "timeline": village_timeline(user=user, village=place, cycles=cycles),
        "markers": stage_markers([status]),
        "legend": stage_legend(),
        "tile_url": TILE_URL,
        "can_change": scope.can_change_village(user, place.pk),
    }
    return render(request, "empowerment/village.html", context)
