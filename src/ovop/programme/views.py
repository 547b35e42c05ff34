"""Programme pages: parse the request, check the role, call one selector or service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.core.forms import (
    Confirmation,
    add_service_errors,
    archive_warning,
    ask_to_confirm,
    hidden_values,
    run_and_redirect,
)
from ovop.core.history import history_page
from ovop.core.pagination import paginate
from ovop.programme import scope, selectors, services
from ovop.programme.forms import (
    DesignationForm,
    ProgrammeFilterForm,
    ProgrammeForm,
    VillagesAddForm,
)
from ovop.programme.models import ProgrammeVillage

HISTORY_PAGE_SIZE = 50


@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    user = scope.require_programme_reader(request.user)
    filters = ProgrammeFilterForm(request.GET)
    values = filters.cleaned_data if filters.is_valid() else {}
    programmes = selectors.programme_list(
        user=user,
        q=values.get("q", ""),
        scheme=values.get("scheme", ""),
        archived=values.get("archived") == "1",
    )
    page_obj = paginate(request, programmes)
    context = {
        "filters": filters,
        "page_obj": page_obj,
        "can_manage": scope.can_manage_programmes(user),
    }
    return render(request, "programme/list.html", context)


@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    user = scope.require_programme_manager(request.user)
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
    user = scope.require_programme_reader(request.user)
    programme = selectors.programme_get(user=user, pk=pk)
    detail = selectors.programme_detail(user=user, programme=programme)
    context = {
        "programme": programme,
        "detail": detail,
        "can_manage": scope.can_manage_programmes(user),
    }
    return render(request, "programme/detail.html", context)


@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_programme_manager(request.user)
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
    """The first POST asks to confirm, with a reason; the second (``confirm``) archives."""
    user = scope.require_programme_manager(request.user)
    programme = selectors.programme_get(user=user, pk=pk)
    back = programme.get_absolute_url()
    reason, page = ask_to_confirm(
        request,
        Confirmation(
            title=_("Archive %(name)s") % {"name": programme.name},
            what=_(
                "Programme “%(name)s” will be archived: it leaves the list, and its villages "
                "and designations can no longer be changed."
            )
            % {"name": programme.name},
            warning=archive_warning(),
            cancel=back,
            crumbs=[(reverse("programme:list"), _("Programmes")), (back, programme.name)],
        ),
    )
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: services.programme_archive(user=user, programme=programme, reason=reason),
        done=_("Programme “%(name)s” archived.") % {"name": programme},
        to=programme,
    )


@require_POST
def programme_restore(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_programme_manager(request.user)
    programme = selectors.programme_get(user=user, pk=pk)
    return run_and_redirect(
        request,
        lambda: services.programme_restore(user=user, programme=programme),
        done=_("Programme “%(name)s” restored.") % {"name": programme},
        to=programme,
    )


@require_GET
def programme_history(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_programme_reader(request.user)
    programme = selectors.programme_get(user=user, pk=pk)
    back = programme.get_absolute_url()
    return history_page(
        request,
        title=_("History of %(name)s") % {"name": programme.name},
        crumbs=[(reverse("programme:list"), _("Programmes")), (back, programme.name)],
        back=back,
        back_text=_("Back to the programme"),
        intro=_(
            "Every change to the programme, its villages and their designated products: "
            "who made it, when, and the values before and after."
        ),
        entries=selectors.programme_history(user=user, programme=programme),
        page_size=HISTORY_PAGE_SIZE,
    )


@require_http_methods(["GET", "POST"])
def programme_villages_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_programme_manager(request.user)
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
    user = scope.require_programme_manager(request.user)
    programme = selectors.programme_get(user=user, pk=pk)
    membership = selectors.membership_get(user=user, programme=programme, pk=membership_pk)
    if not remove:
        return run_and_redirect(
            request,
            lambda: services.programme_village_restore(user=user, membership=membership),
            done=_("%(village)s is taking part again.") % {"village": membership.village.name},
            to=programme,
        )
    reason, page = ask_to_confirm(request, _removal_confirmation(membership))
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: services.programme_village_remove(user=user, membership=membership, reason=reason),
        done=_("%(village)s removed from the programme.") % {"village": membership.village.name},
        to=programme,
    )


def _removal_confirmation(membership: ProgrammeVillage) -> Confirmation:
    programme, village = membership.programme, membership.village.name
    back = programme.get_absolute_url()
    return Confirmation(
        title=_("Remove %(village)s from the programme") % {"village": village},
        what=_(
            "%(village)s will no longer take part in “%(programme)s”: its designations stay, "
            "and no new one can be made for it."
        )
        % {"village": village, "programme": programme.name},
        warning=archive_warning(),
        button=_("Remove"),
        cancel=back,
        crumbs=[(reverse("programme:list"), _("Programmes")), (back, programme.name)],
    )


@require_POST
def programme_village_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    return _membership_action(request, pk, membership_pk, remove=True)


@require_POST
def programme_village_restore(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    return _membership_action(request, pk, membership_pk, remove=False)


def _designation_confirmation(
    request: HttpRequest, form: DesignationForm, membership: ProgrammeVillage
) -> Confirmation:
    product, year = form.cleaned_data["product"], form.cleaned_data["year"]
    village = membership.village.name
    if product is None:
        what = _("The designated product of %(village)s for %(year)s will be cleared.") % {
            "village": village,
            "year": year,
        }
    else:
        what = _(
            "“%(product)s” of %(enterprise)s will be the one designated product of %(village)s "
            "for %(year)s."
        ) % {
            "product": product.name,
            "enterprise": product.enterprise.name,
            "village": village,
            "year": year,
        }
    programme = membership.programme
    return Confirmation(
        title=_("Confirm the designation of %(village)s") % {"village": village},
        what=what,
        warning=_(
            "The designation stays in the programme's history for good; a later change is "
            "recorded as a new one."
        ),
        button=_("Designate") if product is not None else _("Clear the designation"),
        cancel=request.get_full_path(),
        crumbs=[
            (reverse("programme:list"), _("Programmes")),
            (programme.get_absolute_url(), programme.name),
        ],
        hidden=hidden_values(request.POST, list(form.fields)),
    )


@require_http_methods(["GET", "POST"])
def designation_set(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    user = scope.require_programme_manager(request.user)
    programme = selectors.programme_get(user=user, pk=pk)
    membership = selectors.membership_get(user=user, programme=programme, pk=membership_pk)
    year = request.GET.get("year", "")
    if not year:
        year = str(selectors.designation_default_year(membership=membership))
    elif not (year.isascii() and year.isdigit() and len(year) == 4):
        raise BadRequest(_("The year must be four digits, such as 2025."))
    current = selectors.designation_current(membership=membership, year=int(year))
    initial = {"year": year, "product": current.product_id if current else None}
    initial["note"] = current.note if current else ""
    form = DesignationForm(request.POST or None, membership=membership, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            values = {k: form.cleaned_data[k] for k in ("year", "product")}
            services.designation_check(user=user, membership=membership, **values)
            reason, page = ask_to_confirm(
                request, _designation_confirmation(request, form, membership)
            )
            if page is not None:
                return page
            services.designation_set(
                user=user, membership=membership, reason=reason, **form.cleaned_data
            )
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
