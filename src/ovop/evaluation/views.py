"""Pages of the evaluation: the programmes, a programme's estimates for every indicator its
rounds ask, one indicator's impact page, the programme's efficiency, the evaluation settings,
and one indicator's impact over every programme at once. Readers: admins,
officers and viewers (403 otherwise); the settings are changed by admins and officers, who also
adopt the efficiency's revenue figures for the budget plan (``views_measured``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ovop.core.forms import add_service_errors
from ovop.evaluation import (
    effectiveness,
    presenting,
    presenting_efficiency,
    scope,
    selectors,
    services,
    services_measured,
)
from ovop.evaluation.efficiency import programme_efficiency, programme_years
from ovop.evaluation.forms import BAND_FIELDS, SettingsForm
from ovop.evaluation.report_parts import report_language, years_offered
from ovop.evaluation.sentences import impact_sentence
from ovop.programme.models import Programme


def _crumbs(programme: Programme | None = None) -> list[tuple[str, str]]:
    crumbs = [(reverse("evaluation:home"), _("Evaluation"))]
    if programme is not None:
        crumbs.append((reverse("evaluation:programme", args=[programme.pk]), programme.name))
    return crumbs


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = scope.require_reader(request.user)
    found = list(selectors.programmes(user=user)[:50])
    if len(found) == 1:
        return redirect("evaluation:programme", found[0].pk)
    pooled = list(selectors.indicators_measured()) if selectors.several_programmes() else []
    return render(request, "evaluation/home.html", {"programmes": found, "pooled": pooled})


@require_GET
def programme_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_reader(request.user)
    programme = selectors.programme_get(user=user, pk=pk)
    rows = [
        (result, presenting.headline_row(result), impact_sentence(result))
        for result in selectors.impacts(user=user, programme=programme)
    ]
    settings = services.settings_of(programme)
    limits = settings.band_limits_pct
    years = programme_years(user=user, programme=programme)
    context = {
        "programme": programme,
        "rows": rows,
        "settings": settings,
        "targets": effectiveness.programme_targets(programme, limits),
        "band_limits": limits,
        "default_bands": limits == effectiveness.DEFAULT_LIMITS,
        "can_manage": user.manages,
        "crumbs": _crumbs(),
        "years": years,
        "year_rows": presenting_efficiency.year_rows(years),
        "report_years": years_offered(programme),
        "report_language": report_language(translation.get_language()),
    }
    return render(request, "evaluation/programme.html", context)


@require_GET
def efficiency_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_reader(request.user)
    programme = selectors.programme_get(user=user, pk=pk)
    result = programme_efficiency(user=user, programme=programme)
    context = {
        "programme": programme,
        "result": result,
        "years": result.years,
        "year_rows": presenting_efficiency.year_rows(result.years),
        "outcome_tables": presenting_efficiency.outcome_tables(result),
        "adoption": services_measured.adoption_of(result),
        "can_manage": user.manages,
        "crumbs": _crumbs(programme),
    }
    return render(request, "evaluation/efficiency.html", context)


@require_GET
def indicator_page(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    user = scope.require_reader(request.user)
    programme = selectors.programme_get(user=user, pk=pk)
    result = selectors.impact_get(user=user, programme=programme, code=code)
    context = {
        "programme": programme,
        "result": result,
        "sentence": impact_sentence(result),
        "estimates": presenting.estimate_rows(result),
        "means": presenting.means_rows(result, result.asked),
        "events": presenting.event_rows(result),
        "means_chart": presenting.means_chart(result),
        "event_chart": presenting.event_chart(result),
        "subgroups": presenting.subgroup_views(result),
        "can_manage": user.manages,
        "crumbs": _crumbs(programme),
        "pooled": selectors.several_programmes(),
    }
    return render(request, "evaluation/indicator.html", context)


@require_GET
def pooled_page(request: HttpRequest, code: str) -> HttpResponse:
    """One indicator's impact over every programme at once (``pooled``)."""
    user = scope.require_reader(request.user)
    result = selectors.pooled_get(user=user, code=code)
    context = {
        "result": result,
        "sentence": impact_sentence(result),
        "estimates": presenting.staggered_rows(result),
        "means": presenting.means_rows(result),
        "events": presenting.event_rows(result),
        "means_chart": presenting.means_chart(result),
        "event_chart": presenting.event_chart(result),
        "crumbs": _crumbs(),
    }
    return render(request, "evaluation/pooled.html", context)


@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_manager(request.user)
    programme = selectors.programme_get(user=user, pk=pk)
    current = services.settings_of(programme)
    initial = {"effect_lag_years": current.effect_lag_years}
    initial |= {name: getattr(current, name) for name in BAND_FIELDS}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        lag = form.cleaned_data["effect_lag_years"]
        try:
            services.settings_update(
                user=user,
                programme=programme,
                effect_lag_years=lag,
                band_limits_pct=form.band_limits(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved: the estimates use the new setting."))
            return redirect("evaluation:programme", programme.pk)
    status = 400 if request.method == "POST" else 200
    context = {"programme": programme, "form": form, "crumbs": _crumbs(programme)}
    return render(request, "evaluation/settings.html", context, status=status)
