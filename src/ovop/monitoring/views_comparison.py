"""The comparison-group page of a round: the offer with its balance table, and accepting it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from ovop.core.forms import CleanTextMixin, run_and_redirect
from ovop.monitoring import scope, services_comparison
from ovop.monitoring.selectors_rounds import round_get
from ovop.monitoring.views_rounds import round_crumbs


class OfferForm(CleanTextMixin, forms.Form):
    ratio = forms.IntegerField(
        label=gettext_lazy("Comparison enterprises per participant"),
        min_value=1,
        max_value=services_comparison.MAX_RATIO,
        initial=1,
    )
    caliper = forms.FloatField(
        label=gettext_lazy("Largest distance accepted"),
        required=False,
        min_value=0.01,
        max_value=100,
        help_text=gettext_lazy(
            "Empty: no limit. A participant whose nearest enterprise is "
            "farther stays without a match."
        ),
    )


@require_http_methods(["GET", "POST"])
def comparison(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_manager(request.user)
    round_ = round_get(user=user, pk=pk)
    form = OfferForm(request.POST if request.method == "POST" else (request.GET or None))
    offer = None
    error = ""
    if form.is_bound and form.is_valid():
        ratio, caliper = form.cleaned_data["ratio"], form.cleaned_data["caliper"]
        if request.method == "POST":
            return run_and_redirect(
                request,
                lambda: services_comparison.comparison_accept(
                    user=user, round_=round_, ratio=ratio, caliper=caliper
                ),
                done=lambda n: _("%(n)s comparison enterprises added to the round.") % {"n": n},
                to=reverse("monitoring:round", args=[round_.pk]) + "?arm=comparison",
                refused_to=reverse("monitoring:comparison", args=[round_.pk]),
            )
        try:
            offer = services_comparison.comparison_offer(
                round_=round_, ratio=ratio, caliper=caliper
            )
        except ValidationError as refused:
            error = " ".join(refused.messages)
    context = {
        "round": round_,
        "form": form,
        "offer": offer,
        "summary": services_comparison.offer_summary(offer) if offer else None,
        "error": error,
        "crumbs": round_crumbs(round_),
    }
    return render(request, "monitoring/comparison.html", context)
