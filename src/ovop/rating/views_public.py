"""The public pages of ovop: /verify/ asks for a certificate's code, /verify/<code>/ shows what
that star certificate shows. No login."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from ovop.rating import selectors
from ovop.rating.certificate import rating_statement
from ovop.rating.definition import scheme_name

#: What may be a verification code in a link; anything else is answered "unknown" at once.
_CODE = re.compile(r"[A-Za-z0-9]{1,32}")


def _unknown(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "rating/verify_unknown.html", {"code": code}, status=404)


@login_not_required
@require_GET
def verify_form(request: HttpRequest) -> HttpResponse:
    """A box to type the code printed on a certificate; sends the reader to its page."""
    code = request.GET.get("code", "").strip().replace(" ", "")
    if "code" not in request.GET:
        return render(request, "rating/verify_form.html")
    if not _CODE.fullmatch(code):
        return _unknown(request, code)
    return redirect("verify:detail", code=code.upper())


@login_not_required
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    rating = selectors.rating_by_code(code=code)
    if rating is None:
        return _unknown(request, code)
    context = {
        **rating_statement(rating),
        "rating": rating,
        "scheme_name": scheme_name(rating.scheme),
    }
    return render(request, "rating/verify.html", context)
