"""Region pages: the loaded regencies, and one page per region at any level.

Region pages are open to every signed-in user; the enterprises and products they list or count
are only those the user may see (ovop.enterprises.scope).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ovop.core.requests import request_user
from ovop.overview import selectors_regions as selectors
from ovop.overview.selectors_villages import village_empowerment
from ovop.regions.models import Level

TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"

_TEMPLATES = {
    Level.PROVINCE: "regions/province.html",
    Level.REGENCY: "regions/regency.html",
    Level.KECAMATAN: "regions/kecamatan.html",
    Level.VILLAGE: "regions/village.html",
}


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    overview = selectors.regencies_loaded(user=request_user(request))
    return render(request, "regions/index.html", {"overview": overview})


@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    user = request_user(request)
    region = selectors.region_get(code=code)
    if region is None:
        raise Http404
    context: dict[str, Any] = {
        "region": region,
        "ancestors": selectors.ancestors(region),
        "markers": selectors.map_markers(region=region, user=user),
        "tile_url": TILE_URL,
    }
    if region.level == Level.VILLAGE:
        context["village"] = selectors.village_page(
            village=region,
            user=user,
            page=request.GET.get("page"),
            product_page=request.GET.get("ppage"),
        )
        context["empowerment"] = village_empowerment(user=user, village=region)
    else:
        context["children"] = selectors.region_children(region=region, user=user)
    return render(request, _TEMPLATES[Level(region.level)], context)
