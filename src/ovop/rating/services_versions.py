"""The shipped rating schemes: install every shipped version, idempotently.

ovop ships Kemenperin's OVOP form (version 1: legality gates voted by the assessors; version 2:
the legality gates — NIB, P-IRT or BPOM MD, halal — decided by the registry) and Vietnam's OCOP
structure (version 1). ``scheme_install_fixtures`` installs what is missing:

- a scheme code not installed before (a fresh installation) gets its newest shipped version in
  use and the earlier ones archived (kept, as any earlier version is, for the ratings issued
  under it);
- a code already installed keeps the version in use: a newer shipped version arrives as a draft
  that an administrator puts in use on the scheme page (``scheme_activate`` archives the old
  one), an older one missing here arrives archived.

A version already there (same code and version number) is left as it is, so a second run writes
nothing. ``shipped_differs`` tells when such a version is not the shipped one (an administrator
made or edited a version with that number).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ovop.accounts.models import User
from ovop.analysis.rating import Scheme
from ovop.core.history import save_with_history
from ovop.rating import scope
from ovop.rating.models import RatingScheme, SchemeStatus

#: Every shipped scheme version, oldest first within a code.
FIXTURES = ("kemenperin-ovop-v1.json", "kemenperin-ovop-v2.json", "ocop-vietnam-v1.json")

#: The shipped versions after a code's first (``scheme_install_version`` installs one of them).
#: kemenperin-ovop v2: the legality gates (NIB, P-IRT or BPOM MD, halal) decided by the registry.
SHIPPED_VERSIONS = ("kemenperin-ovop-v2.json",)


def _require_admin(user: User | None) -> None:
    if user is not None and not scope.can_admin_schemes(user):
        raise PermissionDenied


def fixture_data(name: str) -> dict[str, Any]:
    text = resources.files("ovop.rating").joinpath("fixtures", name).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _shipped(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fixture's data and its definition in stored (normalised) form."""
    data = fixture_data(name)
    return data, Scheme.from_dict(data["definition"]).to_dict()


def _create(
    data: dict[str, Any], definition: dict[str, Any], status: str, user: User | None
) -> RatingScheme:
    scheme = RatingScheme(
        code=definition["code"],
        version=definition["version"],
        name=definition["name"],
        source=data.get("source", ""),
        definition=definition,
        configurable_defaults=data.get("configurable_defaults", []),
        labels_id=data.get("labels_id", {}),
        status=status,
        created_by=user,
    )
    return save_with_history(scheme, user=user, reason="installed from fixture")


def _status(version: int, newest: int, installed: set[int]) -> str:
    """The status a missing shipped ``version`` is installed with (see the module's rules)."""
    if not installed:
        return SchemeStatus.ACTIVE if version == newest else SchemeStatus.ARCHIVED
    return SchemeStatus.DRAFT if version > max(installed) else SchemeStatus.ARCHIVED


@transaction.atomic
def scheme_install_fixtures(*, user: User | None = None) -> list[RatingScheme]:
    """Install the shipped scheme versions that are missing; every shipped version, installed
    now or found, in ``FIXTURES`` order (so the last one of a code is its newest)."""
    _require_admin(user)
    by_code: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    for name in FIXTURES:
        data, definition = _shipped(name)
        by_code.setdefault(definition["code"], []).append((data, definition))
    result: list[RatingScheme] = []
    for code, versions in by_code.items():
        found = {s.version: s for s in RatingScheme.objects.filter(code=code)}
        installed = set(found)
        newest = max(d["version"] for _data, d in versions)
        for data, definition in versions:
            scheme = found.get(definition["version"])
            if scheme is None:
                status = _status(definition["version"], newest, installed)
                scheme = _create(data, definition, status, user)
            result.append(scheme)
    return result


def shipped_differs(scheme: RatingScheme) -> bool:
    """True when ``scheme`` has the code and version of a shipped one but not its definition."""
    for name in FIXTURES:
        _data, definition = _shipped(name)
        if (definition["code"], definition["version"]) == (scheme.code, scheme.version):
            return bool(definition != scheme.definition)
    return False


@transaction.atomic
def scheme_install_version(*, user: User | None = None, name: str) -> RatingScheme:
    """Install the shipped later version ``name`` as a draft unless its code and version
    exist (then return that one): idempotent."""
    _require_admin(user)
    if name not in SHIPPED_VERSIONS:
        raise ValueError(f"{name!r} is not a shipped scheme version")
    data, definition = _shipped(name)
    found = RatingScheme.objects.filter(
        code=definition["code"], version=definition["version"]
    ).first()
    if found is not None:
        return found
    return _create(data, definition, SchemeStatus.DRAFT, user)
