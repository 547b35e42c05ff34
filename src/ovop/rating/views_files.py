"""Assessment evidence photos, served only to users who may see the assessment (404 to
everyone else, the product's owner included: the assessors' working papers are not theirs)."""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from ovop.core.files import file_response
from ovop.core.requests import request_user
from ovop.rating import scope
from ovop.rating.models import AssessmentPhoto


@require_GET
def assessment_photo_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    assessments = scope.assessments_visible(request_user(request)).values("pk")
    photo = get_object_or_404(AssessmentPhoto.objects.filter(assessment__in=assessments), pk=pk)
    return file_response(photo.image)
