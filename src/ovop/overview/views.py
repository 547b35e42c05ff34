"""The home dashboard and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from ovop.accounts.models import User
from ovop.core.glossary import TERMS
from ovop.core.requests import request_user
from ovop.empowerment.views_overview import TILE_URL, stage_legend
from ovop.enterprises.models import Category
from ovop.evaluation import scope as evaluation_scope
from ovop.evaluation.headlines import headlines_read
from ovop.overview import selectors
from ovop.overview.dashboard import Dashboard, dashboard_get
from ovop.programme.models import Programme

#: The dashboard's filters in the query string, and how much of each is read.
PARAMS = ("year", "kecamatan", "category")
#: ``?programme=all``: every active programme at once (offered when there are several).
ALL = "all"
MAX_PARAM = 40


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Readers of everything (admins, officers, viewers) open on the programme's dashboard;
    the others on what waits for them."""
    user = request_user(request)
    board = _board(request, user) if evaluation_scope.can_read(user) else None
    # the dashboard shows its own counts: the registry-wide ones are not counted again
    page = selectors.home_page(user=user, counts=board is None)
    context: dict[str, object] = {"page": page, "stats": page.stats}
    if board is not None:
        context |= {
            "board": board,
            "tile_url": TILE_URL,
            "legend": stage_legend(),
            "categories": Category.choices,
        }
    return render(request, "overview/home.html", context)


def _board(request: HttpRequest, user: User) -> Dashboard | None:
    """The dashboard asked for: a programme's, every programme's (``?programme=all``, when
    there are several), or none when there is no programme yet."""
    active = Programme.objects.filter(archived_at__isnull=True).select_related("regency")
    raw = request.GET.get("programme", "")
    national = raw == ALL and active.count() > 1
    programme = None if national else _programme(active, raw)
    if programme is None and not national:
        return None
    params = {k: request.GET.get(k, "")[:MAX_PARAM] for k in PARAMS}
    return dashboard_get(user=user, programme=programme, params=params)


def _programme(active: QuerySet[Programme], raw: str) -> Programme | None:
    """The programme asked for (``?programme=<id>``), else the first active one."""
    chosen = active.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 10 else None
    return chosen or active.order_by("pk").first()


@require_GET
def dashboard_headlines(request: HttpRequest, pk: int) -> HttpResponse:
    """The dashboard's headline estimates alone: what the page asks for again while new ones
    are being computed."""
    if not evaluation_scope.can_read(request_user(request)):
        raise PermissionDenied
    programme = get_object_or_404(Programme, pk=pk, archived_at__isnull=True)
    context = {"programme": programme, "headlines": headlines_read(programme)}
    return render(request, "overview/_headlines.html", context)


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "overview/glossary.html", {"terms": TERMS})
