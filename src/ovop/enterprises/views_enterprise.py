"""Enterprise pages: list, CSV export, detail, create, edit, archive, restore, history.

A record outside the user's scope answers 404 (its existence is not revealed); a record the user
may see but not change answers 403 to any attempt to change it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.core.forms import add_service_errors
from ovop.enterprises import scope, selectors, services
from ovop.enterprises.forms import EnterpriseFilterForm, EnterpriseForm
from ovop.enterprises.selectors_history import record_history
from ovop.enterprises.views import (
    RECENT_CHANGES,
    form_data,
    paginate,
    request_user,
    run_and_return,
)

#: A cell a spreadsheet would run as a formula ("+62…" phone numbers are left alone).
_FORMULA = re.compile(r"^(?:[=@\t\r]|[+-](?!\d))")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _safe(cell: str) -> str:
    return "'" + cell if _FORMULA.match(cell) else cell


@require_GET
def enterprise_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = EnterpriseFilterForm(request.GET or None)
    form.is_valid()
    page_obj = paginate(request, selectors.enterprise_list(user=user, filters=form.filters()))
    context = {
        "form": form,
        "page_obj": page_obj,
        "show_private": any(getattr(e, "show_private", False) for e in page_obj),
        "can_create": scope.can_create_enterprise(user),
        "export_query": request.GET.urlencode(),
    }
    return render(request, "enterprises/enterprise_list.html", context)


@require_GET
def enterprise_export(request: HttpRequest) -> StreamingHttpResponse:
    user = request_user(request)
    form = EnterpriseFilterForm(request.GET or None)
    form.is_valid()
    rows = selectors.enterprise_export_rows(user=user, filters=form.filters())
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        for row in rows:
            yield writer.writerow([_safe(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="enterprises.csv"'
    return response


@require_GET
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    enterprise = get_object_or_404(selectors.enterprises_for(user), pk=pk)
    detail = selectors.enterprise_detail(user=user, enterprise=enterprise)
    hidden = () if detail.show_private else scope.PRIVATE_FIELDS
    context = {
        "d": detail,
        "obj": enterprise,
        "recent": record_history(obj=enterprise, hidden=hidden, limit=RECENT_CHANGES),
    }
    return render(request, "enterprises/enterprise_detail.html", context)


@require_http_methods(["GET", "POST"])
def enterprise_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not scope.can_create_enterprise(user):
        raise PermissionDenied
    form = EnterpriseForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.enterprise_create(user=user, data=form_data(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Enterprise %(name)s registered.") % {"name": enterprise})
            return redirect(enterprise)
    return render(request, "enterprises/enterprise_form.html", {"form": form, "obj": None})


@require_http_methods(["GET", "POST"])
def enterprise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    enterprise = get_object_or_404(selectors.enterprises_for(user), pk=pk)
    scope.require_change(user, enterprise)
    form = EnterpriseForm(request.POST or None, instance=enterprise, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.enterprise_update(
                user=user, enterprise=enterprise, data=form_data(form)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes to %(name)s saved.") % {"name": saved})
            return redirect(saved)
    original = get_object_or_404(selectors.enterprises_for(user), pk=pk)
    return render(request, "enterprises/enterprise_form.html", {"form": form, "obj": original})


@require_POST
def enterprise_archive(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    enterprise = get_object_or_404(selectors.enterprises_for(user), pk=pk)
    scope.require_change(user, enterprise)
    return run_and_return(
        request,
        enterprise,
        lambda: services.enterprise_archive(user=user, enterprise=enterprise),
        _("%(name)s archived. It can be restored at any time.") % {"name": enterprise},
    )


@require_POST
def enterprise_restore(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    enterprise = get_object_or_404(selectors.enterprises_for(user), pk=pk)
    scope.require_change(user, enterprise)
    return run_and_return(
        request,
        enterprise,
        lambda: services.enterprise_restore(user=user, enterprise=enterprise),
        _("%(name)s restored.") % {"name": enterprise},
    )


@require_GET
def enterprise_history(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    enterprise = get_object_or_404(selectors.enterprises_for(user), pk=pk)
    private = bool(getattr(enterprise, "show_private", False))
    entries = record_history(obj=enterprise, hidden=() if private else scope.PRIVATE_FIELDS)
    context = {
        "obj": enterprise,
        "entries": entries,
        "title": _("History of %(name)s") % {"name": enterprise},
        "label": enterprise.name,
        "back": enterprise.get_absolute_url(),
    }
    return render(request, "enterprises/history.html", context)
