"""Adopting the efficiency's revenue figures for the budget plan: a confirmation page that
lists the figures to adopt, the types left out and why, and the figures now in force; the
confirming POST adopts them (``services_measured``). Admins and officers only (403 otherwise,
viewers included)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ovop.core.forms import ConfirmForm
from ovop.evaluation import scope, selectors, services_measured
from ovop.evaluation.efficiency import programme_efficiency
from ovop.planning.models import MeasuredBenefit
from ovop.planning.selectors_measured import current_figures, type_labels


def _adopted(rows: list[MeasuredBenefit]) -> str:
    return _(
        "Adopted for the budget plan: %(types)s. Scenarios with the measured basis use them "
        "from their next run."
    ) % {"types": ", ".join(type_labels(row.activity_type for row in rows))}


@require_http_methods(["GET", "POST"])
def efficiency_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_manager(request.user)
    programme = selectors.programme_get(user=user, pk=pk)
    back = reverse("evaluation:efficiency", args=[programme.pk])
    form = ConfirmForm(request.POST if request.method == "POST" else None, reason=False)
    if form.confirmed():
        try:
            rows = services_measured.measured_adopt(user=user, programme=programme)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _adopted(rows))
        return redirect(back)
    adoption = services_measured.adoption_of(programme_efficiency(user=user, programme=programme))
    context = {
        "form": form,
        "programme": programme,
        "adoption": adoption,
        "current": current_figures(),
        "back": back,
        "crumbs": [
            (reverse("evaluation:home"), _("Evaluation")),
            (reverse("evaluation:programme", args=[programme.pk]), programme.name),
            (back, _("Efficiency")),
        ],
    }
    return render(request, "evaluation/efficiency_adopt.html", context)
