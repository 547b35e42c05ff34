"""Writes of star rating: invite an assessor, save or finalise an assessment, issue a rating.

Scheme management lives in ``services_scheme``. Every function checks the caller through
``ovop.rating.scope``, validates, and saves in one transaction: a refused or invalid write
leaves every row as it was. Error messages name the item or field they are about.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.accounts.models import Role, User
from ovop.analysis.rating import Scheme, Settlement, score
from ovop.core.history import save_with_history
from ovop.core.images import photo_clean
from ovop.enterprises.models import Product
from ovop.rating import scope, selectors
from ovop.rating.definition import Labels
from ovop.rating.models import (
    Assessment,
    AssessmentPhoto,
    AssessmentStatus,
    RatingScheme,
    SchemeStatus,
    StarRating,
    coaching_tier,
)
from ovop.rating.services_scheme import (
    NEW_SCHEME_TEMPLATE,
    scheme_activate,
    scheme_archive,
    scheme_clone,
    scheme_create,
    scheme_update,
)
from ovop.rating.services_versions import (
    SHIPPED_VERSIONS,
    scheme_install_fixtures,
    scheme_install_version,
    shipped_differs,
)

__all__ = [  # the scheme services are re-exported: one import point for callers
    "NEW_SCHEME_TEMPLATE",
    "SHIPPED_VERSIONS",
    "assessment_invite",
    "assessment_save",
    "scheme_activate",
    "scheme_archive",
    "scheme_clone",
    "scheme_create",
    "scheme_install_fixtures",
    "scheme_install_version",
    "scheme_update",
    "shipped_differs",
    "star_rating_issue",
]

#: No 0/O, 1/I/L: a code read aloud or typed from paper is not mistaken.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


@transaction.atomic
def assessment_invite(
    *, user: User, product: Product, scheme: RatingScheme, assessor: User
) -> Assessment:
    """Invite ``assessor`` to rate ``product`` against ``scheme`` (officers and admins)."""
    scope.require(scope.can_manage(user))
    errors: dict[str, list[str]] = {}
    if scheme.status != SchemeStatus.ACTIVE:
        errors["scheme"] = [_("Scheme: only a scheme version in use can be rated against.")]
    if assessor.role != Role.ASSESSOR or not assessor.is_active:
        errors["assessor"] = [_("Assessor: %(user)s is not an assessor.") % {"user": assessor}]
    if product.is_archived:
        errors["product"] = [_("Product: an archived product cannot be rated.")]
    if Assessment.objects.filter(product=product, scheme=scheme, assessor=assessor).exists():
        errors["assessor"] = [
            _("Assessor: %(user)s is already invited to rate this product on this scheme.")
            % {"user": assessor}
        ]
    if errors:
        raise ValidationError(errors)
    assessment = Assessment(product=product, scheme=scheme, assessor=assessor, invited_by=user)
    return save_with_history(assessment, user=user, reason="invited")


def _checked_answers(scheme: RatingScheme, answers: object) -> dict[str, str]:
    """Answers as item id -> option id; unknown items and options are errors naming the item."""
    if not isinstance(answers, Mapping):
        raise ValidationError({"answers": [_("Answers: must map each item to an option.")]})
    parsed = Scheme.from_dict(scheme.definition)
    items = parsed.items_by_id()
    labels = Labels(scheme.labels_id or {})
    errors: dict[str, list[str]] = {}
    clean: dict[str, str] = {}
    for item_id, option_id in answers.items():
        item = items.get(item_id) if isinstance(item_id, str) else None
        if item is None:
            errors["answers"] = [
                _("Answers: this scheme has no item %(item)r.") % {"item": item_id}
            ]
            continue
        if option_id in (None, ""):
            continue
        label = labels.get("items", item.id, item.label)
        if not isinstance(option_id, str) or item.option(option_id) is None:
            errors[f"answers.{item.id}"] = [
                _("%(item)s: %(option)r is not one of its options.")
                % {"item": label, "option": option_id}
            ]
            continue
        clean[item.id] = option_id
    if errors:
        raise ValidationError(errors)
    return clean


def _missing_error(scheme: RatingScheme, missing: Sequence[str]) -> ValidationError:
    labels = Labels(scheme.labels_id or {})
    by_id = Scheme.from_dict(scheme.definition).items_by_id()
    names = ", ".join(labels.get("items", i, by_id[i].label) for i in missing)
    return ValidationError(
        {
            "answers": [
                _("Finalise: every item needs an answer; missing: %(items)s.") % {"items": names}
            ]
        }
    )


@transaction.atomic
def assessment_save(
    *,
    user: User,
    assessment: Assessment,
    answers: Mapping[str, Any],
    evidence: str,
    finalise: bool,
    photos: Sequence[tuple[UploadedFile, str]] = (),
    reason: str = "",
) -> Assessment:
    """Save the assessor's answers, evidence note and photos; finalise if asked (``reason``
    for the history). A draft may be incomplete; finalising needs every item answered. A final
    one is not changed: the row is locked and its status read again under the lock, so a save
    that raced a finalise (the page loaded before it) is refused, not made a draft again."""
    if not scope.can_rate(user, assessment):
        raise PermissionDenied
    stored = Assessment.objects.select_for_update().only("status").get(pk=assessment.pk)
    if stored.status == AssessmentStatus.FINAL:
        raise ValidationError(
            {"status": [_("Status: this assessment is final and can no longer be changed.")]}
        )
    parsed = Scheme.from_dict(assessment.scheme.definition)
    clean = {  # the registry, not the assessor, answers the items of registry gates
        k: v
        for k, v in _checked_answers(assessment.scheme, answers).items()
        if k not in parsed.registry_items()
    }
    registry = selectors.product_registry(product=assessment.product).facts()
    result = score(parsed, clean, registry=registry)
    if finalise and result.missing_items:
        raise _missing_error(assessment.scheme, result.missing_items)
    cleaned: list[tuple[UploadedFile, str]] = []
    for k, (image, caption) in enumerate(photos):
        try:
            cleaned.append((photo_clean(image), caption))  # re-encoded, without metadata
        except ValidationError as exc:
            raise ValidationError({f"photos.{k}" if k else "photo": exc.messages}) from exc
    assessment.answers = clean
    assessment.evidence = evidence
    assessment.result = result.to_dict()
    assessment.status = AssessmentStatus.FINAL if finalise else AssessmentStatus.DRAFT
    assessment.finalised_at = timezone.now() if finalise else None
    default = "finalised" if finalise else "draft saved"
    save_with_history(assessment, user=user, reason=reason or default)
    for image, caption in cleaned:
        photo = AssessmentPhoto(assessment=assessment, image=image, caption=caption)
        photo.full_clean()
        photo.save()
    return assessment


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not StarRating.objects.filter(verification_code=code).exists():
            return code


def _tie_error(
    scheme: RatingScheme, ties: Sequence[str], votes: Mapping[str, int]
) -> ValidationError:
    labels = Labels(scheme.labels_id or {})
    by_id = Scheme.from_dict(scheme.definition).items_by_id()
    return ValidationError(
        {
            f"settlements.{item}": [
                _(
                    "%(gate)s: the assessors are split %(n)s to %(n)s on this gate; settle it "
                    "(passed or failed) with a reason before the rating is issued."
                )
                % {"gate": labels.get("items", item, by_id[item].label), "n": votes[item]}
            ]
            for item in ties
        }
    )


@transaction.atomic
def star_rating_issue(
    *,
    user: User,
    product: Product,
    scheme: RatingScheme,
    how: str = "mean",
    settlements: Mapping[str, Settlement] | None = None,
) -> StarRating:
    """Combine the final assessments of ``product`` on ``scheme`` into a star rating, as
    ``selectors.panel_preview`` shows it; refused while a tied gate is not settled."""
    preview = selectors.panel_preview(
        user=user, product=product, scheme=scheme, how=how, settlements=settlements
    )
    panel = preview.panel
    if panel.ties:
        votes = {d.gate.item: d.passes for d in panel.gate_decisions}
        raise _tie_error(scheme, panel.ties, votes)
    rating = StarRating(
        product=product,
        scheme=scheme,
        stars=panel.stars,
        percent=panel.percent,
        result=panel.to_dict(),
        tier=coaching_tier(panel.stars),
        verification_code=_new_code(),
        issued_by=user,
    )
    save_with_history(rating, user=user, reason="issued")
    rating.assessments.set(preview.finals)
    return rating
