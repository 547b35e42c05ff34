"""Error messages of the registry's forms that name their field, in every case.

Django's generic messages ("Enter a whole number.") say nothing of where the problem is; the
same message may reach a user through a summary, a screen reader or the API, away from its
input. ``name_field_errors`` rewrites them on a form so that each one names its field.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, validate_email
from django.utils.text import capfirst
from django.utils.translation import gettext as _

#: Allowed ranges of number fields other than "0 or more".
RANGES: dict[str, tuple[int, int]] = {"founded_year": (1900, 2100), "local_material_pct": (0, 100)}


def _range_check(label: str, low: int, high: int | None) -> Callable[[int | None], None]:
    def check(value: int | None) -> None:
        if value is None:
            return
        if high is not None and not low <= value <= high:
            raise ValidationError(
                _("%(field)s must be between %(low)s and %(high)s.")
                % {"field": label, "low": low, "high": high},
                code="range",
            )
        if value < low:
            raise ValidationError(_("%(field)s cannot be negative.") % {"field": label}, code="min")

    return check


def _model_cap(form: forms.BaseForm, name: str) -> int | None:
    """The largest value the database column of a ModelForm's field holds, if any."""
    meta = getattr(form, "_meta", None)
    model = getattr(meta, "model", None)
    if model is None:
        return None
    limits = [
        int(v.limit_value)
        for v in model._meta.get_field(name).validators
        if isinstance(v, MaxValueValidator) and isinstance(v.limit_value, int)
    ]
    return min(limits) if limits else None


def _cap_check(label: str, cap: int) -> Callable[[int | None], None]:
    def check(value: int | None) -> None:
        if value is not None and value > cap:
            raise ValidationError(_("%(field)s is too large.") % {"field": label}, code="max")

    return check


def _length_check(label: str, limit: int) -> Callable[[str], None]:
    def check(value: str) -> None:
        if len(value) > limit:
            raise ValidationError(
                _("%(field)s: at most %(limit)s characters.") % {"field": label, "limit": limit},
                code="max_length",
            )

    return check


def _email_check(label: str) -> Callable[[str], None]:
    def check(value: str) -> None:
        try:
            validate_email(value)
        except ValidationError as exc:
            raise ValidationError(
                _("%(field)s: enter a valid email address.") % {"field": label}, code="email"
            ) from exc

    return check


def _number_messages(
    form: forms.BaseForm, name: str, field: forms.IntegerField, label: str
) -> None:
    field.error_messages["invalid"] = _("%(field)s must be a whole number.") % {"field": label}
    low, high = RANGES.get(name, (0, None))
    field.validators = [_range_check(label, low, high)]
    cap = _model_cap(form, name)
    if high is None and cap is not None:
        field.validators.append(_cap_check(label, cap))
    field.widget.attrs["min"] = low
    if high is not None:
        field.widget.attrs["max"] = high


def name_field_errors(form: forms.BaseForm, *, free_length: tuple[str, ...] = ()) -> None:
    """Rewrite Django's generic messages so that each one names its field.

    ``free_length`` names text fields whose length the form's own clean_<field> checks.
    """
    for name, field in form.fields.items():
        label = str(capfirst(field.label or name))
        escaped = label.replace("%", "%%")  # for messages Django formats with params later
        field.error_messages["required"] = _("%(field)s is required.") % {"field": label}
        field.error_messages["invalid_choice"] = _(
            "%(field)s: choose one of the options offered."
        ) % {"field": escaped}
        if isinstance(field, forms.IntegerField):
            _number_messages(form, name, field, label)
        elif isinstance(field, forms.DateField):
            field.error_messages["invalid"] = _("%(field)s: enter a date like 31/12/2025.") % {
                "field": label
            }
        elif isinstance(field, forms.EmailField):
            field.validators = [_email_check(label)]
            if field.max_length:
                field.validators.append(_length_check(label, field.max_length))
        elif isinstance(field, forms.CharField):
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]
            if field.max_length and name not in free_length:
                field.validators.append(_length_check(label, field.max_length))
