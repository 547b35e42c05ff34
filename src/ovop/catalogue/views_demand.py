"""The signed-in pages of demand: buyers' inquiries (owners see their own, officers and viewers
all), an inquiry's outcome and the erasure of its personal data, and the demand dashboard with
its CSV exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.catalogue import scope, selectors_demand, services_inquiries
from ovop.catalogue.addresses import public_reverse
from ovop.catalogue.forms_inquiry import OutcomeForm
from ovop.catalogue.models import Inquiry, InquiryStatus
from ovop.catalogue.selectors_demand import DemandFilters
from ovop.core.exports import csv_lines
from ovop.core.forms import add_service_errors, run_and_redirect
from ovop.core.history import record_history
from ovop.core.pagination import paginate
from ovop.core.requests import request_user
from ovop.enterprises.models import Category

STATUSES = [s.value for s in InquiryStatus]


def _scoped(request: HttpRequest) -> Any:
    inquiries = scope.inquiries_visible(request_user(request))
    return inquiries.select_related("listing__product__enterprise__village")


def _status(request: HttpRequest) -> str:
    status = request.GET.get("status", "")
    return status if status in STATUSES else ""


@require_GET
def inquiry_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    inquiries = _scoped(request)
    status = _status(request)
    if status:
        inquiries = inquiries.filter(status=status)
    context = {
        "page_obj": paginate(request, inquiries),
        "status": status,
        "statuses": InquiryStatus.choices,
        "can_export": user.reads_all,
    }
    return render(request, "catalogue/inquiry_list.html", context)


@require_http_methods(["GET", "POST"])
def inquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    inquiry = get_object_or_404(_scoped(request), pk=pk)
    can_answer = scope.can_answer(user, inquiry)
    initial = {"status": inquiry.status if inquiry.status != InquiryStatus.NEW else ""}
    if inquiry.ordered_quantity:
        initial |= {"ordered_quantity": inquiry.ordered_quantity}
    if inquiry.ordered_value_idr is not None:
        initial |= {"ordered_value_idr": inquiry.ordered_value_idr}
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST":
        scope.require_answer(user, inquiry)
        if form.is_valid():
            try:
                services_inquiries.inquiry_set_outcome(
                    user=user, inquiry=inquiry, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("catalogue:inquiry", inquiry.pk)
    context = {
        "inquiry": inquiry,
        "form": form,
        "can_answer": can_answer,
        "can_erase": scope.can_erase(user) and inquiry.anonymised_at is None,
        "public_url": public_reverse("product", "id", inquiry.listing.slug),
        "history": record_history(obj=inquiry, reasons=services_inquiries.REASONS),
    }
    return render(request, "catalogue/inquiry_detail.html", context)


@require_POST
def inquiry_erase(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    scope.require_erase(user)
    inquiry = get_object_or_404(Inquiry, pk=pk)
    return run_and_redirect(
        request,
        lambda: services_inquiries.inquiry_erase(user=user, inquiry=inquiry),
        done=_("The buyer's personal data was erased; the inquiry still counts as demand."),
        to=reverse("catalogue:inquiry", args=[inquiry.pk]),
    )


def _inquiry_rows(inquiries: Any) -> Iterator[list[Any]]:
    yield [
        _("Sent"), _("Product"), _("Enterprise"), _("Village"), _("Name"), _("Phone"),
        _("E-mail"), _("Quantity"), _("Message"), _("Status"), _("Quantity ordered"),
        _("Order value (rupiah)"),
    ]  # fmt: skip
    for q in inquiries.iterator(chunk_size=500):
        yield [
            timezone.localtime(q.created_at).strftime("%d/%m/%Y %H:%M"),
            q.listing.public_name,
            q.listing.product.enterprise.name,
            q.listing.product.enterprise.village.name,
            q.name, q.phone, q.email, q.quantity, q.message, q.get_status_display(),
            q.ordered_quantity if q.ordered_quantity is not None else "",
            q.ordered_value_idr if q.ordered_value_idr is not None else "",
        ]  # fmt: skip


@require_GET
def inquiry_export(request: HttpRequest) -> StreamingHttpResponse:
    """Every inquiry the user may read, as CSV (officers, admins and viewers)."""
    scope.require_read(request_user(request))
    inquiries = _scoped(request)
    status = _status(request)
    if status:
        inquiries = inquiries.filter(status=status)
    response = StreamingHttpResponse(
        csv_lines(_inquiry_rows(inquiries)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="inquiries.csv"'
    return response


def _filters(request: HttpRequest) -> DemandFilters:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", "") or today.year)
    except ValueError:
        year = today.year
    year = year if 2000 <= year <= today.year + 1 else today.year
    category = request.GET.get("category", "")
    category = category if category in Category.values else ""
    return DemandFilters(year=year, category=category)


def _named_categories(rows: list[selectors_demand.Figures]) -> list[selectors_demand.Figures]:
    names = dict(Category.choices)
    for row in rows:
        row.label = str(names.get(str(row.key), row.label))
    return rows


@require_GET
def demand_dashboard(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    scope.require_read(user)
    filters = _filters(request)
    months = selectors_demand.figures_by_month(filters)
    products = selectors_demand.figures_by("product", filters)
    context = {
        "filters": filters,
        "years": selectors_demand.years_with_data(),
        "categories": Category.choices,
        "months": months,
        "total": selectors_demand.totals(months),
        "peak_views": max([m.views for m in months] + [1]),
        "top_products": products[: selectors_demand.TOP_SIZE],
        "by_category": _named_categories(selectors_demand.figures_by("category", filters)),
        "by_village": selectors_demand.figures_by("village", filters),
        "waiting": selectors_demand.waiting_inquiries(scope.inquiries_visible(user)),
    }
    return render(request, "catalogue/demand_dashboard.html", context)


def _demand_rows(filters: DemandFilters) -> Iterator[list[Any]]:
    yield [
        _("Month"), _("Page views"), _("WhatsApp clicks"), _("Marketplace clicks"),
        _("Inquiries"), _("Waiting"), _("Answered"), _("Ordered"), _("Lost"),
        _("Quantity ordered"), _("Order value (rupiah)"),
    ]  # fmt: skip
    for m in selectors_demand.figures_by_month(filters):
        month = m.key.strftime("%m/%Y") if isinstance(m.key, dt.date) else str(m.key)
        yield [
            month, m.views, m.whatsapp, m.marketplace, m.inquiries, m.waiting, m.answered,
            m.ordered, m.lost, m.ordered_quantity, m.ordered_value_idr,
        ]  # fmt: skip


@require_GET
def demand_export(request: HttpRequest) -> StreamingHttpResponse:
    scope.require_read(request_user(request))
    filters = _filters(request)
    response = StreamingHttpResponse(
        csv_lines(_demand_rows(filters)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="demand-{filters.year}.csv"'
    return response
