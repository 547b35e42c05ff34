"""Writes for fiscal years: opening one (optionally from the year before) and its rubric weights.

Only planners (administrators and officers) write here (``scope.require_planner``: 403
otherwise). Opening a year may copy the previous year's active sources (names, kinds, rules and
ceilings) and price list, so that the officer starts from last year's figures and edits them.
Changing the weights of a closed year is refused unless an administrator gives a reason
(``guard.ensure_open``), which the history keeps.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import save_with_history
from ovop.planning import scope
from ovop.planning.guard import ensure_open
from ovop.planning.models import FiscalYear, PriceItem, Source

#: The years a fiscal year may have (the model's bounds).
FIRST_YEAR, LAST_YEAR = 2000, 2100
WEIGHT_FIELDS = (
    "weight_beneficiaries",
    "weight_priority",
    "weight_stars",
    "weight_stage",
    "weight_demand",
)


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            {
                "year": _("Fiscal year: give a year from %(first)s to %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            }
        )
    if FiscalYear.objects.filter(year=year).exists():
        raise ValidationError(
            {"year": _("Fiscal year: %(year)s is already open.") % {"year": year}}
        )


def _previous(year: int) -> FiscalYear:
    previous = FiscalYear.objects.filter(year__lt=year).order_by("-year").first()
    if previous is None:
        raise ValidationError(
            {
                "copy_previous": _(
                    "Copy the previous year: there is no fiscal year before %(year)s to copy."
                )
                % {"year": year}
            }
        )
    return previous


def _copy_sources(user: User, source_year: FiscalYear, target: FiscalYear) -> None:
    for old in source_year.sources.filter(archived_at__isnull=True).order_by("pk"):
        new = Source(
            fiscal_year=target,
            kind=old.kind,
            name=old.name,
            ceiling_idr=old.ceiling_idr,
            allowed_types=list(old.allowed_types),
            village_id=old.village_id,
            rules_are_default=old.rules_are_default,
            notes=old.notes,
        )
        save_with_history(new, user=user, reason=f"copied from {source_year.year}")


def _copy_prices(user: User, source_year: FiscalYear, target: FiscalYear) -> None:
    for old in source_year.price_items.filter(archived_at__isnull=True).order_by("pk"):
        new = PriceItem(
            fiscal_year=target,
            code=old.code,
            name=old.name,
            unit=old.unit,
            unit_cost_idr=old.unit_cost_idr,
            activity_type=old.activity_type,
        )
        save_with_history(new, user=user, reason=f"copied from {source_year.year}")


@transaction.atomic
def year_open(*, user: User, year: int, copy_previous: bool = False) -> FiscalYear:
    """Open fiscal ``year``. With ``copy_previous``, the latest earlier year's active sources
    (with their ceilings and rules), price list and rubric weights are copied into it."""
    scope.require_planner(user)
    _check_year(year)
    previous = _previous(year) if copy_previous else None
    fiscal_year = FiscalYear(year=year)
    if previous is not None:
        for name in WEIGHT_FIELDS:
            setattr(fiscal_year, name, getattr(previous, name))
    save_with_history(fiscal_year, user=user, reason="opened")
    if previous is not None:
        _copy_sources(user, previous, fiscal_year)
        _copy_prices(user, previous, fiscal_year)
    return fiscal_year


def _label(name: str) -> str:
    field = FiscalYear._meta.get_field(name)
    return str(getattr(field, "verbose_name", name)).capitalize()


def _check_weights(weights: dict[str, int]) -> None:
    errors = {
        name: _("%(label)s: give a whole number from 0 to 100.") % {"label": _label(name)}
        for name, value in weights.items()
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100
    }
    if errors:
        raise ValidationError(errors)
    if sum(weights.values()) == 0:
        raise ValidationError(
            {"weight_beneficiaries": _("Weights: at least one rubric weight must be above zero.")}
        )


@transaction.atomic
def year_weights_update(
    *,
    user: User,
    year: FiscalYear,
    weight_beneficiaries: int,
    weight_priority: int,
    weight_stars: int,
    weight_stage: int,
    weight_demand: int | None = None,
    reason: str = "",
) -> FiscalYear:
    """Set the five rubric weights of ``year`` (each 0–100, at least one above zero); the
    demand's weight left out (None) keeps its value."""
    scope.require_planner(user)
    history_reason = ensure_open(year, user=user, reason=reason)
    weights = {
        "weight_beneficiaries": weight_beneficiaries,
        "weight_priority": weight_priority,
        "weight_stars": weight_stars,
        "weight_stage": weight_stage,
        "weight_demand": year.weight_demand if weight_demand is None else weight_demand,
    }
    _check_weights(weights)
    for name, value in weights.items():
        setattr(year, name, value)
    return save_with_history(year, user=user, reason=history_reason or "weights changed")
