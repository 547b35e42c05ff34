"""Closing a fiscal year: from then on every write touching it is refused (``guard``), except
an administrator's correction with a reason, kept in the history. Reopening is not offered."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import save_with_history
from ovop.planning import scope
from ovop.planning.choices import YearStatus
from ovop.planning.models import FiscalYear

REASON_CLOSED = "year closed"


@transaction.atomic
def year_close(*, year: FiscalYear, user: User, confirm: bool) -> FiscalYear:
    """Close ``year`` (planners only; ``confirm`` must be True): status closed, when, by whom."""
    scope.require_planner(user)
    current = FiscalYear.objects.select_for_update().get(pk=year.pk)
    if not confirm:
        raise ValidationError(
            {
                "confirm": _("Confirm: closing fiscal year %(year)s cannot be undone; confirm it.")
                % {"year": current.year}
            }
        )
    if current.status == YearStatus.CLOSED:
        raise ValidationError(_("Fiscal year %(year)s is already closed.") % {"year": current.year})
    current.status = YearStatus.CLOSED
    current.closed_at = timezone.now()
    current.closed_by = user
    saved = save_with_history(current, user=user, reason=REASON_CLOSED)
    year.refresh_from_db()
    return saved
