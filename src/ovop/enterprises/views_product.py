"""Product pages: list, detail, create, edit, archive, restore, history and photo upload."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

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
from ovop.core.sorting import SORT_PARAM, parse_sort, sort_choices, sort_links
from ovop.enterprises import scope, selectors, selectors_history, services
from ovop.enterprises.forms import ProductFilterForm, ProductForm, ProductPhotoForm
from ovop.enterprises.models import Product
from ovop.enterprises.views import RECENT_CHANGES, form_data


def _product(request: HttpRequest, pk: int, *, change: bool = False) -> Product:
    """The product if the user may see it (else 404) and, with ``change``, change it (else 403)."""
    user = request_user(request)
    product = get_object_or_404(selectors.products_for(user), pk=pk)
    if change:
        scope.require_change(user, product.enterprise)
    return product


@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = ProductFilterForm(request.GET or None)
    form.is_valid()
    sort = parse_sort(request.GET.get(SORT_PARAM), selectors.PRODUCT_SORTS, selectors.DEFAULT_SORT)
    qs = selectors.product_list(user=user, filters=form.filters(), sort=sort)
    context = {
        "form": form,
        "page_obj": paginate(request, qs),
        "sort": sort,
        "sort_links": sort_links(request.GET, selectors.PRODUCT_SORTS, sort),
        "sort_choices": sort_choices(
            {
                "name": _("Product"),
                "enterprise": _("Enterprise"),
                "village": _("Village"),
                "price": _("Price per unit"),
                "capacity": _("Monthly capacity"),
                "local_material": _("Local raw material"),
            }
        ),
    }
    return render(request, "enterprises/product_list.html", context)


def _detail_context(request: HttpRequest, product: Product, photo_form: ProductPhotoForm) -> dict:  # type: ignore[type-arg]
    detail = selectors.product_detail(user=request_user(request), product=product)
    return {
        "d": detail,
        "obj": product,
        "photo_form": photo_form,
        "recent": selectors_history.product_history(product=product, limit=RECENT_CHANGES),
    }


@require_GET
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    product = _product(request, pk)
    context = _detail_context(request, product, ProductPhotoForm())
    return render(request, "enterprises/product_detail.html", context)


@require_http_methods(["GET", "POST"])
def product_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    enterprise = get_object_or_404(selectors.enterprises_for(user), pk=pk)
    scope.require_change(user, enterprise)
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_create(
                user=user, enterprise=enterprise, data=form_data(form)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Product %(name)s added.") % {"name": product})
            return redirect(product)
    context = {"form": form, "obj": None, "enterprise": enterprise}
    return render(request, "enterprises/product_form.html", context)


@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    product = _product(request, pk, change=True)
    form = ProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.product_update(user=user, product=product, data=form_data(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes to %(name)s saved.") % {"name": saved})
            return redirect(saved)
    original = _product(request, pk)
    context = {"form": form, "obj": original, "enterprise": original.enterprise}
    return render(request, "enterprises/product_form.html", context)


@require_POST
def product_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """The first POST asks to confirm, with a reason; the second (``confirm``) archives."""
    user = request_user(request)
    product = _product(request, pk, change=True)
    back = product.get_absolute_url()
    reason, page = ask_to_confirm(
        request,
        Confirmation(
            title=_("Archive %(name)s") % {"name": product.name},
            what=_(
                "%(name)s will be archived: it leaves the lists and the catalogue, and no "
                "photo or certificate can be added to it."
            )
            % {"name": product.name},
            warning=archive_warning(),
            cancel=back,
            crumbs=[(reverse("enterprises:product_list"), _("Products")), (back, product.name)],
        ),
    )
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: services.product_archive(user=user, product=product, reason=reason),
        done=_("%(name)s archived. It can be restored at any time.") % {"name": product},
        to=product,
    )


@require_POST
def product_restore(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    product = _product(request, pk, change=True)
    return run_and_redirect(
        request,
        lambda: services.product_restore(user=user, product=product),
        done=_("%(name)s restored.") % {"name": product},
        to=product,
    )


@require_POST
def product_photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    product = _product(request, pk, change=True)
    form = ProductPhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.product_photo_add(
                user=user,
                product=product,
                image=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Photo added."))
            return redirect(product)
    context = _detail_context(request, product, form)
    return render(request, "enterprises/product_detail.html", context, status=400)


@require_GET
def product_history(request: HttpRequest, pk: int) -> HttpResponse:
    product = _product(request, pk)
    back = product.get_absolute_url()
    return history_page(
        request,
        title=_("History of %(name)s") % {"name": product},
        crumbs=[(reverse("enterprises:product_list"), _("Products")), (back, product.name)],
        back=back,
        entries=selectors_history.product_history(product=product),
    )
