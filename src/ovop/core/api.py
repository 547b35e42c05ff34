"""One error shape for the whole API: {"error": message, "fields": {field: [messages]}}.

Nested serializer errors are flattened to dotted paths (``scores[1].value``), so that a client
always finds plain strings under a name that says where the problem is.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def _flatten(value: Any, path: str, into: dict[str, list[str]]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(inner, f"{path}.{key}" if path else str(key), into)
    elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        for index, inner in enumerate(value):
            if inner:
                _flatten(inner, f"{path}[{index}]", into)
    else:
        messages = value if isinstance(value, list) else [value]
        into.setdefault(path, []).extend(str(m) for m in messages)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and "detail" in data and len(data) == 1:
        response.data = {"error": str(data["detail"]), "fields": {}}
    elif isinstance(data, dict):
        fields: dict[str, list[str]] = {}
        _flatten(data, "", fields)
        general = fields.pop("non_field_errors", [])
        response.data = {"error": " ".join(general) or _("Invalid input."), "fields": fields}
    elif isinstance(data, list):
        response.data = {"error": " ".join(str(m) for m in data), "fields": {}}
    return response
