"""Template filters of the planning pages: a scenario's benefit under its basis."""

from __future__ import annotations

from django import template

from ovop.planning import words_benefit
from ovop.planning.models import Scenario

register = template.Library()


@register.filter
def benefit(value: float | None, scenario: Scenario) -> str:
    """``{{ value|benefit:s }}``: "310,0" (rubric) or "Rp 1.250.000" (measured)."""
    return "—" if value is None else words_benefit.benefit_number(value, scenario.benefit_basis)


@register.filter
def benefit_words(value: float | None, scenario: Scenario) -> str:
    """``{{ value|benefit_words:s }}``: "310,0" or "Rp 1.250.000 extra monthly revenue"."""
    return "—" if value is None else words_benefit.benefit_words(value, scenario.benefit_basis)


@register.filter
def benefit_tick(value: float, scenario: Scenario) -> str:
    """A label of the frontier chart's benefit axis (rupiah in millions when measured)."""
    return words_benefit.benefit_tick(value, scenario.benefit_basis)
