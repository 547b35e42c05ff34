"""The resized copies of listing photos, served to anyone while the listing is public (404
otherwise), cacheable by browsers and proxies for a day; officers and viewers also see the
photos of listings not yet published, and an owner those of their own products (not cached by
shared caches).

The resized copies of the new photos an owner proposes (``ProposalPhoto``) are never public:
officers, admins and viewers see them in the moderation queue, the owner on their proposal;
anyone else gets 404, a visitor who is not signed in too (not the login page: the address
tells nothing). Nothing keeps them (``no-store``): they are gone once the proposal is decided.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from ovop.catalogue import scope
from ovop.core.files import file_response
from ovop.core.requests import request_user

MAX_AGE_S = 24 * 60 * 60


@login_not_required
@require_safe
def catalogue_photo_file(request: HttpRequest, pk: int, variant: str) -> HttpResponseBase:
    if request.user.is_authenticated:
        user = request_user(request)
        signed_in = scope.can_read(user) or scope.is_owner(user)
        photos = scope.photos_visible(user)
    else:
        signed_in, photos = False, scope.public_photos()
    photo = get_object_or_404(photos, pk=pk)
    name = photo.variants.get(variant)
    if not name:
        raise Http404
    response = file_response(photo.image.field.attr_class(photo, photo.image.field, name))
    if not signed_in:
        response["Cache-Control"] = f"public, max-age={MAX_AGE_S}"
    return response


@login_not_required
@require_safe
def proposal_photo_file(request: HttpRequest, pk: int, variant: str) -> HttpResponseBase:
    if not request.user.is_authenticated:
        raise Http404
    photo = get_object_or_404(scope.proposal_photos_visible(request_user(request)), pk=pk)
    name = photo.variants.get(variant)
    if not name:
        raise Http404
    response = file_response(photo.image.field.attr_class(photo, photo.image.field, name))
    response["Cache-Control"] = "private, no-store"
    return response
