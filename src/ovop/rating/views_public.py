"""The one public page of ovop: /verify/<code>/ shows what a star certificate shows."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ovop.rating import selectors
from ovop.rating.definition import scheme_name


@login_not_required
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    rating = selectors.rating_by_code(code=code)
    if rating is None:
        return render(request, "rating/verify_unknown.html", {"code": code}, status=404)
    context = {
        "rating": rating,
        "scheme_name": scheme_name(rating.scheme),
        "issued_on": timezone.localtime(rating.issued_at).date(),
    }
    return render(request, "rating/verify.html", context)
