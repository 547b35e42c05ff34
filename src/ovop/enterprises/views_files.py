"""Product photos, served only to users who may see the product (404 to everyone else)."""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from ovop.core.files import file_response
from ovop.core.requests import request_user
from ovop.enterprises import scope
from ovop.enterprises.models import ProductPhoto


@require_GET
def product_photo_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    products = scope.products_visible(request_user(request)).values("pk")
    photo = get_object_or_404(ProductPhoto.objects.filter(product__in=products), pk=pk)
    return file_response(photo.image)
