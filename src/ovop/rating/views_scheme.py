"""Scheme administration (administrators only): list, detail tree, clone, edit draft,
activate, archive."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.core.forms import add_service_errors, run_and_redirect
from ovop.core.requests import request_user
from ovop.rating import scope, services
from ovop.rating.definition import scheme_name, scheme_view
from ovop.rating.forms import SchemeDefinitionForm
from ovop.rating.models import RatingScheme, SchemeStatus


def _scheme(request: HttpRequest, pk: int) -> RatingScheme:
    scope.require(scope.can_admin_schemes(request_user(request)))
    return get_object_or_404(RatingScheme, pk=pk)


@require_GET
def scheme_list(request: HttpRequest) -> HttpResponse:
    scope.require(scope.can_admin_schemes(request_user(request)))
    rows = [(s, scheme_name(s)) for s in RatingScheme.objects.order_by("code", "-version")]
    return render(request, "rating/scheme_list.html", {"rows": rows})


@require_GET
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    context = {"obj": scheme, "view": scheme_view(scheme), "draft": scheme.status == "draft"}
    return render(request, "rating/scheme_detail.html", context)


@require_http_methods(["GET", "POST"])
def scheme_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    scope.require(scope.can_admin_schemes(user))
    initial = {"definition": json.dumps(services.NEW_SCHEME_TEMPLATE, indent=2)}
    form = SchemeDefinitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.scheme_create(
                user=user,
                definition=form.cleaned_data["definition"],
                configurable_defaults=form.cleaned_data["configurable_defaults"],
                name_id=form.cleaned_data["name_id"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Scheme created as a draft (version 1)."))
            return redirect("rating:scheme", pk=scheme.pk)
    return render(request, "rating/scheme_edit.html", {"obj": None, "form": form})


@require_http_methods(["GET", "POST"])
def scheme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    if scheme.status != SchemeStatus.DRAFT:
        messages.error(request, _("Only a draft version can be edited; clone this one instead."))
        return redirect("rating:scheme", pk=scheme.pk)
    initial = {
        "definition": json.dumps(scheme.definition, indent=2, ensure_ascii=False),
        "configurable_defaults": "\n".join(scheme.configurable_defaults or []),
        "name_id": (scheme.labels_id or {}).get("name", ""),
    }
    form = SchemeDefinitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.scheme_update(
                user=request_user(request),
                scheme=scheme,
                definition=form.cleaned_data["definition"],
                configurable_defaults=form.cleaned_data["configurable_defaults"],
                name_id=form.cleaned_data["name_id"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Scheme definition saved."))
            return redirect("rating:scheme", pk=scheme.pk)
    context = {"obj": scheme, "label": f"{scheme_name(scheme)} v{scheme.version}", "form": form}
    return render(request, "rating/scheme_edit.html", context)


def _act(
    request: HttpRequest, pk: int, action: Callable[..., RatingScheme], done: str
) -> HttpResponse:
    scheme = _scheme(request, pk)
    return run_and_redirect(
        request,
        lambda: action(user=request_user(request), scheme=scheme),
        done=done,
        to=lambda result: reverse("rating:scheme", args=[result.pk]),
        refused_to=reverse("rating:scheme", args=[scheme.pk]),
    )


@require_POST
def scheme_clone(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.scheme_clone, _("New draft version created."))


@require_POST
def scheme_activate(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.scheme_activate, _("Scheme version put in use."))


@require_POST
def scheme_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.scheme_archive, _("Scheme version archived."))
