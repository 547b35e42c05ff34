"""Pages of a year's price list (Standar Satuan Harga): list with search, record, edit,
archive, restore, history; import from a spreadsheet (with a dry run) and export (CSV, XLSX).

Read by those who see the plan (403 otherwise); changed by planners only (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.accounts.models import User
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
from ovop.planning import scope, services_prices
from ovop.planning.forms_budget import PriceImportForm, PriceItemForm, PriceSearchForm
from ovop.planning.models import FiscalYear, PriceItem
from ovop.planning.selectors_budget import (
    closed_note,
    price_export_rows,
    price_history,
    price_item_get,
    price_list,
    require_plan_reader,
    year_get,
)
from ovop.planning.services_prices_import import PriceImport, price_items_import
from ovop.planning.views_years import year_crumbs

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def price_crumbs(year: FiscalYear) -> list[tuple[str, str]]:
    return [*year_crumbs(year), (reverse("planning:price_list", args=[year.year]), _("Price list"))]


def _writable(request: HttpRequest, pk: int) -> tuple[User, PriceItem]:
    user = scope.require_planner(request.user)
    return user, price_item_get(pk=pk)


def _search(request: HttpRequest) -> tuple[PriceSearchForm, str, str]:
    form = PriceSearchForm(request.GET or None)
    form.is_valid()
    q, status = form.values()
    return form, q, status


@require_GET
def price_list_page(request: HttpRequest, year: int) -> HttpResponse:
    user = require_plan_reader(request.user)
    fiscal_year = year_get(year=year)
    form, q, status = _search(request)
    context = {
        "fy": fiscal_year,
        "form": form,
        "page_obj": paginate(request, price_list(year=fiscal_year, q=q, status=status)),
        "export_query": request.GET.urlencode(),
        "can_plan": scope.can_plan(user),
        "closed_note": closed_note(fiscal_year),
        "crumbs": year_crumbs(fiscal_year),
    }
    return render(request, "planning/price_list.html", context)


def _form_page(
    request: HttpRequest, form: PriceItemForm, fiscal_year: FiscalYear, item: PriceItem | None
) -> HttpResponse:
    context = {"form": form, "fy": fiscal_year, "item": item, "crumbs": price_crumbs(fiscal_year)}
    return render(request, "planning/price_form.html", context)


@require_http_methods(["GET", "POST"])
def price_create(request: HttpRequest, year: int) -> HttpResponse:
    user = scope.require_planner(request.user)
    fiscal_year = year_get(year=year)
    form = PriceItemForm(request.POST or None, year=fiscal_year)
    if request.method == "POST" and form.is_valid():
        try:
            item = services_prices.price_item_create(
                user=user, year=fiscal_year, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Item %(code)s added.") % {"code": item.code})
            return redirect("planning:price_list", year)
    return _form_page(request, form, fiscal_year, None)


@require_http_methods(["GET", "POST"])
def price_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, item = _writable(request, pk)
    fiscal_year = item.fiscal_year
    initial = PriceItemForm.initial_for(item)
    form = PriceItemForm(request.POST or None, year=fiscal_year, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_prices.price_item_update(user=user, item=item, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            item.refresh_from_db()
        else:
            messages.success(request, _("Item %(code)s saved.") % {"code": item.code})
            return redirect("planning:price_list", fiscal_year.year)
    return _form_page(request, form, fiscal_year, item)


@require_POST
def price_archive(request: HttpRequest, pk: int) -> HttpResponse:
    user, item = _writable(request, pk)
    back = reverse("planning:price_list", args=[item.fiscal_year.year])
    reason, page = ask_to_confirm(
        request,
        Confirmation(
            title=_("Archive %(item)s") % {"item": item},
            what=_("The item leaves the price list; proposals that used it keep their cost."),
            warning=archive_warning(),
            cancel=back,
            crumbs=price_crumbs(item.fiscal_year),
        ),
    )
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: services_prices.price_item_archive(user=user, item=item, reason=reason),
        done=_("Item %(code)s archived.") % {"code": item.code},
        to=back,
    )


@require_POST
def price_restore(request: HttpRequest, pk: int) -> HttpResponse:
    user, item = _writable(request, pk)
    return run_and_redirect(
        request,
        lambda: services_prices.price_item_restore(user=user, item=item),
        done=_("Item %(code)s restored.") % {"code": item.code},
        to=reverse("planning:price_list", args=[item.fiscal_year.year]),
    )


@require_GET
def price_history_page(request: HttpRequest, pk: int) -> HttpResponse:
    require_plan_reader(request.user)
    item = price_item_get(pk=pk)
    return history_page(
        request,
        title=_("History of %(item)s") % {"item": item},
        crumbs=price_crumbs(item.fiscal_year),
        back=reverse("planning:price_list", args=[item.fiscal_year.year]),
        back_text=_("Back to the price list"),
        entries=price_history(item=item),
    )


def _imported(request: HttpRequest, report: PriceImport) -> None:
    messages.success(
        request,
        _("Price list imported: %(new)s new items, %(updated)s updated.")
        % {"new": report.new, "updated": report.updated},
    )


@require_http_methods(["GET", "POST"])
def price_import(request: HttpRequest, year: int) -> HttpResponse:
    """Check the file (``dry_run``) or import it; either way every bad row is listed."""
    user = scope.require_planner(request.user)
    fiscal_year = year_get(year=year)
    form = PriceImportForm(request.POST or None, request.FILES or None, year=fiscal_year)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = price_items_import(
                user=user,
                year=fiscal_year,
                upload=upload,
                name=upload.name or "",
                dry_run="dry_run" in request.POST,
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if report.done:
                _imported(request, report)
                return redirect("planning:price_list", year)
    context = {
        "form": form,
        "fy": fiscal_year,
        "report": report,
        "crumbs": price_crumbs(fiscal_year),
    }
    return render(request, "planning/price_import.html", context)


@require_GET
def price_export_csv(request: HttpRequest, year: int) -> StreamingHttpResponse:
    require_plan_reader(request.user)
    fiscal_year = year_get(year=year)
    _form, q, _status = _search(request)
    rows = price_export_rows(year=fiscal_year, q=q)
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="price-list-{year}.csv"'
    return response


@require_GET
def price_export_xlsx(request: HttpRequest, year: int) -> FileResponse:
    require_plan_reader(request.user)
    fiscal_year = year_get(year=year)
    _form, q, _status = _search(request)
    return FileResponse(
        xlsx_file(
            title=_("Price list %(year)s") % {"year": year},
            rows=price_export_rows(year=fiscal_year, q=q),
        ),
        as_attachment=True,
        filename=f"price-list-{year}.xlsx",
        content_type=XLSX,
    )
