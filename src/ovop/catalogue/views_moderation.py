"""The moderation pages (signed in): owners propose changes to their products' public pages
and follow their proposals; officers and admins decide proposals and reviews in the queue,
viewers read it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.catalogue import scope, selectors_moderation, services_moderation, services_reviews
from ovop.catalogue.addresses import public_reverse
from ovop.catalogue.forms_moderation import (
    ApproveForm,
    ProposalForm,
    RejectForm,
    proposal_initial,
)
from ovop.catalogue.models import Listing
from ovop.catalogue.models_moderation import ListingProposal, ProposalStatus, Review
from ovop.core.forms import Confirmation, add_service_errors, ask_to_confirm, run_and_redirect
from ovop.core.requests import request_user

QUEUE = "catalogue:moderation"


@require_GET
def owner_products(request: HttpRequest) -> HttpResponse:
    """An owner's products, their public pages and their proposals with the decisions."""
    user = request_user(request)
    scope.require_owner(user)
    products = scope.owner_products(user).select_related("listing").order_by("name", "pk")
    context = {
        "products": [
            (p, getattr(p, "listing", None), public_url(getattr(p, "listing", None)))
            for p in products
        ],
        "proposals": selectors_moderation.owner_proposals(user)[:50],
    }
    return render(request, "catalogue/owner_products.html", context)


def public_url(listing: Listing | None) -> str:
    if listing is None or not listing.published:
        return ""
    return public_reverse("product", "id", listing.slug)


