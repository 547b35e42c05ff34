"""Writes of the indicator library and of targets.

An indicator's code is fixed once values use it (it is the column of every export and the
question name of every field form); its type and parts cannot change under stored values
either, nor can an option that stored answers chose be removed. A shipped default is edited
like any other and stays marked as a configurable default. An archived indicator is restored
before it is changed or given targets; a one-of-a-list indicator has no number to aim at.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import REASON_ARCHIVED, delete_with_history, save_with_history
from ovop.core.models import archive, restore
from ovop.monitoring import scope
from ovop.monitoring.choices import ValueType
from ovop.monitoring.models import Indicator, Target, Value
from ovop.regions.models import Level, Region

#: Fields an officer edits (``is_default`` and ``created_at`` are the system's).
FIELDS = (
    "code",
    "name_id",
    "name_en",
    "domain",
    "unit",
    "value_type",
    "direction",
    "aggregation",
    "level",
    "by_gender",
    "by_youth",
    "options",
    "min_value",
    "max_value",
    "definition_id",
    "definition_en",
    "source",
)
FIXED_UNDER_VALUES = ("code", "value_type", "by_gender", "by_youth")
#: The change reason of a removed target (shown translated by the history page).
REASON_REMOVED = "removed"
TARGET_LEVELS = (Level.REGENCY, Level.KECAMATAN, Level.VILLAGE)


def _label(name: str) -> str:
    field = Indicator._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(capfirst(field.verbose_name))


def _require_active(indicator: Indicator) -> None:
    if indicator.archived_at is not None:
        raise ValidationError(
            _("Indicator “%(code)s” is archived; restore it before changing it.")
            % {"code": indicator.code}
        )


def _check_fixed(indicator: Indicator, fields: dict[str, Any]) -> None:
    """Refuse what stored values forbid: a new code, type or parts, a chosen option removed."""
    stored = Value.objects.filter(indicator=indicator)
    if not stored.exists():
        return
    errors: dict[str, Any] = {
        f: _("%(field)s cannot change: values are stored under this indicator.")
        % {"field": _label(f)}
        for f in FIXED_UNDER_VALUES
        if f in fields and fields[f] != getattr(indicator, f)
    }
    if "options" in fields and indicator.value_type == ValueType.CHOICE:
        kept = {str(o.get("code")) for o in fields["options"] or [] if isinstance(o, dict)}
        chosen = set(stored.exclude(choice="").values_list("choice", flat=True).distinct())
        if chosen - kept:
            errors["options"] = _(
                "Options: stored answers chose %(codes)s; keep those options."
            ) % {"codes": ", ".join(sorted(chosen - kept))}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def indicator_create(*, user: User, **fields: Any) -> Indicator:
    scope.require_manager(user)
    indicator = Indicator(**{k: v for k, v in fields.items() if k in FIELDS})
    return save_with_history(indicator, user=user, reason="created")


@transaction.atomic
def indicator_update(*, user: User, indicator: Indicator, **fields: Any) -> Indicator:
    scope.require_manager(user)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    _require_active(indicator)
    fields = {k: v for k, v in fields.items() if k in FIELDS}
    _check_fixed(indicator, fields)
    for name, value in fields.items():
        setattr(indicator, name, value)
    return save_with_history(indicator, user=user, reason="edited")


@transaction.atomic
def indicator_archive(*, user: User, indicator: Indicator, reason: str = "") -> Indicator:
    """Archive ``indicator``: new rounds no longer offer it; stored values and targets stay."""
    scope.require_manager(user)
    return archive(indicator, user=user, reason=reason.strip() or REASON_ARCHIVED)


@transaction.atomic
def indicator_restore(*, user: User, indicator: Indicator) -> Indicator:
    scope.require_manager(user)
    return restore(indicator, user=user)


@transaction.atomic
def target_set(
    *,
    user: User,
    indicator: Indicator,
    region: Region,
    year: int,
    target_value: Decimal,
    baseline_value: Decimal | None = None,
    note: str = "",
) -> Target:
    """Create or change the target of ``indicator`` for ``region`` and ``year``."""
    scope.require_manager(user)
    _require_active(indicator)
    if indicator.value_type == ValueType.CHOICE:
        raise ValidationError(
            _("A one-of-a-list indicator has no number to aim at; it takes no target.")
        )
    if region.level not in TARGET_LEVELS:
        raise ValidationError(
            {"region": _("Region: choose the regency, a kecamatan or a village.")}
        )
    target = (
        Target.objects.select_for_update()
        .filter(indicator=indicator, region=region, year=year)
        .first()
    )
    reason = "edited" if target is not None else "created"
    if target is None:
        target = Target(indicator=indicator, region=region, year=year)
    target.target_value = target_value
    target.baseline_value = baseline_value
    target.note = note.strip()
    target.updated_by = user
    return save_with_history(target, user=user, reason=reason)


@transaction.atomic
def target_remove(*, user: User, target: Target, reason: str = "") -> None:
    """Delete ``target``; its history keeps it, with ``reason``."""
    scope.require_manager(user)
    delete_with_history(target, user=user, reason=reason.strip() or REASON_REMOVED)
