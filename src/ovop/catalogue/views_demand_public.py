"""The public side of demand: the product page counted (outside its cache), the counting
redirects to WhatsApp and the marketplaces, and the buyer's inquiry with its thank-you page.

The counting redirects go only to the listing's own ``wa.me`` address or one of its own
marketplace links (by position), never to an address taken from the request. The inquiry form
is also on the cached product page, which every buyer shares: it carries no CSRF token (the
form changes nothing of a session; the honeypot, the signed time stamp and the rate limit keep
robots out) and its time stamp is put in on every answer (``forms_inquiry.STARTED_MARKER``).
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from ovop.catalogue import presenting, selectors, services_demand, services_inquiries
from ovop.catalogue.addresses import public_reverse
from ovop.catalogue.forms_inquiry import STARTED_MARKER, InquiryForm, started_token
from ovop.catalogue.models import DemandKind, Listing
from ovop.catalogue.views_public import not_found_page, product, render_public
from ovop.core import ratelimit
from ovop.core.forms import add_service_errors
from ovop.core.login_throttle import client_ip

RATE_WINDOW_S = 60 * 60
TOO_MANY = 429


@login_not_required
def product_counted(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """The product page (from its cache or not), counted as a view when a person reads it,
    with a fresh time stamp in its inquiry form."""
    response = product(request, slug, language=language)
    if response.status_code != 200 or response.streaming:
        return response
    if request.method == "GET" and not services_demand.is_robot(request):
        listing_id = Listing.objects.filter(slug=slug).values_list("pk", flat=True).first()
        if listing_id is not None:
            services_demand.count(listing_id=listing_id, kind=DemandKind.VIEW)
    marker = STARTED_MARKER.encode()
    if marker in response.content:
        response.content = response.content.replace(marker, started_token().encode())
    return response


def _listing_or_404(slug: str) -> Listing:
    listing = selectors.public_listing(slug)
    if listing is None:
        raise Http404
    return listing


def _go(request: HttpRequest, listing: Listing, kind: DemandKind, url: str) -> HttpResponse:
    if not services_demand.is_robot(request):
        services_demand.count(listing_id=listing.pk, kind=kind)
    response = HttpResponseRedirect(url)
    response["X-Robots-Tag"] = "noindex, nofollow"
    add_never_cache_headers(response)
    return response


def _public(view: Any) -> Any:
    """No login; the page's language from its address; the catalogue's 404 page."""

    @login_not_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, language: str, **kwargs: Any) -> HttpResponse:
        with translation.override(language):
            request.LANGUAGE_CODE = language
            try:
                response: HttpResponse = view(request, *args, language=language, **kwargs)
            except Http404:
                response = not_found_page(request, language)
        response["Content-Language"] = language
        return response

    return wrapper


@_public
@require_safe
def go_whatsapp(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """Count a WhatsApp click and go to the listing's own wa.me address."""
    listing = _listing_or_404(slug)
    url = presenting.whatsapp_url(listing)
    if not url:
        raise Http404
    return _go(request, listing, DemandKind.WHATSAPP, url)


@_public
@require_safe
def go_marketplace(request: HttpRequest, slug: str, index: int, language: str) -> HttpResponse:
    """Count a marketplace click and go to the listing's own link number ``index``."""
    listing = _listing_or_404(slug)
    links = list(listing.marketplace_links)
    if not 0 <= index < len(links):
        raise Http404
    return _go(request, listing, DemandKind.MARKETPLACE, links[index])


def _inquiry_page(
    request: HttpRequest, listing: Listing, form: InquiryForm, status: int = 200
) -> HttpResponse:
    language = translation.get_language() or "id"
    if form.is_bound:  # a fresh time stamp for the next try
        form.data = form.data.copy()
        form.data["started"] = started_token()
    else:
        form.initial["started"] = started_token()
    context = {
        "listing": listing,
        "form": form,
        "product_url": public_reverse("product", language, listing.slug),
        "retention_months": settings.OVOP_INQUIRY_RETENTION_MONTHS,
    }
    response = render_public(
        request, "catalogue/public_inquiry.html", context, "inquiry", listing.slug
    )
    response.status_code = status
    add_never_cache_headers(response)
    return response


def _too_many(request: HttpRequest, listing: Listing) -> HttpResponse:
    language = translation.get_language() or "id"
    context = {"product_url": public_reverse("product", language, listing.slug)}
    response = render_public(request, "catalogue/public_429.html", context, "inquiry", listing.slug)
    response.status_code = TOO_MANY
    response["Retry-After"] = str(RATE_WINDOW_S)
    return response


@csrf_exempt
@_public
@require_http_methods(["GET", "HEAD", "POST"])
def inquiry(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """The inquiry form on its own page, and where the product page's form is sent."""
    listing = _listing_or_404(slug)
    if request.method != "POST":
        return _inquiry_page(request, listing, InquiryForm())
    allowed = ratelimit.hit(
        "inquiry",
        client_ip(request),
        limit=settings.OVOP_INQUIRY_RATE_PER_HOUR,
        window_s=RATE_WINDOW_S,
    )
    if not allowed:
        return _too_many(request, listing)
    form = InquiryForm(request.POST)
    thanks = public_reverse("inquiry_thanks", language, listing.slug)
    if form.is_robot:  # the honeypot: answered as if sent, nothing stored
        return HttpResponseRedirect(thanks, status=303)
    if not form.is_valid():
        return _inquiry_page(request, listing, form, status=400)
    data = form.cleaned_data
    try:
        services_inquiries.inquiry_submit(
            listing=listing,
            name=data["name"],
            phone=data["phone"],
            email=data["email"],
            quantity=data["quantity"],
            message=data["message"],
            language=language,
            site=request.build_absolute_uri("/"),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _inquiry_page(request, listing, form, status=400)
    return HttpResponseRedirect(thanks, status=303)


@_public
@require_safe
def inquiry_thanks(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    listing = _listing_or_404(slug)
    context = {
        "listing": listing,
        "product_url": public_reverse("product", language, listing.slug),
        "retention_months": settings.OVOP_INQUIRY_RETENTION_MONTHS,
    }
    response = render_public(
        request, "catalogue/public_inquiry_thanks.html", context, "inquiry_thanks", listing.slug
    )
    add_never_cache_headers(response)
    return response
