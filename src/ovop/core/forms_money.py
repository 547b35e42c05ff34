"""The one form field for money: a text input that reads "Rp 60.000.000", "1,5 juta" or "750 rb"
with ``ovop.core.money.parse_rupiah`` and gives whole rupiah, with a message naming the field
when it cannot. The page script ``ovop/money.js`` shows what was understood while typing.

In a ModelForm: ``Meta.field_classes = {"price_idr": MoneyField}`` keeps the model's label and
help text; the bounds are the parser's (0 to ``MAX_RUPIAH``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.widgets import Script
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ovop.core.money import MAX_INPUT_LENGTH, MoneyError, group_thousands, parse_rupiah


class MoneyInput(forms.TextInput):
    """A text input with a numeric keyboard on phones; an amount is shown as "60.000.000"."""

    class Media:
        js = [Script("ovop/money.js", defer=True)]

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {
            "inputmode": "decimal",
            "autocomplete": "off",
            "spellcheck": "false",
            "maxlength": str(MAX_INPUT_LENGTH),
            "data-money": "",
            # Read by money.js: "%s" is replaced by the amount it understood.
            "data-money-read": _("Read as %s"),
            "data-money-unclear": _("Not a clear amount yet: write it like 60.000.000 or 1,5 juta"),
        }
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool):
            return group_thousands(value)
        return super().format_value(value)


class MoneyField(forms.Field):
    """Whole rupiah from what the user typed; ``None`` when empty and not required."""

    widget = MoneyInput

    def __init__(self, **kwargs: Any) -> None:
        # A model's integer column passes its bounds; the parser's (0 to MAX_RUPIAH) apply.
        for bound in ("min_value", "max_value", "step_size"):
            kwargs.pop(bound, None)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values or not str(value).strip():
            return None
        try:
            return parse_rupiah(str(value))
        except MoneyError as exc:
            label = str(capfirst(self.label or _("Amount")))
            raise ValidationError(exc.describe(label), code=exc.code) from exc
