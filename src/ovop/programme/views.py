"""Programme pages: parse the request, check the role, call one selector or service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.core.forms import add_service_errors
from ovop.programme import selectors, services
from ovop.programme.forms import (
    DesignationForm,
    ProgrammeFilterForm,
    ProgrammeForm,
    VillagesAddForm,
)

PAGE_SIZE = 25
HISTORY_PAGE_SIZE = 50


@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    user = selectors.require_programme_reader(request.user)
    filters = ProgrammeFilterForm(request.GET)
    values = filters.cleaned_data if filters.is_valid() else {}
    programmes = selectors.programme_list(
        user=user,
        q=values.get("q", ""),
        scheme=values.get("scheme", ""),
        archived=values.get("archived") == "1",
    )
    page_obj = Paginator(programmes, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page_obj": page_obj,
        "can_manage": selectors.can_manage_programmes(user),
    }
    return render(request, "programme/list.html", context)


@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    user = selectors.require_programme_manager(request.user)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Programme “%(name)s” created.") % {"name": programme})
            return redirect(programme)
    return render(request, "programme/form.html", {"form": form, "programme": None})


@require_GET
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = selectors.require_programme_reader(request.user)
    programme = selectors.programme_get(user=user, pk=pk)
    detail = selectors.programme_detail(user=user, programme=programme)
    context = {
        "programme": programme,
        "detail": detail,
        "can_manage": selectors.can_manage_programmes(user),
    }
    return render(request, "programme/detail.html", context)


@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = selectors.require_programme_manager(request.user)
    programme = selectors.programme_get(user=user, pk=pk)
    form = ProgrammeForm(request.POST or None, initial=ProgrammeForm.initial_for(programme))
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(user=user, programme=programme, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Programme “%(name)s” saved.") % {"name": programme})
            return redirect(programme)
    return render(request, "programme/form.html", {"form": form, "programme": programme})


@require_POST
def programme_archive(request: HttpRequest, pk: int) -> HttpResponse:
    user = selectors.require_programme_manager(request.user)
    programme = selectors.programme_get(user=user, pk=pk)
    services.programme_archive(user=user, programme=programme)
    messages.success(request, _("Programme “%(name)s” archived.") % {"name": programme})
    return redirect(programme)


@require_POST
def programme_restore(request: HttpRequest, pk: int) -> HttpResponse:
    user = selectors.require_programme_manager(request.user)
    programme = selectors.programme_get(user=user, pk=pk)
    services.programme_restore(user=user, programme=programme)
    messages.success(request, _("Programme “%(name)s” restored.") % {"name": programme})
    return redirect(programme)


@require_GET
def programme_history(request: HttpRequest, pk: int) -> HttpResponse:
    user = selectors.require_programme_reader(request.user)
    programme = selectors.programme_get(user=user, pk=pk)
    entries = selectors.programme_history(user=user, programme=programme)
    page_obj = Paginator(entries, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"programme": programme, "page_obj": page_obj}
    return render(request, "programme/history.html", context)


@require_http_methods(["GET", "POST"])
def programme_villages_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = selectors.require_programme_manager(request.user)
    programme = selectors.programme_get(user=user, pk=pk)
    initial = {"joined_year": programme.start_year}
    form = VillagesAddForm(request.POST or None, programme=programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.programme_villages_add(
                user=user, programme=programme, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            text = ngettext(
                "%(n)s village added to the programme.",
                "%(n)s villages added to the programme.",
                len(changed),
            )
            messages.success(request, text % {"n": len(changed)})
            return redirect(programme)
    return render(request, "programme/villages_add.html", {"form": form, "programme": programme})


def _membership_action(
    request: HttpRequest, pk: int, membership_pk: int, remove: bool
) -> HttpResponse:
    user = selectors.require_programme_manager(request.user)
    programme = selectors.programme_get(user=user, pk=pk)
    membership = selectors.membership_get(user=user, programme=programme, pk=membership_pk)
    try:
        if remove:
            services.programme_village_remove(user=user, membership=membership)
            text = _("%(village)s removed from the programme.")
        else:
            services.programme_village_restore(user=user, membership=membership)
            text = _("%(village)s is taking part again.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, text % {"village": membership.village.name})
    return redirect(programme)


@require_POST
def programme_village_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    return _membership_action(request, pk, membership_pk, remove=True)


@require_POST
def programme_village_restore(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    return _membership_action(request, pk, membership_pk, remove=False)


@require_http_methods(["GET", "POST"])
def designation_set(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    user = selectors.require_programme_manager(request.user)
    programme = selectors.programme_get(user=user, pk=pk)
    membership = selectors.membership_get(user=user, programme=programme, pk=membership_pk)
    year = request.GET.get("year", "")
    if not year.isdigit():
        year = str(selectors.designation_default_year(membership=membership))
    current = selectors.designation_current(membership=membership, year=int(year))
    initial = {"year": year, "product": current.product_id if current else None}
    initial["note"] = current.note if current else ""
    form = DesignationForm(request.POST or None, membership=membership, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.designation_set(user=user, membership=membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Designation of %(village)s for %(year)s saved.")
                % {"village": membership.village.name, "year": form.cleaned_data["year"]},
            )
            return redirect(programme)
    context = {
        "form": form,
        "programme": programme,
        "membership": membership,
        "designations": selectors.designations_of(membership=membership),
    }
    return render(request, "programme/designation_form.html", context)
