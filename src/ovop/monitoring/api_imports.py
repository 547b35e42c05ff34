"""Imports through the API, the same jobs as the pages' (``services_imports``):

- POST monitoring/rounds/{id}/imports/ — multipart: ``kind`` ("values": the round's office
  spreadsheet, "field": a KoboToolbox or ODK Central export) and ``file``; 201 with the job.
  A small file is checked at once (status "checked" or "refused" with every bad row); a large
  one is checked by the background worker (status "checking": poll the job).
- POST monitoring/registry-imports/ — multipart: ``region`` (the regency's id) and ``file``.
- GET monitoring/imports/{id}/ — the job: status, progress (rows read, written, errors so
  far), the dry run's counts, the bad rows (sheet, row, column, reason).
- POST monitoring/imports/{id}/confirm/ — JSON ``accept_new``: rows of a registry file that
  are new businesses, not the duplicates they resemble; the write is all or nothing.
- POST monitoring/imports/{id}/cancel/ — stops a check or a write (nothing is kept).

Administrators and officers only (403 otherwise); an import another officer made answers
404 (an administrator reaches every one). An upload larger than the import limit answers 413
before it is read.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from ovop.core.api import error_responses
from ovop.core.parsers import LimitedJSONParser
from ovop.monitoring import jobs, scope, services_imports
from ovop.monitoring.api_common import MonitoringView, manager, read_input
from ovop.monitoring.models import ImportJob
from ovop.monitoring.models_imports import ImportKind
from ovop.monitoring.selectors_rounds import round_get
from ovop.regions.models import Level, Region

#: Slack for the multipart envelope around the file.
ENVELOPE_BYTES = 65_536


class UploadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class RoundImportIn(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=[ImportKind.VALUES, ImportKind.FIELD])
    file = serializers.FileField(help_text="XLSX, XLS, ODS or CSV (comma or semicolon).")


class RegistryImportIn(serializers.Serializer[Any]):
    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.filter(level=Level.REGENCY),
        help_text="The regency whose villages the file names.",
    )
    file = serializers.FileField(help_text="XLSX, XLS, ODS or CSV (comma or semicolon).")


class ImportConfirmIn(serializers.Serializer[Any]):
    accept_new = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=10_000_000),
        max_length=jobs.MAX_PROBLEMS,
        required=False,
        default=list,
        help_text="Rows of a registry file to store as new businesses despite a close match.",
    )


def job_out(job: ImportJob) -> dict[str, Any]:
    progress = jobs.progress_read(job)
    return {
        "id": job.pk,
        "kind": job.kind,
        "round": job.round_id,
        "region": job.region_id,
        "file_name": job.file_name,
        "file_bytes": job.file_bytes,
        "status": job.status,
        "status_label": job.get_status_display(),
        "message": job.message,
        "progress": {
            "phase": progress.phase,
            "rows_read": progress.rows_read,
            "rows_written": progress.rows_written,
            "errors": progress.errors,
        },
        "counts": job.counts,
        "problems": job.problems,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


def _refuse_too_large(request: Request) -> None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return
    if length > services_imports.max_bytes() + ENVELOPE_BYTES:
        limit = services_imports.max_bytes() // 1_048_576
        raise UploadTooLarge(f"The file is larger than the {limit} MB an import may be.")


def _job(request: Request, pk: int) -> ImportJob:
    user = manager(request)
    job = ImportJob.objects.select_related("round", "created_by").filter(pk=pk).first()
    if job is None or (job.created_by_id != user.pk and not scope.is_admin(user)):
        raise Http404
    return job


class RoundImportCreate(MonitoringView):
    """Upload a file of the round's values; its dry run starts at once."""

    parser_classes = [MultiPartParser]  # noqa: RUF012 - REST framework's

    @extend_schema(
        request=RoundImportIn,
        responses={201: OpenApiTypes.OBJECT, **error_responses(400, 403, 404, 413, 415)},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = manager(request)
        round_ = round_get(user=user, pk=pk)
        _refuse_too_large(request)
        data = read_input(RoundImportIn, request)
        job = services_imports.import_upload(
            user=user, kind=data["kind"], upload=data["file"], round_=round_
        )
        return Response(job_out(job), status=status.HTTP_201_CREATED)


class RegistryImportCreate(MonitoringView):
    """Upload the office's list of IKM; its dry run starts at once."""

    parser_classes = [MultiPartParser]  # noqa: RUF012 - REST framework's

    @extend_schema(
        request=RegistryImportIn,
        responses={201: OpenApiTypes.OBJECT, **error_responses(400, 403, 413, 415)},
    )
    def post(self, request: Request) -> Response:
        user = manager(request)
        _refuse_too_large(request)
        data = read_input(RegistryImportIn, request)
        job = services_imports.import_upload(
            user=user, kind=ImportKind.REGISTRY, upload=data["file"], region=data["region"]
        )
        return Response(job_out(job), status=status.HTTP_201_CREATED)


class ImportDetail(MonitoringView):
    """The import: status, progress, counts and bad rows."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT, **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(job_out(_job(request, pk)))


class ImportConfirm(MonitoringView):
    """Write a checked import: every row or none."""

    parser_classes = [LimitedJSONParser]  # noqa: RUF012 - REST framework's

    @extend_schema(
        request=ImportConfirmIn,
        responses={200: OpenApiTypes.OBJECT, **error_responses(400, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        job = _job(request, pk)
        data = read_input(ImportConfirmIn, request)
        done = services_imports.import_confirm(
            user=manager(request), job=job, accept_new=data["accept_new"]
        )
        return Response(job_out(done))


class ImportCancel(MonitoringView):
    """Stop a check or a write, or drop a checked import: nothing of it is stored."""

    @extend_schema(
        request=None, responses={200: OpenApiTypes.OBJECT, **error_responses(400, 403, 404)}
    )
    def post(self, request: Request, pk: int) -> Response:
        job = _job(request, pk)
        done = services_imports.import_cancel(user=manager(request), job=job)
        return Response(job_out(done))
