"""Writes to the enterprise registry: enterprises, products, photos and certifications.

Every function checks the caller's right through ``ovop.enterprises.scope`` (so the web pages,
the API and commands share one rule), validates with ``full_clean`` and saves inside one
transaction: either the whole change is stored, with its history row, or nothing is.
Error messages name the field they are about.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from lokal import parse_phone

from ovop.accounts.models import User
from ovop.core.history import REASON_ARCHIVED, save_with_history
from ovop.core.images import photo_clean
from ovop.core.models import archive, restore
from ovop.enterprises import duplicates, scope, signals
from ovop.enterprises.models import Certification, Enterprise, Product, ProductPhoto
from ovop.regions.models import Level, Region

ENTERPRISE_FIELDS = (
    "name",
    "owner_name",
    "owner_gender",
    "village",
    "address",
    "phone",
    "email",
    "nib",
    "kbli",
    "founded_year",
    "workers_male",
    "workers_female",
    "investment_idr",
    "annual_sales_idr",
    "account",
)
PRODUCT_FIELDS = (
    "name",
    "category",
    "description",
    "story",
    "local_material_pct",
    "unit",
    "price_idr",
    "monthly_capacity",
    "published",
)
CERTIFICATION_FIELDS = frozenset({"product", "kind", "number", "issued_on", "expires_on"})

_NIB = re.compile(r"^\d{13}$")
M = TypeVar("M", bound=models.Model)
Errors = dict[str, list[str]]


# --- field rules shared with the forms ---------------------------------------------------------


def phone_normalise(value: str) -> str:
    """An Indonesian phone number as +62…; "" stays "". Raises ValidationError otherwise."""
    value = value.strip()
    if not value:
        return ""
    info = parse_phone(value)
    if not info.valid or info.e164 is None:
        raise ValidationError(
            _("Phone: %(value)s is not an Indonesian phone number (for example 0812-3456-7890).")
            % {"value": value},
            code="phone",
        )
    return info.e164


def nib_check(value: str | None, *, exclude_pk: int | None = None) -> str | None:
    """A cleaned NIB (None when empty); it must be 13 digits and not used by another enterprise."""
    value = re.sub(r"\s", "", value or "")
    if not value:
        return None
    if not _NIB.match(value):
        raise ValidationError(_("NIB must be exactly 13 digits."), code="nib")
    taken = Enterprise.objects.filter(nib=value)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            _("This NIB is already registered to another enterprise."), code="nib_unique"
        )
    return value


def village_level_check(village: Region | None) -> None:
    """The village must be given and be a village (not a kecamatan or a regency)."""
    if village is None:
        raise ValidationError(_("Village is required."), code="required")
    if village.level != Level.VILLAGE:
        raise ValidationError(
            _("Village: %(name)s is a %(level)s, not a village.")
            % {"name": village.name, "level": village.get_level_display()},
            code="not_village",
        )


def village_check(*, user: User, village: Region | None) -> None:
    """The village must exist, be a village, and be one ``user`` may place enterprises in."""
    village_level_check(village)
    assert village is not None
    if not scope.villages_for_new_records(user).filter(pk=village.pk).exists():
        raise ValidationError(
            _("Village: you may not place enterprises in %(name)s.") % {"name": village.name},
            code="village_scope",
        )


# --- helpers ----------------------------------------------------------------------------------


def _assign(
    obj: models.Model, data: Mapping[str, Any], allowed: tuple[str, ...] | frozenset[str]
) -> None:
    unknown = set(data).difference(allowed)
    if unknown:
        raise ValueError(f"Unknown fields for {type(obj).__name__}: {sorted(unknown)}")
    for name, value in data.items():
        setattr(obj, name, value)


def _named(obj: models.Model, field: str, message: str) -> str:
    """``message`` prefixed with the field's name unless it already names it."""
    if field == NON_FIELD_ERRORS:
        return message
    label = str(capfirst(getattr(obj._meta.get_field(field), "verbose_name", field)))
    return message if label.lower() in message.lower() else f"{label}: {message}"


def _add(errors: Errors, field: str, exc: ValidationError) -> None:
    errors.setdefault(field, []).extend(exc.messages)


