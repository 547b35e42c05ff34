"""One error shape for the whole API: {"error": message, "fields": {field: [messages]}}.

Every error of every endpoint comes through ``exception_handler`` (REST framework's
EXCEPTION_HANDLER setting), so an endpoint just lets a refusal propagate:

- a serializer's errors (REST framework's ``ValidationError``): each field's messages under its
  name, nested ones flattened to dotted paths (``scores[1].value``) so that a client always
  finds plain strings under a name that says where the problem is; the general messages (or
  "Invalid input.") as the error;
- a service's ``django.core.exceptions.ValidationError``: its messages are whole sentences that
  name their subject ("Reason: …"), so all of them, joined, are the error, and each keyed one
  stays under its key as well (400);
- ``PermissionDenied`` (403), ``Http404`` (404), a refused sign-in (401/403) and every other
  REST framework error: their one message as the error, no fields.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

#: Where a serializer puts the errors that belong to no field.
GENERAL = (api_settings.NON_FIELD_ERRORS_KEY, NON_FIELD_ERRORS)


def _flatten(value: Any, path: str, into: dict[str, list[str]]) -> None:
    if isinstance(value, dict):  # a ListField's errors come keyed by the row number
        for key, inner in value.items():
            step = f"[{key}]" if isinstance(key, int) else f".{key}" if path else str(key)
            _flatten(inner, f"{path}{step}", into)
    elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        for index, inner in enumerate(value):
            if inner:
                _flatten(inner, f"{path}[{index}]", into)
    else:
        messages = value if isinstance(value, list) else [value]
        into.setdefault(path, []).extend(str(m) for m in messages)


def _general(fields: dict[str, list[str]]) -> list[str]:
    return [message for key in GENERAL for message in fields.pop(key, [])]


def service_error_body(error: DjangoValidationError) -> dict[str, Any]:
    """A service's refusal in the one shape: every message in the error, keyed ones by key."""
    if not hasattr(error, "error_dict"):
        return {"error": " ".join(error.messages), "fields": {}}
    fields = {key: list(messages) for key, messages in error.message_dict.items()}
    general = _general(fields)
    text = " ".join([*general, *(m for messages in fields.values() for m in messages)])
    return {"error": text, "fields": fields}


def _shaped(data: Any) -> Any:
    if isinstance(data, dict) and "detail" in data and len(data) == 1:
        return {"error": str(data["detail"]), "fields": {}}
    if isinstance(data, dict):
        fields: dict[str, list[str]] = {}
        _flatten(data, "", fields)
        general = _general(fields)
        return {"error": " ".join(general) or _("Invalid input."), "fields": fields}
    if isinstance(data, list):
        return {"error": " ".join(str(m) for m in data), "fields": {}}
    return data


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        return Response(service_error_body(exc), status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)  # PermissionDenied and Http404 included
    if response is not None:
        response.data = _shaped(response.data)
    return response


# --- the error shape in the OpenAPI schema ----------------------------------------------------

#: The one error body, as the schema describes it (a component named "Error").
ERROR_SERIALIZER = inline_serializer(
    name="Error",
    fields={
        "error": serializers.CharField(help_text=gettext_lazy("What went wrong, in a sentence.")),
        "fields": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text=gettext_lazy(
                "The messages for each field to blame, by its name (nested ones by a dotted "
                "path such as scores[1].value); empty when no one field is to blame."
            ),
        ),
    },
)

ERROR_DESCRIPTIONS = {
    400: gettext_lazy("The request is refused: a value is invalid or a rule is not met."),
    403: gettext_lazy("Not signed in, or the caller may not do this."),
    404: gettext_lazy("No such record among those the caller may see, or no such page."),
    405: gettext_lazy("The record is frozen (an approved plan, say): it cannot be changed."),
    413: gettext_lazy("The upload is larger than this address accepts."),
    415: gettext_lazy("The body is not in a form this address reads (a multipart form here)."),
    429: gettext_lazy("Too many requests from this address; try again in a minute."),
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """The schema's responses for these error status codes, all in the one error shape:
    ``responses={200: Out, **error_responses(400, 403, 404)}`` in an ``extend_schema``."""
    return {
        code: OpenApiResponse(response=ERROR_SERIALIZER, description=ERROR_DESCRIPTIONS[code])
        for code in codes
    }
