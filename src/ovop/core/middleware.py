"""Request-level safety: a locked SQLite database answers 503 (try again), never 500."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

#: Seconds a client is asked to wait before it tries again.
RETRY_AFTER_S = 5


def is_database_locked(error: BaseException | None) -> bool:
    """Whether an exception is SQLite's "database is locked" (a writer waited too long)."""
    return isinstance(error, OperationalError) and "locked" in str(error)


def database_busy_response(request: HttpRequest) -> HttpResponse:
    """503 with a message to try again: JSON for the API, a page for everything else."""
    message = _(
        "The database is busy with other changes, and yours was not saved. "
        "Please try again in a moment."
    )
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"error": message, "fields": {}}, status=503)
    else:
        response = render(request, "503.html", {"message": message}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_S)
    return response


class DatabaseLockedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_locked(exception):
            return None
        logger.warning("Database locked, answered 503: %s %s", request.method, request.path)
        return database_busy_response(request)