def _validate(obj: models.Model, errors: Errors | None = None) -> None:
    """``full_clean`` merged with ``errors`` found earlier; raises naming every field."""
    errors = dict(errors or {})
    try:
        obj.full_clean(exclude=set(errors))
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError({f: [_named(obj, f, m) for m in msgs] for f, msgs in errors.items()})


def _locked(model: type[M], pk: int) -> M:
    return model._default_manager.select_for_update().get(pk=pk)


def _require_active(*records: Enterprise | Product) -> None:
    for record in records:
        if record.is_archived:
            raise ValidationError(
                _("%(name)s is archived; restore it before adding to it.") % {"name": record}
            )


# --- enterprises ------------------------------------------------------------------------------


def _enterprise_errors(*, user: User, enterprise: Enterprise, data: Mapping[str, Any]) -> Errors:
    errors: Errors = {}
    if "village" in data:
        try:
            village_check(user=user, village=data["village"])
        except ValidationError as exc:
            _add(errors, "village", exc)
    if "phone" in data:
        try:
            enterprise.phone = phone_normalise(enterprise.phone or "")
        except ValidationError as exc:
            _add(errors, "phone", exc)
    if "nib" in data:
        try:
            enterprise.nib = nib_check(enterprise.nib, exclude_pk=enterprise.pk)
        except ValidationError as exc:
            _add(errors, "nib", exc)
    return errors


def _save_enterprise(enterprise: Enterprise, *, user: User) -> Enterprise:
    """Save; a NIB taken by a concurrent request since the check is reported, not a crash."""
    try:
        with transaction.atomic():
            return save_with_history(enterprise, user=user, clean=False)
    except IntegrityError as exc:
        taken = Enterprise.objects.filter(nib=enterprise.nib).exclude(pk=enterprise.pk)
        if enterprise.nib and taken.exists():
            raise ValidationError(
                {"nib": [_("This NIB is already registered to another enterprise.")]}
            ) from exc
        raise


def _check_account(*, user: User, enterprise: Enterprise, data: Mapping[str, Any]) -> None:
    if "account" in data and data["account"] != enterprise.account and not user.manages:
        raise PermissionDenied(_("Only administrators and officers link owners' accounts."))


@transaction.atomic
def enterprise_create(
    *, user: User, data: Mapping[str, Any], confirm_distinct: bool = False
) -> Enterprise:
    """Register an enterprise; ``data`` holds model field values (village as a Region).

    Without a NIB, one with the same name, owner and village is refused as a likely duplicate
    unless ``confirm_distinct`` says it is a different IKM (``ovop.enterprises.duplicates``).
    """
    if not scope.can_create_enterprise(user):
        raise PermissionDenied
    enterprise = Enterprise()
    _check_account(user=user, enterprise=enterprise, data=data)
    _assign(enterprise, data, ENTERPRISE_FIELDS)
    errors = _enterprise_errors(user=user, enterprise=enterprise, data=data)
    if "village" not in data:
        errors["village"] = [_("Village is required.")]
    _validate(enterprise, errors)
    if not confirm_distinct:
        duplicates.duplicates_refuse(enterprise=enterprise)
    return _save_enterprise(enterprise, user=user)


@transaction.atomic
def enterprise_update(*, user: User, enterprise: Enterprise, data: Mapping[str, Any]) -> Enterprise:
    """Change the fields given in ``data``; moving needs a right in the new village."""
    scope.require_change(user, enterprise)
    current = _locked(Enterprise, enterprise.pk)
    _check_account(user=user, enterprise=current, data=data)
    if "village" in data and data["village"] == current.village:
        data = {k: v for k, v in data.items() if k != "village"}
    _assign(current, data, ENTERPRISE_FIELDS)
    _validate(current, _enterprise_errors(user=user, enterprise=current, data=data))
    saved = _save_enterprise(current, user=user)
    if "village" in data:
        signals.announce([saved.pk])
    return saved


