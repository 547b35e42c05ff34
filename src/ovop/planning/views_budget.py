"""Pages of a year's budget sources: list, record, edit, archive, restore, history.

Read by those who see the plan (planners, viewers, facilitators; 403 otherwise); changed by
planners only (403). The price list pages live in ``views_prices``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
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
from ovop.planning import scope, services_sources
from ovop.planning.choices import DEFAULT_TYPES, ActivityType
from ovop.planning.forms_budget import SourceFilterForm, SourceForm
from ovop.planning.models import FiscalYear, Source
from ovop.planning.selectors_budget import (
    ACTIVE,
    closed_note,
    require_plan_reader,
    source_get,
    source_history,
    source_list,
    year_get,
)
from ovop.planning.views_years import year_crumbs


def source_crumbs(year: FiscalYear) -> list[tuple[str, str]]:
    return [
        *year_crumbs(year),
        (reverse("planning:source_list", args=[year.year]), _("Sources")),
    ]


def _writable(request: HttpRequest, pk: int) -> tuple[User, Source]:
    """404 for no such source; 403 unless the user plans."""
    user = scope.require_planner(request.user)
    return user, source_get(pk=pk)


def _defaults() -> list[tuple[str, str]]:
    """(kind label, default types) for the note on the form."""
    labels = dict(ActivityType.choices)
    return [
        (
            str(label),
            ", ".join(str(labels[t]) for t in DEFAULT_TYPES.get(kind, ())) or _("any type"),
        )
        for kind, label in Source._meta.get_field("kind").choices or []
    ]


@require_GET
def source_list_page(request: HttpRequest, year: int) -> HttpResponse:
    user = require_plan_reader(request.user)
    fiscal_year = year_get(year=year)
    form = SourceFilterForm(request.GET or None)
    form.is_valid()
    status = getattr(form, "cleaned_data", {}).get("status") or ACTIVE
    sources = list(source_list(year=fiscal_year, status=status))
    context = {
        "fy": fiscal_year,
        "form": form,
        "sources": sources,
        "total_idr": sum(s.ceiling_idr for s in sources if s.archived_at is None),
        "type_labels": dict(ActivityType.choices),
        "can_plan": scope.can_plan(user),
        "closed_note": closed_note(fiscal_year),
        "crumbs": year_crumbs(fiscal_year),
    }
    return render(request, "planning/source_list.html", context)


def _form_page(
    request: HttpRequest, form: SourceForm, fiscal_year: FiscalYear, source: Source | None
) -> HttpResponse:
    context = {
        "form": form,
        "fy": fiscal_year,
        "source": source,
        "defaults": _defaults(),
        "crumbs": source_crumbs(fiscal_year),
    }
    return render(request, "planning/source_form.html", context)


@require_http_methods(["GET", "POST"])
def source_create(request: HttpRequest, year: int) -> HttpResponse:
    user = scope.require_planner(request.user)
    fiscal_year = year_get(year=year)
    form = SourceForm(request.POST or None, year=fiscal_year)
    if request.method == "POST" and form.is_valid():
        try:
            source = services_sources.source_create(
                user=user, year=fiscal_year, **form.service_kwargs(new=True)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Source “%(name)s” recorded.") % {"name": source.name})
            return redirect("planning:source_list", year)
    return _form_page(request, form, fiscal_year, None)


@require_http_methods(["GET", "POST"])
def source_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, source = _writable(request, pk)
    fiscal_year = source.fiscal_year
    initial = SourceForm.initial_for(source)
    form = SourceForm(request.POST or None, year=fiscal_year, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_sources.source_update(
                user=user, source=source, **form.service_kwargs(new=False)
            )
        except ValidationError as error:
            add_service_errors(form, error)
            source.refresh_from_db()
        else:
            messages.success(request, _("Source “%(name)s” saved.") % {"name": source.name})
            return redirect("planning:source_list", fiscal_year.year)
    return _form_page(request, form, fiscal_year, source)


@require_POST
def source_archive(request: HttpRequest, pk: int) -> HttpResponse:
    user, source = _writable(request, pk)
    back = reverse("planning:source_list", args=[source.fiscal_year.year])
    reason, page = ask_to_confirm(
        request,
        Confirmation(
            title=_("Archive %(name)s") % {"name": source.name},
            what=_("The source leaves the year's budget: its ceiling no longer counts."),
            warning=archive_warning(),
            cancel=back,
            crumbs=source_crumbs(source.fiscal_year),
        ),
    )
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: services_sources.source_archive(user=user, source=source, reason=reason),
        done=_("Source “%(name)s” archived.") % {"name": source.name},
        to=back,
    )


@require_POST
def source_restore(request: HttpRequest, pk: int) -> HttpResponse:
    user, source = _writable(request, pk)
    back = reverse("planning:source_list", args=[source.fiscal_year.year])
    return run_and_redirect(
        request,
        lambda: services_sources.source_restore(user=user, source=source),
        done=_("Source “%(name)s” restored.") % {"name": source.name},
        to=back,
    )


@require_GET
def source_history_page(request: HttpRequest, pk: int) -> HttpResponse:
    require_plan_reader(request.user)
    source = source_get(pk=pk)
    return history_page(
        request,
        title=_("History of %(name)s") % {"name": source.name},
        crumbs=source_crumbs(source.fiscal_year),
        back=reverse("planning:source_list", args=[source.fiscal_year.year]),
        back_text=_("Back to the sources"),
        entries=source_history(source=source),
    )
