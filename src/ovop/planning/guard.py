"""Year close: once a fiscal year is closed, every write touching it is refused.

Every planning service calls ``ensure_open`` before it writes. An administrator may still
correct a closed year, but only with a reason, which the caller stores as the history row's
change reason.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ovop.accounts.models import Role, User
from ovop.planning.choices import YearStatus
from ovop.planning.models import FiscalYear

#: Longest reason accepted for a correction of a closed year.
MAX_REASON = 300


def ensure_open(year: FiscalYear, *, user: User | None, reason: str = "") -> str:
    """Refuse a write to a closed year unless an administrator gives a reason.

    Returns the history reason to store ("" for an open year). Reads the year's status from
    the database so that a stale object cannot slip past a close that just happened.
    """
    status = FiscalYear.objects.filter(pk=year.pk).values_list("status", flat=True).first()
    if status != YearStatus.CLOSED:
        return ""
    is_admin = user is not None and (user.is_superuser or user.role == Role.ADMIN)
    if not is_admin:
        raise ValidationError(
            _("Fiscal year %(year)s is closed: no more changes.") % {"year": year.year}
        )
    cleaned = reason.strip()
    if not cleaned:
        raise ValidationError(
            {
                "reason": _("Fiscal year %(year)s is closed: give a reason for the correction.")
                % {"year": year.year}
            }
        )
    if len(cleaned) > MAX_REASON:
        raise ValidationError({"reason": _("Keep the reason under 300 characters.")})
    return _("Correction after year close: %(reason)s") % {"reason": cleaned}
