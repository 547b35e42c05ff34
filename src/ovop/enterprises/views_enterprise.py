"""Enterprise pages: list, CSV and XLSX export, detail, create, edit, archive, restore, history.

A record outside the user's scope answers 404 (its existence is not revealed); a record the user
may see but not change answers 403 to any attempt to change it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.core.exports import csv_lines, xlsx_file
from ovop.core.forms import (
    Confirmation,
    add_service_errors,
    archive_warning,
    ask_to_confirm,
    run_and_redirect,
)
from ovop.core.history import history_page
from ovop.core.pagination import paginate
from ovop.core.requests import request_user
from ovop.core.sorting import SORT_PARAM, Sort, parse_sort, sort_choices, sort_links
from ovop.enterprises import scope, selectors, services
from ovop.enterprises.forms import EnterpriseFilterForm, EnterpriseForm
from ovop.enterprises.selectors_history import record_history
from ovop.enterprises.views import RECENT_CHANGES, form_data

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _asked(request: HttpRequest) -> tuple[EnterpriseFilterForm, Sort]:
    """The filter form (validated: invalid values are dropped) and the order asked for."""
    form = EnterpriseFilterForm(request.GET or None)
    form.is_valid()
    sort = parse_sort(
        request.GET.get(SORT_PARAM), selectors.ENTERPRISE_SORTS, selectors.DEFAULT_SORT
    )
    return form, sort


@require_GET
def enterprise_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form, sort = _asked(request)
    qs = selectors.enterprise_list(user=user, filters=form.filters(), sort=sort)
    page_obj = paginate(request, qs)
    context = {
        "form": form,
        "page_obj": page_obj,
        "show_private": any(getattr(e, "show_private", False) for e in page_obj),
        "can_create": scope.can_create_enterprise(user),
        "export_query": request.GET.urlencode(),
        "sort": sort,
        "sort_links": sort_links(request.GET, selectors.ENTERPRISE_SORTS, sort),
        "sort_choices": sort_choices(
            {
                "name": _("Business name"),
                "owner": _("Owner"),
                "village": _("Village"),
                "kecamatan": _("Kecamatan"),
                "workers": _("Workers"),
                "products": _("Products"),
            }
        ),
    }
    return render(request, "enterprises/enterprise_list.html", context)


@require_GET
def enterprise_export(request: HttpRequest) -> StreamingHttpResponse:
    """The list as CSV for Excel; every user who sees the list may take it (its own rows)."""
    form, sort = _asked(request)
    rows = selectors.enterprise_export_rows(
        user=request_user(request), filters=form.filters(), sort=sort
    )
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="enterprises.csv"'
    return response


@require_GET
def enterprise_export_xlsx(request: HttpRequest) -> FileResponse:
    """The list as an XLSX workbook: the same rows and columns as the CSV."""
    form, sort = _asked(request)
    rows = selectors.enterprise_export_rows(
        user=request_user(request), filters=form.filters(), sort=sort
    )
    return FileResponse(
        xlsx_file(title=_("Enterprises"), rows=rows),
        as_attachment=True,
        filename="enterprises.xlsx",
        content_type=XLSX,
    )


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
        "can_archive": scope.can_archive_enterprise(user, enterprise),
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
            data = form_data(form)
            confirm = bool(data.pop("confirm_distinct", False))
            enterprise = services.enterprise_create(user=user, data=data, confirm_distinct=confirm)
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
    """The first POST asks to confirm, with a reason; the second (``confirm``) archives."""
    user = request_user(request)
    enterprise = get_object_or_404(selectors.enterprises_for(user), pk=pk)
    scope.require_archive(user, enterprise)
    back = enterprise.get_absolute_url()
    reason, page = ask_to_confirm(
        request,
        Confirmation(
            title=_("Archive %(name)s") % {"name": enterprise.name},
            what=_(
                "%(name)s will be archived: it leaves the lists, and no product or "
                "certificate can be added to it."
            )
            % {"name": enterprise.name},
            warning=archive_warning(),
            cancel=back,
            crumbs=[(reverse("enterprises:list"), _("Enterprises")), (back, enterprise.name)],
        ),
    )
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: services.enterprise_archive(user=user, enterprise=enterprise, reason=reason),
        done=_("%(name)s archived. It can be restored at any time.") % {"name": enterprise},
        to=enterprise,
    )


@require_POST
def enterprise_restore(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    enterprise = get_object_or_404(selectors.enterprises_for(user), pk=pk)
    scope.require_archive(user, enterprise)
    return run_and_redirect(
        request,
        lambda: services.enterprise_restore(user=user, enterprise=enterprise),
        done=_("%(name)s restored.") % {"name": enterprise},
        to=enterprise,
    )


@require_GET
def enterprise_history(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    enterprise = get_object_or_404(selectors.enterprises_for(user), pk=pk)
    private = bool(getattr(enterprise, "show_private", False))
    entries = record_history(obj=enterprise, hidden=() if private else scope.PRIVATE_FIELDS)
    back = enterprise.get_absolute_url()
    return history_page(
        request,
        title=_("History of %(name)s") % {"name": enterprise},
        crumbs=[(reverse("enterprises:list"), _("Enterprises")), (back, enterprise.name)],
        back=back,
        entries=entries,
    )
