"""Action plan pages: the plan of a cycle, adding and editing an action, the quick progress
form (phones), removing a planned action; the office's list of support proposals and its
CSV/XLSX exports.

Read: like the cycle (404 outside the user's scope). Write: the cycle's village must be the
user's and the cycle open (403 otherwise: a closed cycle is read-only). The proposal list:
administrators, officers, viewers, and facilitators for their villages; 403 for owners and
assessors (``selectors_actions.can_list_proposals``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.accounts.models import User
from ovop.core.exports import csv_lines, xlsx_file
from ovop.core.forms import Confirmation, add_service_errors, ask_to_confirm, run_and_redirect
from ovop.core.pagination import paginate
from ovop.core.requests import request_user
from ovop.empowerment import scope, services_actions
from ovop.empowerment import selectors_actions as selectors
from ovop.empowerment.forms_actions import ActionForm, ProgressForm, ProposalFilterForm
from ovop.empowerment.models import Action, Cycle
from ovop.empowerment.selectors_cycles import cycle_get
from ovop.empowerment.views_cycles import cycle_crumbs, writable_cycle

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def plan_url(cycle: Cycle) -> str:
    """Where the plan is shown: the cycle page's plan section."""
    return cycle.get_absolute_url() + "#action-plan"


def _writable_action(request: HttpRequest, pk: int) -> tuple[User, Action]:
    """404 outside the user's scope; 403 when readable only or the cycle is closed."""
    user = scope.require_reader(request.user)
    related = ("cycle__village__parent", "person_in_charge", "proposal")
    action = get_object_or_404(selectors.actions_for(user).select_related(*related), pk=pk)
    scope.require_change_village(user, action.cycle.village_id)
    if action.cycle.is_closed:
        raise PermissionDenied
    return user, action


def _crumbs(cycle: Cycle) -> list[tuple[str, str]]:
    return [*cycle_crumbs(cycle), (plan_url(cycle), _("Action plan"))]


@require_GET
def action_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan of cycle ``pk`` on a page of its own (printable, linked from the cycle)."""
    user = scope.require_reader(request.user)
    cycle = cycle_get(user=user, pk=pk)
    context = {
        "cycle": cycle,
        "plan": selectors.action_plan(cycle, user),
        "crumbs": cycle_crumbs(cycle),
    }
    return render(request, "empowerment/action_plan.html", context)


@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, cycle = writable_cycle(request, pk)
    form = ActionForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            action = services_actions.action_add(user=user, cycle=cycle, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Action “%(title)s” added.") % {"title": action.title})
            return redirect(plan_url(cycle))
    context = {"form": form, "cycle": cycle, "action": None, "crumbs": _crumbs(cycle)}
    return render(request, "empowerment/action_form.html", context)


@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, action = _writable_action(request, pk)
    cycle = action.cycle
    form = ActionForm(request.POST or None, cycle=cycle, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            services_actions.action_update(user=user, action=action, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes to “%(title)s” saved.") % {"title": action})
            return redirect(plan_url(cycle))
        action.refresh_from_db()
    context = {"form": form, "cycle": cycle, "action": action, "crumbs": _crumbs(cycle)}
    return render(request, "empowerment/action_form.html", context)


@require_http_methods(["GET", "POST"])
def action_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The quick form: status and percent done, one thumb on a phone."""
    user, action = _writable_action(request, pk)
    initial = {"status": action.status, "percent_done": action.percent_done}
    form = ProgressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services_actions.action_progress(user=user, action=action, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = _("“%(title)s”: %(status)s, %(percent)s %% done.") % {
                "title": saved.title,
                "status": saved.get_status_display(),
                "percent": saved.percent_done,
            }
            messages.success(request, done)
            return redirect(plan_url(action.cycle))
        action.refresh_from_db()
    context = {"form": form, "action": action, "crumbs": _crumbs(action.cycle)}
    return render(request, "empowerment/action_progress.html", context)


@require_POST
def action_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """The first POST asks to confirm; the second (``confirm``) removes."""
    user, action = _writable_action(request, pk)
    back = plan_url(action.cycle)
    _reason, page = ask_to_confirm(
        request,
        Confirmation(
            title=_("Remove the action “%(title)s”") % {"title": action.title},
            what=_(
                "The action leaves the plan. Only a planned action that was never proposed "
                "or carried over can be removed; its history is kept."
            ),
            cancel=back,
            crumbs=_crumbs(action.cycle),
        ),
        reason=False,
    )
    if page is not None:
        return page
    title = action.title
    return run_and_redirect(
        request,
        lambda: services_actions.action_remove(user=user, action=action),
        done=_("Action “%(title)s” removed.") % {"title": title},
        to=back,
    )


# --- proposals --------------------------------------------------------------------------------


def _proposal_filters(
    request: HttpRequest, user: User
) -> tuple[ProposalFilterForm, selectors.ProposalFilters]:
    kecamatan, villages = selectors.proposal_villages(user)
    form = ProposalFilterForm(request.GET or None, kecamatan=kecamatan, villages=villages)
    form.is_valid()
    return form, form.filters()


@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not selectors.can_list_proposals(user):
        raise PermissionDenied
    form, filters = _proposal_filters(request, user)
    proposals = selectors.proposal_list(user=user, filters=filters)
    totals = selectors.proposal_totals(proposals)
    context = {
        "form": form,
        "page_obj": paginate(request, proposals),
        "totals": totals,
        "total_count": sum(t.count for t in totals),
        "total_cost_idr": sum(t.cost_idr for t in totals),
        "export_query": request.GET.urlencode(),
    }
    return render(request, "empowerment/proposal_list.html", context)


@require_GET
def proposal_export(request: HttpRequest) -> StreamingHttpResponse:
    """The list (as filtered) as CSV for Excel: BOM, ``;``, headers in the page's language."""
    user = request_user(request)
    _form, filters = _proposal_filters(request, user)
    rows = selectors.proposal_export_rows(user=user, filters=filters)
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="support-proposals.csv"'
    return response


@require_GET
def proposal_export_xlsx(request: HttpRequest) -> FileResponse:
    user = request_user(request)
    _form, filters = _proposal_filters(request, user)
    rows = selectors.proposal_export_rows(user=user, filters=filters)
    return FileResponse(
        xlsx_file(title=_("Support proposals"), rows=rows),
        as_attachment=True,
        filename="support-proposals.xlsx",
        content_type=XLSX,
    )
