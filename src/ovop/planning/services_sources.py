"""Writes for budget sources: record, edit, archive and restore the sources of a fiscal year.

A new source starts from the configurable default rules of its kind
(``choices.DEFAULT_TYPES``, ``rules_are_default``); once the officer changes the activity types
it may pay for, the rules are the officer's own and ``rules_are_default`` is cleared. Dana Desa
belongs to one village. Every refusal names its field; a closed year is refused unless an
administrator gives a reason (``guard.ensure_open``), kept in the history.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import REASON_ARCHIVED, REASON_RESTORED, save_with_history
from ovop.core.models import archive, restore
from ovop.planning import scope
from ovop.planning.choices import DEFAULT_TYPES, MAX_MONEY_IDR, ActivityType, SourceKind
from ovop.planning.guard import ensure_open
from ovop.planning.models import FiscalYear, Source
from ovop.regions.models import Level, Region


def _check_name(year: FiscalYear, name: str, exclude_pk: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Name: give the source a name.")})
    same = Source.objects.filter(fiscal_year=year, name__iexact=name)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError(
            {
                "name": _("Name: %(year)s already has a source called “%(name)s”.")
                % {"year": year.year, "name": name}
            }
        )
    return name


def _check_fields(
    kind: str, ceiling_idr: int | None, types: Sequence[str], village: Region | None
) -> None:
    errors: dict[str, str] = {}
    if kind not in SourceKind.values:
        errors["kind"] = _("Kind of source: choose one of the kinds offered.")
    if ceiling_idr is None or ceiling_idr < 0 or ceiling_idr > MAX_MONEY_IDR:
        errors["ceiling_idr"] = _("Ceiling: give an amount from Rp 0 to Rp 1.000.000.000.000.")
    unknown = [t for t in types if t not in ActivityType.values]
    if unknown:
        errors["allowed_types"] = _("Activity types: %(codes)s are not activity types.") % {
            "codes": ", ".join(unknown)
        }
    if village is not None and village.level != Level.VILLAGE:
        errors["village"] = _("Village: %(name)s is not a village.") % {"name": village.name}
    elif kind == SourceKind.DANA_DESA and village is None:
        errors["village"] = _("Village: Dana Desa belongs to one village; choose it.")
    if errors:
        raise ValidationError(errors)


def _types(types: Sequence[str]) -> list[str]:
    """The types in the order of the activity type list, each once."""
    chosen = set(types)
    return [t for t in ActivityType.values if t in chosen]


@transaction.atomic
def source_create(
    *,
    user: User,
    year: FiscalYear,
    kind: str,
    name: str,
    ceiling_idr: int,
    allowed_types: Sequence[str] | None = None,
    village: Region | None = None,
    notes: str = "",
    reason: str = "",
) -> Source:
    """Record a source of ``year``. ``allowed_types`` None: the kind's configurable default
    (``rules_are_default`` stays set); a list equal to the default keeps it set too."""
    scope.require_planner(user)
    history_reason = ensure_open(year, user=user, reason=reason)
    default = _types(DEFAULT_TYPES.get(kind, ()))
    types = default if allowed_types is None else list(allowed_types)
    _check_fields(kind, ceiling_idr, types, village)
    source = Source(
        fiscal_year=year,
        kind=kind,
        name=_check_name(year, name),
        ceiling_idr=ceiling_idr,
        allowed_types=_types(types),
        village=village,
        rules_are_default=_types(types) == default,
        notes=notes.strip(),
    )
    return save_with_history(source, user=user, reason=history_reason or "created")


def _require_active(source: Source) -> None:
    if source.archived_at is not None:
        raise ValidationError(
            _("Source “%(name)s” is archived; restore it before changing it.")
            % {"name": source.name}
        )


@transaction.atomic
def source_update(
    *,
    user: User,
    source: Source,
    kind: str,
    name: str,
    ceiling_idr: int,
    allowed_types: Sequence[str],
    village: Region | None = None,
    notes: str = "",
    reason: str = "",
) -> Source:
    """Change a source. Changing the activity types it may pay for makes the rules the
    officer's own (``rules_are_default`` cleared for good)."""
    scope.require_planner(user)
    history_reason = ensure_open(source.fiscal_year, user=user, reason=reason)
    _require_active(source)
    _check_fields(kind, ceiling_idr, allowed_types, village)
    types = _types(allowed_types)
    if types != _types(source.allowed_types) or kind != source.kind:
        source.rules_are_default = False
    source.kind, source.name = kind, _check_name(source.fiscal_year, name, source.pk)
    source.ceiling_idr, source.allowed_types = ceiling_idr, types
    source.village, source.notes = village, notes.strip()
    return save_with_history(source, user=user, reason=history_reason or "edited")


@transaction.atomic
def source_archive(*, user: User, source: Source, reason: str = "") -> Source:
    """Archive ``source``: it no longer counts in the year's budget; it can be restored."""
    scope.require_planner(user)
    history_reason = ensure_open(source.fiscal_year, user=user, reason=reason)
    return archive(source, user=user, reason=history_reason or reason.strip() or REASON_ARCHIVED)


@transaction.atomic
def source_restore(*, user: User, source: Source, reason: str = "") -> Source:
    scope.require_planner(user)
    history_reason = ensure_open(source.fiscal_year, user=user, reason=reason)
    return restore(source, user=user, reason=history_reason or REASON_RESTORED)
