"""Display helpers for the enterprise pages: size class labels and rupiah amounts."""

from __future__ import annotations

from django import template
from django.utils import formats

from ovop.enterprises.models import SizeClass

register = template.Library()


@register.filter
def size_label(value: str | None) -> str:
    """The label of a size class code, "" for none."""
    if not value:
        return ""
    try:
        return str(SizeClass(value).label)
    except ValueError:
        return str(value)


@register.filter
def rupiah(value: int | None) -> str:
    """An amount of rupiah with the current language's thousands separator: "Rp 1.500.000"."""
    if value is None:
        return "—"
    return "Rp " + formats.number_format(value, force_grouping=True)
