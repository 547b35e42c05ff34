"""The home dashboard and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ovop.core.glossary import TERMS
from ovop.core.requests import request_user
from ovop.overview import selectors


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    page = selectors.home_page(user=request_user(request))
    return render(request, "overview/home.html", {"page": page, "stats": page.stats})


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "overview/glossary.html", {"terms": TERMS})
