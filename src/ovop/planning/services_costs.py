"""Writes for the realised costs of an activity, line by line with their receipts.

A receipt is a photo (JPEG, PNG or WebP, stored re-encoded without metadata by
``core.images.photo_clean``) or a PDF (``pdf_check``: it must start as one), at most 5 MB;
anything else is refused naming the field. A cancelled activity takes no new cost. A line
above the activity's planned cost is allowed (the pages warn). Changes and deletions keep
their history (a deletion with its reason).
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import delete_with_history, save_with_history
from ovop.core.images import MAX_PHOTO_BYTES, PDF_MAGIC, pdf_check, photo_clean
from ovop.planning.models import Activity, CostLine
from ovop.planning.services_activities import (
    activity_locked,
    delivery_check,
    require_not_cancelled,
    with_guard,
)


def receipt_clean(upload: UploadedFile) -> UploadedFile:
    """The receipt to store: a photo re-encoded, or a PDF checked and renamed ``.pdf``.
    Refused, naming the field "Receipt", when it is neither or larger than 5 MB."""
    label = _("Receipt")
    if upload.size is not None and upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            {"receipt": _("%(field)s: the file is larger than 5 MB.") % {"field": label}}
        )
    upload.seek(0)
    starts_as_pdf = upload.read(len(PDF_MAGIC)) == PDF_MAGIC
    upload.seek(0)
    claims_pdf = PurePosixPath(upload.name or "").suffix.lower() == ".pdf"
    if starts_as_pdf or claims_pdf or upload.content_type == "application/pdf":
        try:
            pdf_check(upload, label=label)
        except ValidationError as exc:
            raise ValidationError({"receipt": exc.messages}) from exc
        data = upload.read()
        upload.seek(0)
        return SimpleUploadedFile("receipt.pdf", data, content_type="application/pdf")
    try:
        return photo_clean(upload, label=label)
    except ValidationError as exc:
        message = exc.messages[0]
        if exc.error_list[0].code == "photo_invalid":
            message = _("%(field)s: the file is neither a photo (JPEG, PNG or WebP) nor a PDF.") % {
                "field": label
            }
        raise ValidationError({"receipt": message}) from exc


def _check_line(activity: Activity, spent_on: dt.date, description: str, amount_idr: int) -> None:
    errors: dict[str, str] = {}
    year = activity.fiscal_year.year
    if spent_on.year != year:
        errors["spent_on"] = _("Date: pick a day in fiscal year %(year)s.") % {"year": year}
    if not description.strip():
        errors["description"] = _("What was paid for: describe the expense.")
    if amount_idr is None or amount_idr < 1:
        errors["amount_idr"] = _("Amount: give the amount in rupiah (more than zero).")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def cost_add(
    *,
    user: User,
    activity: Activity,
    spent_on: dt.date,
    description: str,
    amount_idr: int,
    receipt: UploadedFile | None = None,
    reason: str = "",
) -> CostLine:
    """Record a realised cost of ``activity`` (refused on a cancelled activity)."""
    fixed = delivery_check(user=user, activity=activity, reason=reason)
    current = activity_locked(activity)
    require_not_cancelled(current, key="activity")
    _check_line(current, spent_on, description, amount_idr)
    line = CostLine(
        activity=current,
        spent_on=spent_on,
        description=description.strip(),
        amount_idr=amount_idr,
        recorded_by=user,
    )
    if receipt is not None:
        line.receipt = receipt_clean(receipt)
    return save_with_history(line, user=user, reason=with_guard(fixed, "cost recorded"))


@transaction.atomic
def cost_update(
    *,
    user: User,
    cost: CostLine,
    spent_on: dt.date,
    description: str,
    amount_idr: int,
    receipt: UploadedFile | None = None,
    reason: str = "",
) -> CostLine:
    """Correct a cost line; a new ``receipt`` replaces the stored one (None keeps it)."""
    fixed = delivery_check(user=user, activity=cost.activity, reason=reason)
    current = (
        CostLine.objects.select_for_update().select_related("activity__fiscal_year").get(pk=cost.pk)
    )
    _check_line(current.activity, spent_on, description, amount_idr)
    current.spent_on, current.description = spent_on, description.strip()
    current.amount_idr = amount_idr
    if receipt is not None:
        current.receipt = receipt_clean(receipt)
    saved = save_with_history(current, user=user, reason=with_guard(fixed, "edited"))
    cost.refresh_from_db()
    return saved


@transaction.atomic
def cost_delete(*, user: User, cost: CostLine, reason: str) -> None:
    """Delete a cost line, saying why; its history keeps it (and the reason)."""
    fixed = delivery_check(user=user, activity=cost.activity, reason=reason)
    cleaned = reason.strip()
    if not cleaned:
        raise ValidationError({"reason": _("Reason: say why the cost line is deleted.")})
    delete_with_history(cost, user=user, reason=with_guard(fixed, cleaned))
