"""Writes to rating schemes: create, clone, edit a draft, activate, archive (the shipped
schemes are installed by ``services_versions``).

A scheme version that has been in use is never edited: a change is a clone (the next version,
a draft), edited and then activated. Activating a version archives the code's older active one.
Only administrators manage schemes; every change is kept by django-simple-history.
"""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.analysis import AnalysisError
from ovop.analysis.rating import Scheme
from ovop.core.history import save_with_history
from ovop.rating import scope
from ovop.rating.models import RatingScheme, SchemeStatus


def _require_admin(user: User | None) -> None:
    if user is not None and not scope.can_admin_schemes(user):
        raise PermissionDenied


#: What an administrator starts from when creating a scheme from nothing.
NEW_SCHEME_TEMPLATE: dict[str, Any] = {
    "code": "new-scheme",
    "version": 1,
    "name": "New rating scheme",
    "groups": [
        {
            "id": "A",
            "label": "Production",
            "items": [
                {
                    "id": "a_material",
                    "label": "Local raw material",
                    "options": [
                        {"id": "o1", "label": "Less than half", "points": 1},
                        {"id": "o2", "label": "Half or more", "points": 2},
                        {"id": "o3", "label": "All", "points": 3},
                    ],
                }
            ],
        }
    ],
    "cutoffs_pct": [0, 40, 55, 70, 85],
    "gates": [],
}


@transaction.atomic
def scheme_create(
    *,
    user: User,
    definition: object,
    configurable_defaults: list[str] | None = None,
    source: str = "",
    name_id: str = "",
) -> RatingScheme:
    """A new scheme (a code not used before) as version 1, in draft; ``name_id`` is its name
    in Indonesian (``labels_id["name"]``, see ``ovop.rating.definition``)."""
    _require_admin(user)
    try:
        parsed = Scheme.from_dict(definition).to_dict()
    except AnalysisError as exc:
        raise ValidationError({"definition": [str(exc)]}) from None
    if parsed["version"] != 1:
        raise ValidationError({"definition": [_("version: a new scheme starts at version 1.")]})
    if RatingScheme.objects.filter(code=parsed["code"]).exists():
        raise ValidationError(
            {
                "definition": [
                    _("code: %(code)s is already used; clone that scheme for a new version.")
                    % {"code": parsed["code"]}
                ]
            }
        )
    scheme = RatingScheme(
        code=parsed["code"],
        version=1,
        name=parsed["name"],
        source=source,
        definition=parsed,
        configurable_defaults=configurable_defaults or [],
        labels_id=with_name_id({}, name_id),
        status=SchemeStatus.DRAFT,
        created_by=user,
    )
    return save_with_history(scheme, user=user, reason="created")


def with_name_id(labels_id: dict[str, Any], name_id: str) -> dict[str, Any]:
    """``labels_id`` with the Indonesian name set to ``name_id`` (removed when empty)."""
    labels = {k: v for k, v in labels_id.items() if k != "name"}
    return {"name": name_id.strip(), **labels} if name_id.strip() else labels


@transaction.atomic
def scheme_clone(*, user: User, scheme: RatingScheme) -> RatingScheme:
    """A new draft version of ``scheme``'s code with a copy of its definition and labels."""
    _require_admin(user)
    top = RatingScheme.objects.filter(code=scheme.code).aggregate(v=Max("version"))["v"]
    version = int(top or 0) + 1
    definition = copy.deepcopy(scheme.definition)
    definition["version"] = version
    clone = RatingScheme(
        code=scheme.code,
        version=version,
        name=scheme.name,
        source=scheme.source,
        definition=definition,
        configurable_defaults=copy.deepcopy(scheme.configurable_defaults),
        labels_id=copy.deepcopy(scheme.labels_id),
        status=SchemeStatus.DRAFT,
        created_by=user,
    )
    return save_with_history(clone, user=user, reason=f"cloned from version {scheme.version}")


def parse_definition(scheme: RatingScheme, definition: object) -> dict[str, Any]:
    """The validated definition; errors name the path (e.g. ``groups[1].items[0].label``)."""
    try:
        parsed = Scheme.from_dict(definition)
    except AnalysisError as exc:
        raise ValidationError({"definition": [str(exc)]}) from None
    if parsed.code != scheme.code or parsed.version != scheme.version:
        raise ValidationError(
            {
                "definition": [
                    _("code and version: must stay %(code)s and %(version)s.")
                    % {"code": scheme.code, "version": scheme.version}
                ]
            }
        )
    return parsed.to_dict()


@transaction.atomic
def scheme_update(
    *,
    user: User,
    scheme: RatingScheme,
    definition: object,
    configurable_defaults: list[str] | None = None,
    name_id: str | None = None,
) -> RatingScheme:
    """Replace a draft's definition (validated); a scheme in use or archived is refused.
    ``name_id`` (when given) replaces the Indonesian name; "" removes it."""
    _require_admin(user)
    if scheme.status != SchemeStatus.DRAFT:
        raise ValidationError(
            {"definition": [_("Only a draft version can be edited; clone this one instead.")]}
        )
    scheme.definition = parse_definition(scheme, definition)
    scheme.name = scheme.definition["name"]
    if configurable_defaults is not None:
        scheme.configurable_defaults = configurable_defaults
    if name_id is not None:
        scheme.labels_id = with_name_id(scheme.labels_id or {}, name_id)
    return save_with_history(scheme, user=user, reason="definition edited")


@transaction.atomic
def scheme_activate(*, user: User, scheme: RatingScheme) -> RatingScheme:
    """Put a draft in use; the code's other active version is archived."""
    _require_admin(user)
    if scheme.status != SchemeStatus.DRAFT:
        raise ValidationError({"status": [_("Status: only a draft can be put in use.")]})
    for older in RatingScheme.objects.filter(code=scheme.code, status=SchemeStatus.ACTIVE):
        older.status = SchemeStatus.ARCHIVED
        save_with_history(older, user=user, reason=f"replaced by version {scheme.version}")
    scheme.status = SchemeStatus.ACTIVE
    return save_with_history(scheme, user=user, reason="put in use")


@transaction.atomic
def scheme_archive(*, user: User, scheme: RatingScheme) -> RatingScheme:
    """Stop inviting assessments on this version; its results stay valid."""
    _require_admin(user)
    if scheme.status == SchemeStatus.ARCHIVED:
        raise ValidationError({"status": [_("Status: this version is already archived.")]})
    scheme.status = SchemeStatus.ARCHIVED
    return save_with_history(scheme, user=user, reason="archived")
