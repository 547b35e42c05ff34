"""Template filters of the evaluation pages."""

from __future__ import annotations

from django import template

from ovop.evaluation.presenting_efficiency import money as money_text

register = template.Library()


@register.filter
def money(value: float | None) -> str:
    """Rupiah as the evaluation writes it ("Rp 1.500.000"; two decimals below Rp 100), "—"
    for none."""
    return "—" if value is None else money_text(value)
