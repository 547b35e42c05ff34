"""Certificate pages: add (to an enterprise, optionally for one product), edit, archive,
restore and history. Certificates are listed on their enterprise's and product's pages."""

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
from ovop.core.history import history_page, record_history
from ovop.core.requests import request_user
from ovop.enterprises import scope, selectors, services
from ovop.enterprises.forms import CertificationForm
from ovop.enterprises.models import Certification
from ovop.enterprises.views import form_data


def _certification(request: HttpRequest, pk: int, *, change: bool = False) -> Certification:
    user = request_user(request)
    certification = get_object_or_404(selectors.certifications_for(user), pk=pk)
    if change:
        scope.require_change(user, certification.enterprise)
    return certification


@require_http_methods(["GET", "POST"])
def certification_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    enterprise = get_object_or_404(selectors.enterprises_for(user), pk=pk)
    scope.require_change(user, enterprise)
    initial = {"product": request.GET.get("product")} if request.GET.get("product") else {}
    form = CertificationForm(request.POST or None, enterprise=enterprise, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            cert = services.certification_create(
                user=user, enterprise=enterprise, data=form_data(form)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Certificate %(name)s recorded.") % {"name": cert})
            return redirect(cert.product or enterprise)
    context = {"form": form, "obj": None, "enterprise": enterprise}
    return render(request, "enterprises/certification_form.html", context)


@require_http_methods(["GET", "POST"])
def certification_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    cert = _certification(request, pk, change=True)
    enterprise = cert.enterprise
    form = CertificationForm(request.POST or None, instance=cert, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.certification_update(
                user=user, certification=cert, data=form_data(form)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Certificate %(name)s saved.") % {"name": saved})
            return redirect(saved.product or enterprise)
    original = _certification(request, pk)
    context = {"form": form, "obj": original, "enterprise": enterprise}
    return render(request, "enterprises/certification_form.html", context)


@require_POST
def certification_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """The first POST asks to confirm, with a reason; the second (``confirm``) archives."""
    user = request_user(request)
    cert = _certification(request, pk, change=True)
    back = cert.enterprise.get_absolute_url()
    reason, page = ask_to_confirm(
        request,
        Confirmation(
            title=_("Archive %(name)s") % {"name": cert},
            what=_("The certificate %(name)s of %(enterprise)s will be archived.")
            % {"name": cert, "enterprise": cert.enterprise.name},
            warning=archive_warning(),
            cancel=back,
            crumbs=[(reverse("enterprises:list"), _("Enterprises")), (back, cert.enterprise.name)],
        ),
    )
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: services.certification_archive(user=user, certification=cert, reason=reason),
        done=_("%(name)s archived.") % {"name": cert},
        to=cert.enterprise,
    )


@require_POST
def certification_restore(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    cert = _certification(request, pk, change=True)
    return run_and_redirect(
        request,
        lambda: services.certification_restore(user=user, certification=cert),
        done=_("%(name)s restored.") % {"name": cert},
        to=cert.enterprise,
    )


@require_GET
def certification_history(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    cert = _certification(request, pk)
    # A number may have been an NIB's in an earlier version: hide numbers from the unprivileged.
    hidden = () if scope.can_see_private(user, cert.enterprise) else ("number",)
    name = str(cert) if not hidden else cert.get_kind_display()
    back = cert.enterprise.get_absolute_url()
    return history_page(
        request,
        title=_("History of certificate %(name)s") % {"name": name},
        crumbs=[(reverse("enterprises:list"), _("Enterprises")), (back, name)],
        back=back,
        entries=record_history(obj=cert, hidden=hidden),
    )
