"""The API's half of ``ovop.core.text`` and of confirming an irreversible step.

- ``CleanTextSerializerMixin``: put first among the bases of every input serializer: each text
  field's value loses its bidi control characters before validation, a text field that declares
  no ``max_length`` gets one, and a value too long is refused with a message naming the field.
- ``ConfirmIn`` and ``check_confirmed``: an endpoint that does an irreversible step takes
  ``"confirm": true`` and a ``reason`` (kept as the history row's change reason); without them
  it answers 400 naming the field, and does nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.validators import MaxLengthValidator
from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework import serializers

from ovop.core.forms import default_max_length, too_long_message
from ovop.core.text import REASON_MAX_LENGTH, clean_value, has_bidi_controls


def _label(name: str, field: serializers.Field) -> str:  # type: ignore[type-arg]
    text = str(field.label or name.replace("_", " "))
    return text[:1].upper() + text[1:]


def _bound(name: str, field: serializers.CharField) -> None:
    limit = field.max_length or default_max_length(name, multiline=True)
    field.max_length = limit
    message = too_long_message(_label(name, field), limit)
    kept = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators = [*kept, MaxLengthValidator(limit, message=message)]


def _refuse_null_characters(data: Mapping[str, Any]) -> None:
    """A NUL character in any top-level value (a code looked up in the database included) is
    refused: PostgreSQL cannot store or compare it, and no field of ovop takes one."""
    values = data.lists() if isinstance(data, QueryDict) else ((k, [v]) for k, v in data.items())
    bad = {
        str(name): [_("No value may contain a NUL character (U+0000).")]
        for name, items in values
        if any(isinstance(v, str) and "\x00" in v for v in items)
    }
    if bad:
        raise serializers.ValidationError(bad)


class CleanTextSerializerMixin:
    """Every writable text field of the serializer: without bidi controls, and bounded."""

    def get_fields(self) -> dict[str, serializers.Field]:  # type: ignore[type-arg]
        fields: dict[str, serializers.Field] = super().get_fields()  # type: ignore[misc,type-arg]
        for name, field in fields.items():
            if isinstance(field, serializers.CharField) and not field.read_only:
                _bound(name, field)
        return fields

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            _refuse_null_characters(data)
            data = self._without_bidi_controls(data)
        return super().to_internal_value(data)  # type: ignore[misc]

    def _without_bidi_controls(self, data: Mapping[str, Any]) -> Mapping[str, Any]:
        fields: Mapping[str, Any] = getattr(self, "fields")  # noqa: B009 - the serializer's
        names = [
            name
            for name, field in fields.items()
            if isinstance(field, serializers.CharField)
            and not field.read_only
            and isinstance(data.get(name), str)
            and has_bidi_controls(data[name])
        ]
        if not names:
            return data
        if isinstance(data, QueryDict):
            copy = data.copy()
            for name in names:
                copy.setlist(name, [clean_value(v) for v in data.getlist(name)])
            return copy
        return {**data, **{name: clean_value(data[name]) for name in names}}


class ConfirmIn(CleanTextSerializerMixin, serializers.Serializer):  # type: ignore[type-arg]
    """``confirm`` and ``reason``, for an endpoint that does an irreversible step; a
    serializer of such an endpoint derives from it and calls :func:`check_confirmed`."""

    confirm = serializers.BooleanField(
        default=False,
        help_text="true to do the irreversible step; without it the request is refused (400).",
    )
    reason = serializers.CharField(
        default="",
        allow_blank=True,
        max_length=REASON_MAX_LENGTH,
        help_text=f"Why; kept in the record's history (at most {REASON_MAX_LENGTH} characters).",
    )


def check_confirmed(attrs: Mapping[str, Any], *, what: str, reason: bool = True) -> None:
    """Refuse (400 naming ``confirm`` or ``reason``) unless ``attrs`` confirm the step
    described by ``what`` ("finalise the assessment") and, if ``reason``, give a reason."""
    errors: dict[str, list[str]] = {}
    if attrs.get("confirm") is not True:
        errors["confirm"] = [
            _('Confirm: send "confirm": true to %(what)s; it cannot be undone.') % {"what": what}
        ]
    if reason and not str(attrs.get("reason", "")).strip():
        errors["reason"] = [_("Reason: say why; it is kept in the record's history.")]
    if errors:
        raise serializers.ValidationError(errors)
