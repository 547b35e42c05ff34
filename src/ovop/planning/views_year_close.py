"""Closing a fiscal year (planners): a page that lists what will be locked — the activities
still open and the money not absorbed — and asks to confirm. Reopening is not offered."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ovop.core.forms import ConfirmForm
from ovop.planning import scope, selectors_delivery, services_year_close
from ovop.planning.models import FiscalYear


@require_http_methods(["GET", "POST"])
def year_close(request: HttpRequest, year: int) -> HttpResponse:
    user = scope.require_planner(request.user)
    fiscal_year = get_object_or_404(FiscalYear, year=year)
    back = reverse("planning:activity_list") + f"?year={fiscal_year.year}"
    form = ConfirmForm(request.POST if request.method == "POST" else None, reason=False)
    if form.confirmed():
        try:
            services_year_close.year_close(year=fiscal_year, user=user, confirm=True)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Fiscal year %(year)s is closed.") % {"year": fiscal_year.year}
            )
        return redirect(back)
    context = {
        "form": form,
        "year": fiscal_year,
        "summary": selectors_delivery.close_summary(fiscal_year),
        "back": back,
        "crumbs": [(back, _("Activities"))],
    }
    return render(request, "planning/year_close.html", context)
