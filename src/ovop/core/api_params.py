"""Query parameters of an API list, described from the form that reads them.

A list endpoint that validates its query string with a Django form declares its parameters
with ``form_parameters(TheForm)``: each field becomes an optional query parameter whose schema
says what the form accepts (a choice field's values as an enum, a text field's maximum
length), so the schema and the validation cannot drift apart.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from drf_spectacular.utils import OpenApiParameter


def _schema(field: forms.Field) -> dict[str, Any]:
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        choices = cast("list[tuple[object, object]]", field.choices)  # normalised by the field
        values = [str(value) for value, _label in choices]
        if not field.required and "" not in values:  # an empty value asks for the default
            values.insert(0, "")
        return {"type": "string", "enum": values}
    if isinstance(field, forms.CharField):
        schema: dict[str, Any] = {"type": "string"}
        if field.max_length is not None:
            schema["maxLength"] = field.max_length
        return schema
    return {"type": "string"}


def form_parameters(form_class: type[forms.Form]) -> list[OpenApiParameter]:
    """The form's fields as optional query parameters, in the order they are declared."""
    parameters = []
    for name, field in form_class.base_fields.items():
        description = str(field.help_text or field.label or name)
        parameters.append(
            OpenApiParameter(
                name,
                _schema(field),
                OpenApiParameter.QUERY,
                required=False,
                description=description,
            )
        )
    return parameters
