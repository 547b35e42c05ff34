"""One error shape for the whole API: {"error": message, "fields": {field: [messages]}}."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and "detail" in data and len(data) == 1:
        response.data = {"error": str(data["detail"]), "fields": {}}
    elif isinstance(data, dict):
        fields = {
            key: [str(m) for m in (v if isinstance(v, list) else [v])] for key, v in data.items()
        }
        general = fields.pop("non_field_errors", [])
        response.data = {"error": " ".join(general) or _("Invalid input."), "fields": fields}
    elif isinstance(data, list):
        response.data = {"error": " ".join(str(m) for m in data), "fields": {}}
    return response
