"""Error pages (handler400/403/404/500): JSON in the API's error shape under /api/, pages
elsewhere. With DEBUG off, a client of the API never receives an HTML page."""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

from ovop.core.middleware import database_busy_response, is_database_locked


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _json(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message, "fields": {}}, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        if isinstance(exception, RequestDataTooBig):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            return _json(
                _("The request body is larger than %(limit)s bytes.") % {"limit": limit}, 400
            )
        return _json(_("Bad request."), 400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(_("You do not have permission to perform this action."), 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(_("Not found."), 404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while it handles the exception, so sys.exc_info() names it: a lock
    # raised outside a view (a session or login record being saved) is a 503 here too.
    if is_database_locked(sys.exc_info()[1]):
        return database_busy_response(request)
    if _is_api(request):
        return _json(_("A server error occurred."), 500)
    return defaults.server_error(request)
