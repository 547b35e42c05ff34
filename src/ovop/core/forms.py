"""Form helpers shared by every app."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on ``form``: next to the field it names, or at the
    top (prefixed with the field's name when the form has no such field)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        target = field if field in form.fields else None
        for message in messages:
            if (
                target is None
                and field != NON_FIELD_ERRORS
                and not message.startswith(field.capitalize())
            ):
                message = f"{field}: {message}"
            form.add_error(target, message)