@require_http_methods(["GET", "POST"])
def owner_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """An owner proposes a change to one of their products' public page (404 for another's)."""
    user = request_user(request)
    scope.require_owner(user)
    product = get_object_or_404(scope.owner_products(user), pk=pk)
    listing = Listing.objects.filter(product=product).first()
    pending = product.listing_proposals.filter(status=ProposalStatus.PENDING).first()
    photos = list(listing.photos.order_by("position", "pk")) if listing is not None else []
    waiting = list(pending.photos.order_by("pk")) if pending is not None else []
    if request.method == "POST":
        form = ProposalForm(
            request.POST, request.FILES, photos=photos, initial_plan=pending, waiting=waiting
        )
        if form.is_valid():
            try:
                services_moderation.proposal_submit(
                    user=user,
                    product=product,
                    values=form.values(),
                    photos=form.photos(),
                    plan=form.photo_plan(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your proposal is waiting for an officer's approval."))
                return redirect("catalogue:mine")
    else:
        form = ProposalForm(
            initial=proposal_initial(product, listing, pending),
            photos=photos,
            initial_plan=pending,
            waiting=waiting,
        )
    context = {
        "product": product,
        "listing": listing,
        "pending": pending,
        "form": form,
        "withdrawable": pending is not None
        and services_moderation.photo_withdrawable(pending, len(waiting)),
    }
    return render(request, "catalogue/owner_propose.html", context)


@require_POST
def proposal_photo_remove(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    """An owner withdraws a new photo of their pending proposal: the first POST asks to
    confirm, the second removes it (404 for another owner's proposal or photo; a decided
    proposal is refused with a message)."""
    user = request_user(request)
    scope.require_owner(user)
    proposal = get_object_or_404(scope.owner_proposals(user).select_related("product"), pk=pk)
    back = reverse("catalogue:propose", args=[proposal.product_id])
    if proposal.status == ProposalStatus.PENDING:
        photo = get_object_or_404(proposal.photos, pk=photo_pk)
        confirmation = Confirmation(
            title=_("Remove the new photo “%(caption)s”") % {"caption": photo.caption},
            what=_(
                "The photo is taken off your proposal and deleted; the officer will not see "
                "it. The rest of your proposal keeps waiting for approval."
            ),
            button=pgettext("new photo", "Remove"),
            cancel=back,
            crumbs=[
                (reverse("catalogue:mine"), _("My products in the catalogue")),
                (back, proposal.product.name),
            ],
        )
        _reason, page = ask_to_confirm(request, confirmation, reason=False)
        if page is not None:
            return page
    return run_and_redirect(
        request,
        lambda: services_moderation.proposal_photo_withdraw(
            user=user, proposal=proposal, photo_id=photo_pk
        ),
        done=_("The new photo is removed from your proposal."),
        to=back,
    )


@require_POST
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """An owner withdraws their whole pending proposal: the first POST asks to confirm, the
    second withdraws it (404 for another owner's proposal; a decided one is refused with a
    message)."""
    user = request_user(request)
    scope.require_owner(user)
    proposal = get_object_or_404(scope.owner_proposals(user).select_related("product"), pk=pk)
    mine = reverse("catalogue:mine")
    if proposal.status == ProposalStatus.PENDING:
        back = reverse("catalogue:propose", args=[proposal.product_id])
        confirmation = Confirmation(
            title=_("Withdraw your proposal for %(product)s") % {"product": proposal.product.name},
            what=_(
                "The proposal leaves the officers' queue and its new photos are deleted; the "
                "catalogue page stays as it is. You may send a new proposal afterwards."
            ),
            button=_("Withdraw proposal"),
            cancel=back,
            crumbs=[(mine, _("My products in the catalogue")), (back, proposal.product.name)],
        )
        _reason, page = ask_to_confirm(request, confirmation, reason=False)
        if page is not None:
            return page
    return run_and_redirect(
        request,
        lambda: services_moderation.proposal_withdraw(user=user, proposal=proposal),
        done=_("Your proposal is withdrawn; the officers will not decide it."),
        to=mine,
    )


@require_GET
def moderation_queue(request: HttpRequest) -> HttpResponse:
    """Pending proposals with what they change, pending and recently published reviews."""
    user = request_user(request)
    scope.require_read(user)
    proposals = []
    for proposal in selectors_moderation.pending_proposals():
        listing = selectors_moderation.listing_of_proposal(proposal)
        proposals.append(
            (
                proposal,
                selectors_moderation.proposal_changes(proposal, listing),
                selectors_moderation.proposal_photo_changes(proposal, listing),
            )
        )
    context = {
        "proposals": proposals,
        "pending_reviews": list(selectors_moderation.pending_reviews()),
        "published_reviews": list(selectors_moderation.published_reviews_office()),
        "can_manage": scope.can_manage(user),
        "approve_form": ApproveForm(),
        "reject_form": RejectForm(),
    }
    return render(request, "catalogue/moderation_queue.html", context)


@require_POST
def proposal_approve(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    scope.require_manage(user)
    proposal = get_object_or_404(ListingProposal, pk=pk)
    form = ApproveForm(request.POST)
    publish = form.is_valid() and bool(form.cleaned_data.get("publish"))
    return run_and_redirect(
        request,
        lambda: services_moderation.proposal_approve(user=user, proposal=proposal, publish=publish),
        done=_("The change is approved and written to the catalogue page."),
        to=reverse(QUEUE),
    )


@require_POST
def proposal_reject(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    scope.require_manage(user)
    proposal = get_object_or_404(ListingProposal, pk=pk)
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return run_and_redirect(
        request,
        lambda: services_moderation.proposal_reject(user=user, proposal=proposal, reason=reason),
        done=_("The change is rejected; the owner sees your reason."),
        to=reverse(QUEUE),
    )


def _review_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = request_user(request)
    scope.require_manage(user)
    review = get_object_or_404(Review, pk=pk)
    calls = {
        "publish": (services_reviews.review_publish, _("The review is published.")),
        "hide": (services_reviews.review_hide, _("The review is hidden from the public.")),
        "delete": (services_reviews.review_delete, _("The review is deleted.")),
    }
    service, done = calls[action]
    return run_and_redirect(
        request, lambda: service(user=user, review=review), done=done, to=reverse(QUEUE)
    )


@require_POST
def review_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_action(request, pk, "publish")


@require_POST
def review_hide(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_action(request, pk, "hide")


@require_POST
def review_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_action(request, pk, "delete")
