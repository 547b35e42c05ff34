"""The one API field for money: whole rupiah out; in, an integer or the strings the pages read
("Rp 60.000.000", "1,5 juta"; rules in ``ovop.core.money``). The schema says integer."""

from __future__ import annotations

import math
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ovop.core.money import MAX_RUPIAH, MoneyError, check_rupiah, parse_rupiah


@extend_schema_field({"type": "integer", "format": "int64", "minimum": 0, "maximum": MAX_RUPIAH})
class MoneySerializerField(serializers.Field):  # type: ignore[type-arg]
    """Integer rupiah; error messages name the field by its label (or its name)."""

    def _label(self) -> str:
        name = self.label or self.field_name or ""
        return str(name[:1].upper() + name[1:]) if name else ""

    def to_internal_value(self, data: Any) -> int:
        try:
            if isinstance(data, float):
                if not data.is_integer():
                    raise MoneyError(
                        "fraction" if math.isfinite(data) else "not_understood", str(data)
                    )
                data = int(data)
            if isinstance(data, bool) or not isinstance(data, int | str):
                raise MoneyError("not_understood", str(data))
            return check_rupiah(data) if isinstance(data, int) else parse_rupiah(data)
        except MoneyError as exc:
            raise serializers.ValidationError(
                exc.describe(self._label() or None), code=exc.code
            ) from exc

    def to_representation(self, value: int) -> int:
        return int(value)
