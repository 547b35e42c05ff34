"""Uploaded files: where they are stored and how they are handed out.

Files are stored under names nobody can guess (``<kind>/<yyyy>/<uuid4 hex>.<ext>``) and are
never served from a public ``/media/`` location: each app has a view that finds the record
within the user's scope and answers with ``file_response`` — the bytes (FileResponse), or, with
the setting ``MEDIA_ACCEL_REDIRECT`` on, an ``X-Accel-Redirect`` header telling nginx to send
the file from its ``internal`` location ``ACCEL_PREFIX`` (see the README, "Production").
"""

from __future__ import annotations

import mimetypes
import re
import uuid
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.deconstruct import deconstructible

#: The nginx location (``internal``) that aliases MEDIA_ROOT when MEDIA_ACCEL_REDIRECT is on.
ACCEL_PREFIX = "/protected-media/"
_EXTENSION = re.compile(r"[a-z0-9]{1,8}")


@deconstructible
class UploadTo:
    """``upload_to`` of a file field: ``<kind>/<yyyy>/<uuid4 hex>.<ext>``.

    Only the extension of the uploaded name is kept (lower case; ``bin`` when it is odd).
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __call__(self, instance: Any, filename: str) -> str:
        extension = PurePosixPath(filename).suffix.lower().lstrip(".")
        if not _EXTENSION.fullmatch(extension):
            extension = "bin"
        year = timezone.localdate().year
        return f"{self.kind}/{year:04d}/{uuid.uuid4().hex}.{extension}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadTo) and other.kind == self.kind

    def __hash__(self) -> int:
        return hash(self.kind)


def _headers(response: HttpResponseBase, name: str) -> HttpResponseBase:
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(PurePosixPath(name).name)}"
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def file_response(field_file: FieldFile) -> HttpResponseBase:
    """The stored file of ``field_file`` for a user the caller has already found in scope.

    404 when the record has no file or the file is missing from storage.
    """
    name = field_file.name
    if not name:
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = ACCEL_PREFIX + quote(name)
        return _headers(response, name)
    try:
        handle = field_file.storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError) as exc:
        raise Http404 from exc
    return _headers(FileResponse(handle, content_type=content_type), name)
