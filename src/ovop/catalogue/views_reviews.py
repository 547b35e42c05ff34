"""The public review form of a product (no login, not cached: each showing carries a fresh
signed timestamp and a CSRF token). A client sending more than ``REVIEWS_PER_HOUR`` reviews an
hour gets 429 with a clear message; a review is public only after moderation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ovop.catalogue import selectors, services_reviews
from ovop.catalogue.addresses import public_reverse
from ovop.catalogue.forms_reviews import ReviewForm, stamp
from ovop.catalogue.views_public import not_found_page, render_public
from ovop.core import ratelimit

REVIEWS_PER_HOUR = 5
TOO_MANY = 429


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def review(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    with translation.override(language):
        request.LANGUAGE_CODE = language
        try:
            response = _review(request, slug, language)
        except Http404:
            response = not_found_page(request, language)
        response["Content-Language"] = language
        add_never_cache_headers(response)
        return response


def _review(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    listing = selectors.public_listing(slug)
    if listing is None:
        raise Http404
    here = public_reverse("review", language, listing.slug)
    context = {
        "listing": listing,
        "product_url": public_reverse("product", language, listing.slug),
        "sent": request.GET.get("sent") == "1",
        "refusal": "",
    }
    status = 200
    if request.method != "POST":
        form = ReviewForm()
    elif not ratelimit.allow("catalogue-review", request, limit=REVIEWS_PER_HOUR, window_s=60 * 60):
        form = ReviewForm()
        context["refusal"] = _(
            "Too many reviews were sent from your connection in the last hour; please try "
            "again later."
        )
        status = TOO_MANY
    else:
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                services_reviews.review_submit(listing=listing, values=form.values())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(f"{here}?sent=1")
        form.data = form.data.copy()
        form.data["started"] = stamp()  # the next try is timed from now
    context["form"] = form
    response = render_public(
        request, "catalogue/public_review.html", context, "review", listing.slug
    )
    response.status_code = status
    return response
