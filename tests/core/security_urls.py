"""ovop's URLs and error handlers, plus a few views that fail on purpose (for
tests/core/test_security_requests.py): an API view that reads its body, and views that raise
PermissionDenied, an unexpected error or SQLite's "database is locked"."""

from __future__ import annotations

from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import HttpRequest
from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ovop import urls


class Echo(APIView):
    def post(self, request: Request) -> Response:
        return Response({"received": request.data})


def refuse(request: HttpRequest) -> NoReturn:
    raise PermissionDenied


def fail(request: HttpRequest) -> NoReturn:
    raise RuntimeError("a bug")


def locked(request: HttpRequest) -> NoReturn:
    raise OperationalError("database is locked")


urlpatterns = [
    path("api/v1/test/echo/", Echo.as_view()),
    path("api/v1/test/refuse/", refuse),
    path("api/v1/test/fail/", fail),
    path("api/v1/test/locked/", locked),
    path("test/locked/", locked),
    path("test/fail/", fail),
    *urls.urlpatterns,
]
handler400 = urls.handler400
handler403 = urls.handler403
handler404 = urls.handler404
handler500 = urls.handler500
