"""The public catalogue API (read-only, anonymous, throttled per client address):

- ``GET /api/v1/catalogue/products/``: public listings, searched and filtered with the
  parameters of the public search form (``q``, ``kecamatan``, ``category``, ``stars``,
  ``certificates``, ``price_min``, ``price_max``; bounded, a bad value is a 400), 24 a page;
- ``GET /api/v1/catalogue/products/<slug>/``: one listing (404 when not public) with its
  published reviews (stars, text, shortened name, date) and their average.

Only public fields are serialized: no owner, NIK, phone (the WhatsApp address only with the
owner's consent), e-mail (the owner's or a reviewer's), gender, revenue or survey value.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from ovop.catalogue import presenting, selectors, selectors_moderation, selectors_places
from ovop.catalogue.addresses import public_reverse
from ovop.catalogue.forms_public import SearchForm
from ovop.catalogue.models import Listing
from ovop.catalogue.paging import CappedPaginator
from ovop.core.api import error_responses
from ovop.core.api_params import form_parameters
from ovop.core.documents import public_url

MAX_PAGE = 1000
PAGE_PARAMETER = OpenApiParameter(
    "page", int, OpenApiParameter.QUERY, required=False, description="1 to 1000"
)


class CertificateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Output only (every field read-only), like the other serializers here."""

    kind = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    number = serializers.CharField(read_only=True)
    expires_on = serializers.DateField(allow_null=True, read_only=True)


class ListingSerializer(serializers.Serializer):  # type: ignore[type-arg]
    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True)
    category = serializers.CharField(read_only=True)
    village = serializers.CharField(read_only=True)
    village_code = serializers.CharField(read_only=True)
    kecamatan = serializers.CharField(read_only=True)
    price_idr = serializers.IntegerField(allow_null=True, read_only=True)
    unit = serializers.CharField(read_only=True)
    stars = serializers.IntegerField(allow_null=True, read_only=True)
    photos = serializers.ListField(child=serializers.CharField(), read_only=True)


class ListingPageSerializer(serializers.Serializer):  # type: ignore[type-arg]
    count = serializers.IntegerField(
        read_only=True, help_text="Matches counted, at most the cap (see `more`)."
    )
    more = serializers.BooleanField(
        read_only=True,
        help_text="More matches than the cap exist: only the first `count` are offered.",
    )
    page = serializers.IntegerField(read_only=True)
    results = ListingSerializer(many=True, read_only=True)


class PublicReviewSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A published review as the public sees it: no e-mail address, the name shortened."""

    stars = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    date = serializers.DateField(read_only=True)


class ListingDetailSerializer(ListingSerializer):
    story = serializers.CharField(read_only=True)
    raw_material = serializers.CharField(read_only=True)
    enterprise = serializers.CharField(read_only=True)
    whatsapp_url = serializers.CharField(read_only=True)
    marketplace_links = serializers.ListField(child=serializers.CharField(), read_only=True)
    certificates = CertificateSerializer(many=True, read_only=True)
    verification_code = serializers.CharField(allow_null=True, read_only=True)
    review_count = serializers.IntegerField(read_only=True)
    review_average = serializers.FloatField(allow_null=True, read_only=True)
    reviews = PublicReviewSerializer(many=True, read_only=True)


def _place_name(listing: Listing, level: str) -> str:
    """The village's or kecamatan's name, as the selectors annotate it (cards and detail)."""
    return str(getattr(listing, f"{level}_name", None) or "")


def _card(request: Request, listing: Listing, stars: int | None) -> dict[str, Any]:
    photos = [
        public_url(request, presenting.photo_url(photo, 640, "jpg"))
        for photo in listing.card_photos
    ]
    return {
        "slug": listing.slug,
        "name": listing.public_name,
        "url": public_url(request, public_reverse("product", "id", listing.slug)),
        "category": listing.category,
        "village": _place_name(listing, "village"),
        "village_code": listing.village_code,
        "kecamatan": _place_name(listing, "kecamatan"),
        "price_idr": listing.price_idr,
        "unit": listing.unit,
        "stars": stars,
        "photos": photos,
    }


class _Public(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "catalogue"


class ListingListApi(_Public):
    @extend_schema(
        parameters=[*form_parameters(SearchForm), PAGE_PARAMETER],
        responses={200: ListingPageSerializer, **error_responses(400, 429)},
        operation_id="catalogue_products_list",
    )
    def get(self, request: Request) -> Response:
        places = selectors_places.place_choices(every_kecamatan=True)
        form = SearchForm(request.query_params, places=places)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        filters = form.filters()
        pages = CappedPaginator(selectors.listing_search(filters.q, filters), selectors.PAGE_SIZE)
        number = request.query_params.get("page", "1")
        if not number.isdigit() or not 1 <= int(number) <= MAX_PAGE:
            raise ValidationError({"page": [_("A page number from 1 to %(n)d.") % {"n": MAX_PAGE}]})
        page = pages.get_page(int(number))
        rows = [_card(request, x, getattr(x, "stars", None)) for x in page.object_list]
        return Response(
            {"count": pages.count, "more": pages.more, "page": page.number, "results": rows}
        )


class ListingDetailApi(_Public):
    @extend_schema(
        responses={200: ListingDetailSerializer, **error_responses(404, 429)},
        operation_id="catalogue_products_retrieve",
    )
    def get(self, request: Request, slug: str) -> Response:
        listing = selectors.public_listing(slug)
        if listing is None:
            raise Http404
        listing = selectors.with_photos([listing])[0]
        rating = selectors.latest_rating(listing)
        data = _card(request, listing, rating.stars if rating else None)
        certificates = [
            {
                "kind": c.kind,
                "name": c.get_kind_display(),
                "number": c.number,
                "expires_on": c.expires_on,
            }
            for c in selectors.shown_certifications(listing)
        ]
        data.update(
            story=listing.story,
            raw_material=listing.raw_material,
            enterprise=listing.product.enterprise.name,
            whatsapp_url=presenting.whatsapp_url(listing),
            marketplace_links=list(listing.marketplace_links),
            certificates=certificates,
            verification_code=rating.code if rating else None,
        )
        summary = selectors_moderation.review_summary(listing)
        data.update(
            review_count=summary.count,
            review_average=summary.average,
            reviews=[vars(r) for r in selectors_moderation.public_reviews(listing)],
        )
        return Response(ListingDetailSerializer(data).data)