@transaction.atomic
def enterprise_archive(
    *, user: User, enterprise: Enterprise, reason: str = REASON_ARCHIVED
) -> Enterprise:
    """Archive ``enterprise``, ``reason`` kept in its history; never by its owner."""
    scope.require_archive(user, enterprise)
    return archive(_locked(Enterprise, enterprise.pk), user=user, reason=reason)


@transaction.atomic
def enterprise_restore(*, user: User, enterprise: Enterprise) -> Enterprise:
    scope.require_archive(user, enterprise)
    return restore(_locked(Enterprise, enterprise.pk), user=user)


# --- products ---------------------------------------------------------------------------------


@transaction.atomic
def product_create(*, user: User, enterprise: Enterprise, data: Mapping[str, Any]) -> Product:
    scope.require_change(user, enterprise)
    _require_active(enterprise)
    product = Product(enterprise=enterprise)
    _assign(product, data, PRODUCT_FIELDS)
    _validate(product)
    saved = save_with_history(product, user=user, clean=False)
    signals.announce([enterprise.pk])
    return saved


@transaction.atomic
def product_update(*, user: User, product: Product, data: Mapping[str, Any]) -> Product:
    scope.require_change(user, product.enterprise)
    current = _locked(Product, product.pk)
    _assign(current, data, PRODUCT_FIELDS)
    _validate(current)
    saved = save_with_history(current, user=user, clean=False)
    if "category" in data:
        signals.announce([current.enterprise_id])
    return saved


@transaction.atomic
def product_archive(*, user: User, product: Product, reason: str = REASON_ARCHIVED) -> Product:
    scope.require_change(user, product.enterprise)
    return archive(_locked(Product, product.pk), user=user, reason=reason)


@transaction.atomic
def product_restore(*, user: User, product: Product) -> Product:
    scope.require_change(user, product.enterprise)
    return restore(_locked(Product, product.pk), user=user)


@transaction.atomic
def product_photo_add(
    *, user: User, product: Product, image: UploadedFile, caption: str = ""
) -> ProductPhoto:
    scope.require_change(user, product.enterprise)
    _require_active(product.enterprise, product)
    try:
        clean = photo_clean(image)  # re-encoded: no metadata, no trailing data, upright
    except ValidationError as exc:
        raise ValidationError({"image": exc.messages}) from exc
    photo = ProductPhoto(product=product, image=clean, caption=caption)
    _validate(photo)
    return save_with_history(photo, user=user, clean=False)


# --- certifications ---------------------------------------------------------------------------


def _certification_errors(certification: Certification) -> Errors:
    errors: Errors = {}
    product = certification.product
    if product is not None and product.enterprise_id != certification.enterprise_id:
        errors["product"] = [_("Product: choose one of this enterprise's products.")]
    issued, expires = certification.issued_on, certification.expires_on
    if issued is not None and expires is not None and expires < issued:
        errors["expires_on"] = [_("Expires on must be on or after the issue date.")]
    return errors


@transaction.atomic
def certification_create(
    *, user: User, enterprise: Enterprise, data: Mapping[str, Any]
) -> Certification:
    """Record a certificate of ``enterprise``, or of one of its products (``data["product"]``)."""
    scope.require_change(user, enterprise)
    _require_active(enterprise)
    certification = Certification(enterprise=enterprise)
    _assign(certification, data, CERTIFICATION_FIELDS)
    _validate(certification, _certification_errors(certification))
    return save_with_history(certification, user=user, clean=False)


@transaction.atomic
def certification_update(
    *, user: User, certification: Certification, data: Mapping[str, Any]
) -> Certification:
    scope.require_change(user, certification.enterprise)
    current = _locked(Certification, certification.pk)
    _assign(current, data, CERTIFICATION_FIELDS)
    _validate(current, _certification_errors(current))
    return save_with_history(current, user=user, clean=False)


@transaction.atomic
def certification_archive(
    *, user: User, certification: Certification, reason: str = REASON_ARCHIVED
) -> Certification:
    scope.require_change(user, certification.enterprise)
    return archive(_locked(Certification, certification.pk), user=user, reason=reason)


@transaction.atomic
def certification_restore(*, user: User, certification: Certification) -> Certification:
    scope.require_change(user, certification.enterprise)
    return restore(_locked(Certification, certification.pk), user=user)
