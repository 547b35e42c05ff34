"""Template helpers of flagship selection: a criterion's unit and allowed values said once.

A criterion on the default 1-to-5 scale stores its unit as "1-5" (``Criterion.unit``); shown
next to its allowed values that read "1-5, 1–5". Such a unit only restates the range, so the
range is shown alone (or the unit reads "score" where a column asks for it).
"""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

register = template.Library()

_DASHES = re.compile(r"\s*[-–—]\s*")


def _number(value: float) -> str:
    return f"{value:g}"


def restates_range(criterion: Any) -> bool:
    """True when the stored unit is the criterion's allowed range written out ("1-5")."""
    unit = _DASHES.sub("-", str(criterion.unit or "").strip())
    return unit == f"{_number(criterion.min_value)}-{_number(criterion.max_value)}"


def _range(criterion: Any) -> str:
    return f"{floatformat(criterion.min_value, '-2')}–{floatformat(criterion.max_value, '-2')}"


@register.filter
def criterion_scale(criterion: Any) -> str:
    """The range ("1–5") after the unit when the unit says something of its own ("rupiah")."""
    if restates_range(criterion) or not criterion.unit:
        return _range(criterion)
    return f"{criterion.unit}, {_range(criterion)}"


@register.filter
def criterion_unit(criterion: Any) -> str:
    """The unit for a "Unit" column: "score" when the stored unit only restates the range."""
    return _("score") if restates_range(criterion) else str(criterion.unit)
