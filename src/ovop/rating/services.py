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
from ovop.analysis.rating import RatingResult, Scheme, combine, score
from ovop.core.images import photo_check
from ovop.enterprises.models import Product
from ovop.rating import scope
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
    scheme_install_fixtures,
    scheme_update,
)

__all__ = [  # the scheme services are re-exported: one import point for callers
    "NEW_SCHEME_TEMPLATE",
    "assessment_invite",
    "assessment_save",
    "scheme_activate",
    "scheme_archive",
    "scheme_clone",
    "scheme_create",
    "scheme_install_fixtures",
    "scheme_update",
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
    assessment.full_clean()
    assessment.save()
    return assessment


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
) -> Assessment:
    """Save the invited assessor's answers, evidence note and photos; finalise if asked.

    A draft may be incomplete; finalising needs every item answered. A final assessment is
    not changed again.
    """
    if not scope.can_rate(user, assessment):
        raise PermissionDenied
    if assessment.status == AssessmentStatus.FINAL:
        raise ValidationError(
            {"status": [_("Status: this assessment is final and can no longer be changed.")]}
        )
    clean = _checked_answers(assessment.scheme, answers)
    result = score(Scheme.from_dict(assessment.scheme.definition), clean)
    if finalise and result.missing_items:
        raise _missing_error(assessment.scheme, result.missing_items)
    for k, (image, _caption) in enumerate(photos):
        try:
            photo_check(image)
        except ValidationError as exc:
            raise ValidationError({f"photos.{k}" if k else "photo": exc.messages}) from exc
    assessment.answers = clean
    assessment.evidence = evidence
    assessment.result = result.to_dict()
    assessment.status = AssessmentStatus.FINAL if finalise else AssessmentStatus.DRAFT
    assessment.finalised_at = timezone.now() if finalise else None
    assessment._change_reason = "finalised" if finalise else "draft saved"  # type: ignore[attr-defined]
    assessment.full_clean()
    assessment.save()
    for image, caption in photos:
        photo = AssessmentPhoto(assessment=assessment, image=image, caption=caption)
        photo.full_clean()
        photo.save()
    return assessment


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not StarRating.objects.filter(verification_code=code).exists():
            return code


@transaction.atomic
def star_rating_issue(
    *, user: User, product: Product, scheme: RatingScheme, how: str = "mean"
) -> StarRating:
    """Combine the final assessments of ``product`` on ``scheme`` into a star rating."""
    scope.require(scope.can_manage(user))
    finals = list(
        Assessment.objects.filter(
            product=product, scheme=scheme, status=AssessmentStatus.FINAL
        ).order_by("pk")
    )
    if not finals:
        raise ValidationError(
            {"scheme": [_("Scheme: no final assessment of this product on this scheme yet.")]}
        )
    if how not in ("mean", "median"):
        raise ValidationError({"how": [_("How: must be mean or median.")]})
    parsed = Scheme.from_dict(scheme.definition)
    results = [RatingResult.from_dict(a.result or {}) for a in finals]
    panel = combine(results, "mean" if how == "mean" else "median", scheme=parsed)
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
    rating.full_clean()
    rating.save()
    rating.assessments.set(finals)
    return rating
