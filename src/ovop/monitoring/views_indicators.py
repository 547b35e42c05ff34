"""Pages of the indicator library and of targets: list, record with its targets, create, edit,
archive, restore, history; set and remove a target, and the targets' history.

Read by everyone but assessors (403) and visitors not signed in (sent to log in); changed by
administrators and officers only (403), through ``services_indicators``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.accounts.models import User
from ovop.core.forms import (
    Confirmation,
    add_service_errors,
    archive_warning,
    ask_to_confirm,
    run_and_redirect,
)
from ovop.core.history import history_page
from ovop.monitoring import scope, services_indicators
from ovop.monitoring.choices import ValueType
from ovop.monitoring.forms_indicators import IndicatorFilterForm, IndicatorForm, TargetForm
from ovop.monitoring.models import Indicator
from ovop.monitoring.selectors_indicators import (
    indicator_get,
    indicator_groups,
    indicator_history,
    number_text,
    range_text,
    target_get,
    target_history,
    target_rows,
)


def library_crumbs() -> list[tuple[str, str]]:
    return [(reverse("monitoring:indicator_list"), _("Indicators"))]


def indicator_crumbs(indicator: Indicator) -> list[tuple[str, str]]:
    return [
        *library_crumbs(),
        (reverse("monitoring:indicator", args=[indicator.pk]), indicator.code),
    ]


def _writable(request: HttpRequest, pk: int) -> tuple[User, Indicator]:
    """403 unless the user manages indicators; then 404 for no such indicator."""
    user = scope.require_manager(request.user)
    return user, indicator_get(pk=pk)


def takes_targets(indicator: Indicator) -> bool:
    return indicator.archived_at is None and indicator.value_type != ValueType.CHOICE


@require_GET
def indicator_list_page(request: HttpRequest) -> HttpResponse:
    user = scope.require_reader(request.user)
    form = IndicatorFilterForm(request.GET or None)
    form.is_valid()
    domain, status = form.values()
    context = {
        "form": form,
        "groups": indicator_groups(domain=domain, status=status),
        "can_change": user.manages,
    }
    return render(request, "monitoring/indicator_list.html", context)


def _shown_form(user: User, indicator: Indicator, form: TargetForm | None) -> TargetForm | None:
    """The target form for a manager; a refused one is shown with its errors even when the
    indicator takes no target any more (archived meanwhile), so that the refusal is seen."""
    if not user.manages or form is None:
        return None
    return form if form.is_bound or takes_targets(indicator) else None


def _detail_page(
    request: HttpRequest, user: User, indicator: Indicator, target_form: TargetForm | None
) -> HttpResponse:
    can_change = user.manages
    context = {
        "indicator": indicator,
        "range": range_text(indicator),
        "rows": target_rows(indicator=indicator),
        "can_change": can_change,
        "target_form": _shown_form(user, indicator, target_form),
        "crumbs": library_crumbs(),
    }
    return render(request, "monitoring/indicator_detail.html", context)


@require_GET
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_reader(request.user)
    indicator = indicator_get(pk=pk)
    form = TargetForm() if user.manages and takes_targets(indicator) else None
    return _detail_page(request, user, indicator, form)


def _form_page(
    request: HttpRequest, form: IndicatorForm, indicator: Indicator | None
) -> HttpResponse:
    context = {
        "form": form,
        "indicator": indicator,
        "crumbs": indicator_crumbs(indicator) if indicator is not None else library_crumbs(),
    }
    return render(request, "monitoring/indicator_form.html", context)


@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest) -> HttpResponse:
    user = scope.require_manager(request.user)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services_indicators.indicator_create(user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Indicator “%(code)s” recorded.") % {"code": indicator.code}
            )
            return redirect("monitoring:indicator", indicator.pk)
    return _form_page(request, form, None)


@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, indicator = _writable(request, pk)
    form = IndicatorForm(request.POST or None, initial=IndicatorForm.initial_for(indicator))
    if request.method == "POST" and form.is_valid():
        try:
            services_indicators.indicator_update(
                user=user, indicator=indicator, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Indicator “%(code)s” saved.") % {"code": indicator.code})
            return redirect("monitoring:indicator", indicator.pk)
    return _form_page(request, form, indicator)


@require_POST
def indicator_archive(request: HttpRequest, pk: int) -> HttpResponse:
    user, indicator = _writable(request, pk)
    back = reverse("monitoring:indicator", args=[pk])
    reason, page = ask_to_confirm(
        request,
        Confirmation(
            title=_("Archive %(code)s") % {"code": indicator.code},
            what=_("New rounds no longer offer “%(name)s”; its stored values and targets stay.")
            % {"name": indicator.name},
            warning=archive_warning(),
            cancel=back,
            crumbs=indicator_crumbs(indicator),
        ),
    )
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: services_indicators.indicator_archive(
            user=user, indicator=indicator, reason=reason
        ),
        done=_("Indicator “%(code)s” archived.") % {"code": indicator.code},
        to=back,
    )


@require_POST
def indicator_restore(request: HttpRequest, pk: int) -> HttpResponse:
    user, indicator = _writable(request, pk)
    return run_and_redirect(
        request,
        lambda: services_indicators.indicator_restore(user=user, indicator=indicator),
        done=_("Indicator “%(code)s” restored.") % {"code": indicator.code},
        to=reverse("monitoring:indicator", args=[pk]),
    )


@require_GET
def indicator_history_page(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require_reader(request.user)
    indicator = indicator_get(pk=pk)
    return history_page(
        request,
        title=_("History of %(code)s") % {"code": indicator.code},
        crumbs=indicator_crumbs(indicator),
        back=reverse("monitoring:indicator", args=[pk]),
        back_text=_("Back to the indicator"),
        entries=indicator_history(indicator=indicator),
    )


# --- targets ----------------------------------------------------------------------------------


@require_POST
def target_set(request: HttpRequest, pk: int) -> HttpResponse:
    user, indicator = _writable(request, pk)
    form = TargetForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services_indicators.target_set(user=user, indicator=indicator, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            words = {
                "region": data["region"].name,
                "year": data["year"],
                "value": number_text(data["target_value"]),
            }
            messages.success(request, _("Target for %(region)s in %(year)s: %(value)s.") % words)
            return redirect(reverse("monitoring:indicator", args=[pk]) + "#targets")
    return _detail_page(request, user, indicator, form)


@require_POST
def target_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_manager(request.user)
    target = target_get(pk=pk)
    indicator = target.indicator
    back = reverse("monitoring:indicator", args=[indicator.pk]) + "#targets"
    words = {"region": target.region.name, "year": target.year, "name": indicator.name}
    reason, page = ask_to_confirm(
        request,
        Confirmation(
            title=_("Remove the target for %(region)s in %(year)s") % words,
            what=_(
                "The target of “%(name)s” for %(region)s in %(year)s is deleted; the targets' "
                "history keeps what it was."
            )
            % words,
            button=pgettext("target", "Remove"),
            cancel=back,
            crumbs=indicator_crumbs(indicator),
        ),
    )
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: services_indicators.target_remove(user=user, target=target, reason=reason),
        done=_("Target for %(region)s in %(year)s removed.") % words,
        to=back,
    )


def _target_id(request: HttpRequest) -> int | None:
    text = request.GET.get("target", "")
    return int(text) if text.isdigit() and len(text) < 12 else None


@require_GET
def target_history_page(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require_reader(request.user)
    indicator = indicator_get(pk=pk)
    return history_page(
        request,
        title=_("History of the targets of %(code)s") % {"code": indicator.code},
        crumbs=indicator_crumbs(indicator),
        back=reverse("monitoring:indicator", args=[pk]) + "#targets",
        back_text=_("Back to the indicator"),
        entries=target_history(indicator=indicator, target_id=_target_id(request)),
    )
