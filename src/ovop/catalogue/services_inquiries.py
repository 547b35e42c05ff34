"""Writes of inquiries: a buyer sends one, the owner or an officer records its outcome, an
officer erases a buyer's personal data on request, and a purge erases it after the retention
period (``settings.OVOP_INQUIRY_RETENTION_MONTHS``).

Each write validates first, goes through ``save_with_history`` in one transaction; the history
keeps the outcome fields only (``models_demand.PERSONAL_FIELDS`` are not recorded there).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.accounts.models import User
from ovop.catalogue import scope
from ovop.catalogue.models import Inquiry, InquiryStatus, Listing
from ovop.core.history import save_with_history

SENT = "inquiry sent"
OUTCOME = "inquiry outcome recorded"
ERASED = "personal data erased on request"
PURGED = "personal data erased after the retention period"
REASONS = {
    SENT: gettext_lazy("inquiry sent"),
    OUTCOME: gettext_lazy("inquiry outcome recorded"),
    ERASED: gettext_lazy("personal data erased on request"),
    PURGED: gettext_lazy("personal data erased after the retention period"),
}

#: 0812-3456-7890, +62 812 3456 7890, 62812…, (021) 555-1234: the digits after the country or
#: trunk prefix, 8 to 12 of them, not starting with 0 or 1.
_PHONE = re.compile(r"(?:\+62|62|0)([2-9]\d{7,11})")
_PHONE_SEPARATORS = re.compile(r"[\s\-.()]")


def phone_clean(raw: str) -> str:
    """An Indonesian phone number as "+62…", or a ValidationError naming the field."""
    text = _PHONE_SEPARATORS.sub("", raw.strip())
    match = _PHONE.fullmatch(text)
    if not match:
        raise ValidationError(
            {"phone": _("Phone: write an Indonesian number such as 0812-3456-7890 or +62 812…")},
            code="phone_invalid",
        )
    return "+62" + match.group(1)


@transaction.atomic
def inquiry_submit(
    *,
    listing: Listing,
    name: str,
    phone: str,
    email: str,
    quantity: int,
    message: str,
    language: str,
    site: str = "",
    now: dt.datetime | None = None,
) -> Inquiry:
    """Record a buyer's inquiry about a public listing (the buyer has given consent); once
    stored, the owner and the officers are told by e-mail (``notify``; ``site``: ovop's
    address for the link, ``OVOP_PUBLIC_URL`` when the installation names one)."""
    if not scope.public_listings().filter(pk=listing.pk).exists():
        raise ValidationError(_("This product is no longer in the catalogue."), code="gone")
    phone = phone_clean(phone) if phone.strip() else ""
    if not phone and not email.strip():
        raise ValidationError(
            {"phone": _("Give a phone number or an e-mail address so the seller can answer.")},
            code="contact_missing",
        )
    moment = now or timezone.now()
    inquiry = Inquiry(
        listing=listing,
        name=name.strip(),
        phone=phone,
        email=email.strip(),
        quantity=quantity,
        message=message.strip(),
        language=language if language in ("id", "en") else "id",
        consent_at=moment,
        created_at=moment,
    )
    save_with_history(inquiry, user=None, reason=SENT)
    address = settings.OVOP_PUBLIC_URL or site.rstrip("/")
    transaction.on_commit(partial(_enqueue_notice, inquiry.pk, address))
    return inquiry


def _enqueue_notice(inquiry_id: int, site: str) -> None:
    from ovop.catalogue import tasks  # the task module imports the notice's

    tasks.inquiry_notify_task.enqueue(inquiry_id, site)


@transaction.atomic
def inquiry_set_outcome(
    *,
    user: User,
    inquiry: Inquiry,
    status: str,
    ordered_quantity: int | None = None,
    ordered_value_idr: int | None = None,
) -> Inquiry:
    """Mark an inquiry answered, ordered (with the quantity and value) or lost."""
    scope.require_answer(user, inquiry)
    if status not in (InquiryStatus.ANSWERED, InquiryStatus.ORDERED, InquiryStatus.LOST):
        raise ValidationError({"status": _("Status: choose answered, ordered or lost.")})
    if status == InquiryStatus.ORDERED:
        if not ordered_quantity:
            raise ValidationError(
                {"ordered_quantity": _("Quantity ordered: give the quantity of the order.")}
            )
        if ordered_value_idr is None:
            raise ValidationError(
                {"ordered_value_idr": _("Order value: give the order's value in rupiah.")}
            )
    else:
        ordered_quantity = ordered_value_idr = None
    moment = timezone.now()
    inquiry.status = status
    inquiry.ordered_quantity = ordered_quantity
    inquiry.ordered_value_idr = ordered_value_idr
    inquiry.answered_at = inquiry.answered_at or moment
    inquiry.outcome_at = moment
    return save_with_history(inquiry, user=user, reason=OUTCOME)


def _anonymise(inquiry: Inquiry, *, user: User | None, reason: str, moment: dt.datetime) -> None:
    inquiry.name = inquiry.phone = inquiry.email = inquiry.message = ""
    inquiry.anonymised_at = moment
    save_with_history(inquiry, user=user, reason=reason, clean=False)


@transaction.atomic
def inquiry_erase(*, user: User, inquiry: Inquiry) -> Inquiry:
    """Erase the buyer's personal data on request; the anonymised row still counts as demand."""
    scope.require_erase(user)
    if inquiry.anonymised_at is None:
        _anonymise(inquiry, user=user, reason=ERASED, moment=timezone.now())
    return inquiry


def retention_cutoff(now: dt.datetime) -> dt.datetime:
    """Inquiries sent before this moment are past the retention period."""
    months = settings.OVOP_INQUIRY_RETENTION_MONTHS
    year, month = divmod(now.month - 1 - months, 12)
    year, month = now.year + year, month + 1
    day = min(now.day, calendar.monthrange(year, month)[1])  # 31 March → 28/29 February
    return now.replace(year=year, month=month, day=day)


@transaction.atomic
def inquiries_purge(*, now: dt.datetime | None = None) -> int:
    """Erase the personal data of every inquiry past the retention period; how many."""
    moment = now or timezone.now()
    old = Inquiry.objects.filter(
        created_at__lt=retention_cutoff(moment), anonymised_at__isnull=True
    ).select_for_update()
    count = 0
    for inquiry in old.iterator(chunk_size=500):
        _anonymise(inquiry, user=None, reason=PURGED, moment=moment)
        count += 1
    return count
