"""Star-rating pages: home, assessments (fill in, save, finalise), a product's ratings,
star ratings with their certificate, the overview and the XLSX export.

Scheme administration is in ``views_scheme``; the public /verify/ page in ``views_public``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.core.forms import ConfirmForm, add_service_errors
from ovop.core.pagination import paginate
from ovop.core.requests import request_user
from ovop.enterprises import scope as enterprise_scope
from ovop.rating import scope, selectors, services
from ovop.rating.certificate import certificate_filename, certificate_pdf, verification_url
from ovop.rating.definition import item_labels, registry_items, result_view, scheme_view
from ovop.rating.export import assessments_xlsx, star_ratings_xlsx
from ovop.rating.forms import AssessmentForm, InviteForm, IssueForm, item_field, settle_field
from ovop.rating.models import Assessment, AssessmentStatus, StarRating, coaching_tier

RECENT = 20
#: The product page holds two forms with a "scheme" field: their ids must differ.
INVITE_ID = "invite_%s"
ISSUE_ID = "issue_%s"


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    mine = selectors.assessment_list(user=user).filter(
        assessor=user, status__in=[AssessmentStatus.INVITED, AssessmentStatus.DRAFT]
    )
    context = {
        "mine": list(mine[:RECENT]),
        "ratings": list(selectors.rating_list(user=user)[:RECENT]),
        "can_manage": scope.can_manage(user),
        "can_export": scope.can_export(user),
        "can_admin": scope.can_admin_schemes(user),
    }
    return render(request, "rating/index.html", context)


@require_GET
def assessment_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    page_obj = paginate(request, selectors.assessment_list(user=user))
    context = {"page_obj": page_obj, "can_export": scope.can_export(user)}
    return render(request, "rating/assessment_list.html", context)


def _registry(assessment: Assessment) -> tuple[selectors.ProductRegistry, dict[str, str]]:
    """What the registry knows of the product (when finalised, else today), and what it
    decides for each registry gate's item."""
    finalised = assessment.finalised_at
    on = timezone.localdate(finalised) if finalised else None
    registry = selectors.product_registry(product=assessment.product, on=on)
    decided = {
        item: registry.fact_text(fact) for item, fact in registry_items(assessment.scheme).items()
    }
    return registry, decided


def _assessment_form(
    request: HttpRequest, assessment: Assessment, decided: dict[str, str]
) -> AssessmentForm:
    view = scheme_view(assessment.scheme)
    if request.method == "POST":
        return AssessmentForm(request.POST, request.FILES, view=view, registry=decided)
    initial: dict[str, Any] = {item_field(k): v for k, v in assessment.answers.items()}
    initial["evidence"] = assessment.evidence
    return AssessmentForm(initial=initial, view=view, registry=decided)


def _answer_field(key: str) -> str:
    """The form field of a service's error key: ``answers.<item>`` is shown on its item."""
    return item_field(key.removeprefix("answers.")) if key.startswith("answers.") else key


def _finalising(request: HttpRequest) -> bool:
    return request.POST.get("action") == "finalise"


def _saved(
    request: HttpRequest, assessment: Assessment, form: AssessmentForm, confirm: ConfirmForm | None
) -> bool:
    """Save the draft, or finalise it as ``confirm`` confirmed; False when refused (the
    service's messages are then on ``form``)."""
    photo = form.cleaned_data.get("photo")
    photos = [(photo, form.cleaned_data.get("caption", ""))] if photo else []
    try:
        services.assessment_save(
            user=request_user(request),
            assessment=assessment,
            answers=form.answers(),
            evidence=form.cleaned_data["evidence"],
            finalise=confirm is not None,
            photos=photos,
            reason=confirm.given_reason() if confirm is not None else "",
        )
    except ValidationError as exc:
        add_service_errors(form, exc, field_for=_answer_field)
        return False
    messages.success(request, _("Assessment finalised.") if confirm else _("Draft saved."))
    return True


@require_http_methods(["GET", "POST"])
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    assessment = get_object_or_404(selectors.assessment_list(user=user), pk=pk)
    editable = scope.can_rate(user, assessment) and assessment.status != AssessmentStatus.FINAL
    registry, decided = _registry(assessment)
    form = _assessment_form(request, assessment, decided)
    confirm: ConfirmForm | None = None
    if request.method == "POST":
        scope.require(scope.can_rate(user, assessment))
        confirm = ConfirmForm(request.POST) if _finalising(request) else None
        if form.is_valid() and (confirm is None or confirm.confirmed()):
            if _saved(request, assessment, form, confirm):
                return redirect("rating:assessment", pk=assessment.pk)
        assessment.refresh_from_db()
    context = {
        "obj": assessment,
        "form": form,
        "confirm": confirm if confirm is not None and not form.errors else None,
        "confirm_what": _(
            "The answers, evidence note and result are then fixed for good, and the assessment "
            "counts towards the product's star rating."
        ),
        "photo_again": bool(request.FILES) and confirm is not None,
        "editable": editable,
        "view": scheme_view(assessment.scheme),
        "result": result_view(assessment.scheme, assessment.result),
        "tier": coaching_tier(assessment.result["stars"]).label if assessment.result else "",
        "photos": list(assessment.photos.all()),
        "registry": registry,
        "decided": decided,
    }
    return render(request, "rating/assessment_detail.html", context)


def _visible_product(request: HttpRequest, pk: int) -> Any:
    user = request_user(request)
    return get_object_or_404(
        enterprise_scope.products_visible(user).select_related("enterprise__village__parent"),
        pk=pk,
    )


