"""The moderation through the API (signed in; the services decide, as on the pages):

- ``GET /api/v1/catalogue/moderation/``: pending proposals with their changes (old → new), their
  new photos (``added_photos``: caption, place once approved, address of the thumbnail the queue
  page shows) and pending reviews (admins, officers, viewers; every other role 403). The
  reviewer's e-mail address is not part of any API answer.
- ``POST /api/v1/catalogue/proposals/{id}/approve/`` (``publish``: also publish the page) and
  ``.../reject/`` (``reason``, required): admins and officers.
- ``POST /api/v1/catalogue/reviews/{id}/publish/``, ``.../hide/``, ``DELETE .../reviews/{id}/``.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ovop.catalogue import scope, selectors_moderation, services_moderation, services_reviews
from ovop.catalogue.models_moderation import REASON_MAX_LENGTH, ListingProposal, Review
from ovop.catalogue.photos import variant_key
from ovop.core.api import error_responses
from ovop.core.api_text import CleanTextSerializerMixin
from ovop.core.parsers import LimitedJSONParser
from ovop.core.requests import request_user


class ReadsCatalogue(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return scope.can_read(request_user(request))


class _Moderation(APIView):
    permission_classes = [ReadsCatalogue]  # noqa: RUF012 - REST framework's
    parser_classes = [LimitedJSONParser]  # noqa: RUF012 - REST framework's


class ListingChangeOut(serializers.Serializer[Any]):
    name = serializers.CharField(read_only=True, help_text="The field's name.")
    title = serializers.CharField(read_only=True, help_text="The field's name, translated.")
    old = serializers.CharField(read_only=True)
    new = serializers.CharField(read_only=True)


#: The copy of a new photo the API links to: the thumbnail the moderation queue page shows.
THUMBNAIL = variant_key(320, "jpg")


class AddedPhotoOut(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True, help_text="The new photo's id.")
    caption = serializers.CharField(
        read_only=True, help_text="What the photo shows, as the owner described it."
    )
    place = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Its position among the listing's photos once the proposal is approved "
        "(1 = first); null when the owner gave it none: it then comes after the photos the "
        "listing keeps, in the order the new photos were uploaded.",
    )
    url = serializers.URLField(
        read_only=True,
        help_text="The absolute address of its 320 px JPEG thumbnail (the copy the moderation "
        "queue page shows), served only to administrators, officers, viewers and the proposing "
        "owner, never cached.",
    )


class ListingProposalOut(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    product_id = serializers.IntegerField(read_only=True)
    product = serializers.CharField(read_only=True)
    new_listing = serializers.BooleanField(read_only=True)
    proposed_by = serializers.CharField(read_only=True)
    proposed_at = serializers.DateTimeField(read_only=True)
    new_photos = serializers.IntegerField(
        read_only=True, help_text="How many new photos approving adds (see added_photos)."
    )
    added_photos = AddedPhotoOut(
        many=True,
        read_only=True,
        help_text="The new photos approving adds, in the order they were uploaded.",
    )
    removed_photos = serializers.ListField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="The ids of the listing's photos approving removes.",
    )
    photo_order = serializers.ListField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="The ids of the listing's present photos it keeps, in the order shown after "
        "approval (the new photos come after them).",
    )
    changes = ListingChangeOut(many=True, read_only=True)


class ModerationReviewOut(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    listing = serializers.CharField(read_only=True)
    stars = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class ModerationQueueOut(serializers.Serializer[Any]):
    proposals = ListingProposalOut(many=True, read_only=True)
    reviews = ModerationReviewOut(many=True, read_only=True)


class ListingProposalApproveIn(serializers.Serializer[Any]):
    publish = serializers.BooleanField(default=False)


class ListingProposalRejectIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=REASON_MAX_LENGTH)


class ModerationDecisionOut(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    status = serializers.CharField(read_only=True)


def _added_photos(
    photos: selectors_moderation.PhotoChanges, request: Request
) -> list[dict[str, Any]]:
    """The new photos, each with the place approval gives it when the owner gave one."""
    places = {s.photo.pk: n for n, s in enumerate(photos.after, start=1) if s.new}
    return [
        {
            "id": p.pk,
            "caption": p.caption,
            "place": places[p.pk] if p.place is not None else None,
            "url": request.build_absolute_uri(
                reverse("files:proposal_photo", args=[p.pk, THUMBNAIL])
            ),
        }
        for p in photos.added
    ]


def _proposal(proposal: ListingProposal, request: Request) -> dict[str, Any]:
    listing = selectors_moderation.listing_of_proposal(proposal)
    changes = selectors_moderation.proposal_changes(proposal, listing)
    photos = selectors_moderation.proposal_photo_changes(proposal, listing)
    return {
        "id": proposal.pk,
        "product_id": proposal.product_id,
        "product": proposal.product.name,
        "new_listing": listing is None,
        "proposed_by": proposal.proposed_by.get_username(),
        "proposed_at": proposal.proposed_at,
        "new_photos": len(photos.added),
        "added_photos": _added_photos(photos, request),
        "removed_photos": [p.pk for p in photos.removed],
        "photo_order": [p.pk for p in photos.kept],
        "changes": [
            {"name": c.name, "title": c.label, "old": c.old, "new": c.new} for c in changes
        ],
    }


def review_out(review: Review) -> dict[str, Any]:
    return {
        "id": review.pk,
        "listing": review.listing.slug,
        "stars": review.stars,
        "text": review.text,
        "name": review.shown_name,
        "status": review.status,
        "created_at": review.created_at,
    }


class QueueApi(_Moderation):
    @extend_schema(
        responses={200: ModerationQueueOut, **error_responses(403)},
        operation_id="catalogue_moderation",
    )
    def get(self, request: Request) -> Response:
        data = {
            "proposals": [_proposal(p, request) for p in selectors_moderation.pending_proposals()],
            "reviews": [review_out(r) for r in selectors_moderation.pending_reviews()],
        }
        return Response(ModerationQueueOut(data).data)


def _input(serializer: type[serializers.Serializer[Any]], request: Request) -> dict[str, Any]:
    data = serializer(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


class ProposalApproveApi(_Moderation):
    @extend_schema(
        request=ListingProposalApproveIn,
        responses={200: ModerationDecisionOut, **error_responses(400, 403, 404)},
        operation_id="catalogue_proposal_approve",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        scope.require_manage(user)
        proposal = get_object_or_404(ListingProposal, pk=pk)
        publish = _input(ListingProposalApproveIn, request)["publish"]
        services_moderation.proposal_approve(user=user, proposal=proposal, publish=publish)
        proposal.refresh_from_db()
        return Response({"id": proposal.pk, "status": proposal.status})


class ProposalRejectApi(_Moderation):
    @extend_schema(
        request=ListingProposalRejectIn,
        responses={200: ModerationDecisionOut, **error_responses(400, 403, 404)},
        operation_id="catalogue_proposal_reject",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        scope.require_manage(user)
        proposal = get_object_or_404(ListingProposal, pk=pk)
        reason = _input(ListingProposalRejectIn, request)["reason"]
        done = services_moderation.proposal_reject(user=user, proposal=proposal, reason=reason)
        return Response({"id": done.pk, "status": done.status})


class ReviewPublishApi(_Moderation):
    @extend_schema(
        request=None,
        responses={200: ModerationDecisionOut, **error_responses(400, 403, 404)},
        operation_id="catalogue_review_publish",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        scope.require_manage(user)
        review = services_reviews.review_publish(user=user, review=get_object_or_404(Review, pk=pk))
        return Response({"id": review.pk, "status": review.status})


class ReviewHideApi(_Moderation):
    @extend_schema(
        request=None,
        responses={200: ModerationDecisionOut, **error_responses(400, 403, 404)},
        operation_id="catalogue_review_hide",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        scope.require_manage(user)
        review = services_reviews.review_hide(user=user, review=get_object_or_404(Review, pk=pk))
        return Response({"id": review.pk, "status": review.status})


class ReviewDeleteApi(_Moderation):
    @extend_schema(
        request=None,
        responses={204: None, **error_responses(400, 403, 404)},
        operation_id="catalogue_review_delete",
    )
    def delete(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        scope.require_manage(user)
        services_reviews.review_delete(user=user, review=get_object_or_404(Review, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
