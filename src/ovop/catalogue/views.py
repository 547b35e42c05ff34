"""The officers' catalogue pages (signed in): the list of products and their listings, a
listing's edit page with its photos, publish and unpublish, and a village's story."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.catalogue import scope, selectors_office, services
from ovop.catalogue.addresses import public_reverse
from ovop.catalogue.forms import ListingForm, PhotoForm, VillageStoryForm, listing_initial
from ovop.catalogue.models import Listing, ListingPhoto, VillageStory
from ovop.catalogue.models_moderation import ProposalStatus
from ovop.core.forms import add_service_errors, run_and_redirect
from ovop.core.history import history_page, record_history
from ovop.core.pagination import paginate
from ovop.core.requests import request_user
from ovop.enterprises.models import Product
from ovop.regions.models import Level, Region

STATES = ("published", "draft", "none")


@require_GET
def listing_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    scope.require_read(user)
    q = request.GET.get("q", "").strip()[:100]
    state = request.GET.get("state", "")
    state = state if state in STATES else ""
    context = {
        "page_obj": paginate(request, selectors_office.office_products(q, state)),
        "q": q,
        "state": state,
        "can_manage": scope.can_manage(user),
        "public_home": public_reverse("home", "id"),
    }
    return render(request, "catalogue/office_list.html", context)


def _edit_page(
    request: HttpRequest, product: Product, form: ListingForm, listing: Listing | None
) -> HttpResponse:
    public = public_reverse("product", "id", listing.slug) if listing and listing.slug else ""
    context = {
        "product": product,
        "listing": listing,
        "form": form,
        "photo_form": PhotoForm(),
        "public_url": public,
        "photos": list(listing.photos.all()) if listing else [],
        "old_slugs": list(listing.old_slugs.all()) if listing else [],
        "pending_proposal": product.listing_proposals.filter(status=ProposalStatus.PENDING).first(),
    }
    return render(request, "catalogue/office_edit.html", context)


@require_http_methods(["GET", "POST"])
def listing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Create or edit the listing of a product (officers and admins)."""
    user = request_user(request)
    scope.require_manage(user)
    product = get_object_or_404(Product.objects.select_related("enterprise__village"), pk=pk)
    listing = selectors_office.listing_of(product)
    certifications = selectors_office.product_certifications(product)
    if request.method != "POST":
        initial = listing_initial(listing) if listing else {"public_name": product.name}
        form = ListingForm(initial=initial, certifications=certifications)
        return _edit_page(request, product, form, listing)
    form = ListingForm(request.POST, certifications=certifications)
    if form.is_valid():
        try:
            if listing is None:
                services.listing_create(user=user, product=product, values=form.values())
            else:
                services.listing_update(user=user, listing=listing, values=form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("catalogue:edit", product.pk)
    return _edit_page(request, product, form, listing)


@require_POST
def listing_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    scope.require_manage(user)
    listing = get_object_or_404(Listing, pk=pk)
    return run_and_redirect(
        request,
        lambda: services.listing_publish(user=user, listing=listing),
        done=_("The product is now in the public catalogue."),
        to=reverse("catalogue:edit", args=[listing.product_id]),
    )


@require_POST
def listing_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    scope.require_manage(user)
    listing = get_object_or_404(Listing, pk=pk)
    return run_and_redirect(
        request,
        lambda: services.listing_unpublish(user=user, listing=listing),
        done=_("The product is no longer shown to the public."),
        to=reverse("catalogue:edit", args=[listing.product_id]),
    )


@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    scope.require_manage(user)
    listing = get_object_or_404(Listing, pk=pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        for message in form.errors.as_data().values():
            for error in message:
                messages.error(request, " ".join(error.messages))
        return redirect("catalogue:edit", listing.product_id)
    return run_and_redirect(
        request,
        lambda: services.photo_add(
            user=user,
            listing=listing,
            upload=form.cleaned_data["image"],
            caption=form.cleaned_data["caption"],
        ),
        done=_("Photo added."),
        to=reverse("catalogue:edit", args=[listing.product_id]),
    )


@require_POST
def photo_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    scope.require_manage(user)
    photo = get_object_or_404(ListingPhoto.objects.select_related("listing"), pk=pk)
    product_id = photo.listing.product_id
    return run_and_redirect(
        request,
        lambda: services.photo_remove(user=user, photo=photo),
        done=_("Photo removed."),
        to=reverse("catalogue:edit", args=[product_id]),
    )


@require_GET
def listing_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who changed the listing, when, and what (officers, admins and viewers)."""
    scope.require_read(request_user(request))
    listing = get_object_or_404(Listing.objects.select_related("product"), pk=pk)
    back = reverse("catalogue:edit", args=[listing.product_id])
    return history_page(
        request,
        title=_("History of %(name)s") % {"name": listing.public_name},
        crumbs=[(reverse("catalogue:list"), _("Catalogue")), (back, listing.public_name)],
        back=back,
        back_text=_("Back to the catalogue page"),
        entries=record_history(obj=listing, reasons=services.REASONS),
    )


@require_http_methods(["GET", "POST"])
def village_story(request: HttpRequest, code: str) -> HttpResponse:
    user = request_user(request)
    scope.require_manage(user)
    village = get_object_or_404(Region, code=code, level=Level.VILLAGE)
    current = VillageStory.objects.filter(village=village).first()
    form = VillageStoryForm(
        request.POST or None, initial={"story": current.story if current else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.village_story_save(
                user=user, village=village, story=form.cleaned_data["story"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("catalogue:list")
    context = {"village": village, "form": form}
    return render(request, "catalogue/office_story.html", context)