def _product_page(
    request: HttpRequest,
    product: Any,
    invite: InviteForm | None = None,
    issue: IssueForm | None = None,
) -> HttpResponse:
    user = request_user(request)
    manage = scope.can_manage(user)
    context = {
        "product": product,
        "assessments": list(selectors.assessments_for_product(user=user, product=product)),
        "ratings": selectors.product_ratings(user=user, product=product),
        "can_manage": manage,
        "invite": invite or InviteForm(initial={"product": product.pk}, auto_id=INVITE_ID),
        "issue": issue or IssueForm(auto_id=ISSUE_ID),
    }
    return render(request, "rating/product.html", context)


@require_GET
def product_ratings(request: HttpRequest, pk: int) -> HttpResponse:
    return _product_page(request, _visible_product(request, pk))


@require_POST
def assessment_invite(request: HttpRequest, pk: int) -> HttpResponse:
    product = _visible_product(request, pk)
    user = request_user(request)
    scope.require(scope.can_manage(user))
    data = request.POST.copy()
    data["product"] = str(product.pk)
    form = InviteForm(data, auto_id=INVITE_ID)
    if form.is_valid():
        try:
            services.assessment_invite(
                user=user,
                product=product,
                scheme=form.cleaned_data["scheme"],
                assessor=form.cleaned_data["assessor"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(user)s is invited to rate %(product)s.")
                % {"user": form.cleaned_data["assessor"], "product": product},
            )
            return redirect("rating:product", pk=product.pk)
    return _product_page(request, product, invite=form)


def _settlement_field(key: str) -> str:
    """The form field of a service's error key: ``settlements.<item>`` is shown on its tie."""
    return settle_field(key.removeprefix("settlements.")) if key.startswith("settlements.") else key


def _issue_page(
    request: HttpRequest, form: IssueForm, preview: selectors.PanelPreview
) -> HttpResponse:
    panel = preview.panel
    result = result_view(preview.scheme, panel.to_dict()) or {}
    for decision in result["decisions"]:
        if decision.get("registry"):
            decision["registry_text"] = preview.registry.fact_text(decision["registry"])
    context = {
        "product": preview.product,
        "form": form,
        "preview": preview,
        "result": result,
        "tier": coaching_tier(panel.stars).label,
    }
    return render(request, "rating/issue_preview.html", context)


@require_POST
def star_rating_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Without ``confirm``: the preview of the panel result (nothing is written), with a
    decision and reason to give for each tie. With ``confirm``: issue it."""
    product = _visible_product(request, pk)
    user = request_user(request)
    scope.require(scope.can_manage(user))
    form = IssueForm(request.POST, auto_id=ISSUE_ID)
    if not form.is_valid():
        return _product_page(request, product, issue=form)
    scheme, how = form.cleaned_data["scheme"], form.cleaned_data["how"]
    try:
        preview = selectors.panel_preview(user=user, product=product, scheme=scheme, how=how)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _product_page(request, product, issue=form)
    labels = item_labels(scheme)
    ties = [(item, labels.get(item, item)) for item in preview.panel.ties]
    form = IssueForm(request.POST, auto_id=ISSUE_ID, ties=ties)
    form.is_valid()
    settlements = form.settlements()
    try:
        if form.cleaned_data.get("confirm"):
            rating = services.star_rating_issue(
                user=user, product=product, scheme=scheme, how=how, settlements=settlements
            )
            messages.success(request, _("Star rating issued."))
            return redirect("rating:rating", pk=rating.pk)
        preview = selectors.panel_preview(
            user=user, product=product, scheme=scheme, how=how, settlements=settlements
        )
    except ValidationError as exc:
        add_service_errors(form, exc, field_for=_settlement_field)
    return _issue_page(request, form, preview)


def _visible_rating(request: HttpRequest, pk: int) -> StarRating:
    return get_object_or_404(selectors.rating_list(user=request_user(request)), pk=pk)


@require_GET
def rating_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rating = _visible_rating(request, pk)
    context = {
        "obj": rating,
        "result": result_view(rating.scheme, rating.result),
        "verify_url": verification_url(request, rating.verification_code),
    }
    return render(request, "rating/rating_detail.html", context)


@require_GET
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    rating = _visible_rating(request, pk)
    language = "en" if request.GET.get("lang") == "en" else "id"
    verify_url = verification_url(request, rating.verification_code)
    pdf = certificate_pdf(rating=rating, language=language, verify_url=verify_url)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = certificate_filename(code=rating.verification_code, language=language)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    by_kecamatan, by_category = selectors.star_overview(user=request_user(request))
    context = {"tables": [by_kecamatan, by_category], "levels": (0, *selectors.STAR_LEVELS)}
    return render(request, "rating/overview.html", context)


@require_GET
def export(request: HttpRequest) -> FileResponse:
    user = request_user(request)
    if not scope.can_export(user):
        raise PermissionDenied
    return FileResponse(
        assessments_xlsx(user=user),
        as_attachment=True,
        filename="assessments.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_GET
def export_star_ratings(request: HttpRequest) -> FileResponse:
    """The issued star ratings as XLSX, for those who may export assessments."""
    user = request_user(request)
    if not scope.can_export(user):
        raise PermissionDenied
    return FileResponse(
        star_ratings_xlsx(user=user),
        as_attachment=True,
        filename="star-ratings.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
