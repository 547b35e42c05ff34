"""Writes for the price list (Standar Satuan Harga) of a fiscal year: record, edit, archive,
restore one item. The spreadsheet import lives in ``services_prices_import``.

A code is unique within the year; a unit cost is whole rupiah above zero. Every refusal names
its field; a closed year is refused unless an administrator gives a reason.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import REASON_ARCHIVED, REASON_RESTORED, save_with_history
from ovop.core.models import archive, restore
from ovop.planning import scope
from ovop.planning.choices import MAX_MONEY_IDR, ActivityType
from ovop.planning.guard import ensure_open
from ovop.planning.models import FiscalYear, PriceItem


def price_errors(
    *, code: str, name: str, unit: str, unit_cost_idr: int | None, activity_type: str
) -> dict[str, str]:
    """What is wrong with one item's values, by field (shared with the import)."""
    errors: dict[str, str] = {}
    if not code.strip():
        errors["code"] = _("Code: give the item a code.")
    elif len(code.strip()) > 30:
        errors["code"] = _("Code: at most 30 characters.")
    if not name.strip():
        errors["name"] = _("Item: give the item a name.")
    elif len(name.strip()) > 200:
        errors["name"] = _("Item: at most 200 characters.")
    if not unit.strip():
        errors["unit"] = _("Unit: give the unit, such as person-day or package.")
    elif len(unit.strip()) > 40:
        errors["unit"] = _("Unit: at most 40 characters.")
    if unit_cost_idr is None or unit_cost_idr < 1:
        errors["unit_cost_idr"] = _("Unit cost: give an amount above Rp 0.")
    elif unit_cost_idr > MAX_MONEY_IDR:
        errors["unit_cost_idr"] = _("Unit cost: at most Rp 1.000.000.000.000.")
    if activity_type and activity_type not in ActivityType.values:
        errors["activity_type"] = _("Activity type: choose one of the types offered.")
    return errors


def _check_code(year: FiscalYear, code: str, exclude_pk: int | None = None) -> None:
    same = PriceItem.objects.filter(fiscal_year=year, code__iexact=code)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError(
            {
                "code": _("Code: the %(year)s price list already has an item %(code)s.")
                % {"year": year.year, "code": code}
            }
        )


def _check(year: FiscalYear, values: dict[str, object], exclude_pk: int | None = None) -> None:
    errors = price_errors(**values)  # type: ignore[arg-type]
    if errors:
        raise ValidationError(errors)
    _check_code(year, str(values["code"]).strip(), exclude_pk)


@transaction.atomic
def price_item_create(
    *,
    user: User,
    year: FiscalYear,
    code: str,
    name: str,
    unit: str,
    unit_cost_idr: int,
    activity_type: str = "",
    reason: str = "",
) -> PriceItem:
    scope.require_planner(user)
    history_reason = ensure_open(year, user=user, reason=reason)
    values = {
        "code": code,
        "name": name,
        "unit": unit,
        "unit_cost_idr": unit_cost_idr,
        "activity_type": activity_type,
    }
    _check(year, values)
    item = PriceItem(
        fiscal_year=year,
        code=code.strip(),
        name=name.strip(),
        unit=unit.strip(),
        unit_cost_idr=unit_cost_idr,
        activity_type=activity_type,
    )
    return save_with_history(item, user=user, reason=history_reason or "created")


@transaction.atomic
def price_item_update(
    *,
    user: User,
    item: PriceItem,
    code: str,
    name: str,
    unit: str,
    unit_cost_idr: int,
    activity_type: str = "",
    reason: str = "",
) -> PriceItem:
    """Change an item. Proposals that copied its unit cost keep their own (they may have
    been adjusted); the new cost applies to proposals that pick the item from now on."""
    scope.require_planner(user)
    history_reason = ensure_open(item.fiscal_year, user=user, reason=reason)
    if item.archived_at is not None:
        raise ValidationError(
            _("Price list item %(code)s is archived; restore it before changing it.")
            % {"code": item.code}
        )
    values = {
        "code": code,
        "name": name,
        "unit": unit,
        "unit_cost_idr": unit_cost_idr,
        "activity_type": activity_type,
    }
    _check(item.fiscal_year, values, exclude_pk=item.pk)
    item.code, item.name, item.unit = code.strip(), name.strip(), unit.strip()
    item.unit_cost_idr, item.activity_type = unit_cost_idr, activity_type
    return save_with_history(item, user=user, reason=history_reason or "edited")


@transaction.atomic
def price_item_archive(*, user: User, item: PriceItem, reason: str = "") -> PriceItem:
    scope.require_planner(user)
    history_reason = ensure_open(item.fiscal_year, user=user, reason=reason)
    return archive(item, user=user, reason=history_reason or reason.strip() or REASON_ARCHIVED)


@transaction.atomic
def price_item_restore(*, user: User, item: PriceItem, reason: str = "") -> PriceItem:
    scope.require_planner(user)
    history_reason = ensure_open(item.fiscal_year, user=user, reason=reason)
    return restore(item, user=user, reason=history_reason or REASON_RESTORED)
