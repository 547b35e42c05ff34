"""Abstract models every app shares, and the one archive/restore semantics.

Records of programme data are never deleted: they are archived (``archived_at`` set) and can be
restored. Archiving an archived record, or restoring an active one, is refused with a
ValidationError, so that a double click or a stale page never writes a second history row.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.core.history import REASON_ARCHIVED, REASON_RESTORED, save_with_history


class Archivable(models.Model):
    """A record that is archived instead of deleted."""

    archived_at = models.DateTimeField(gettext_lazy("archived at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


A = TypeVar("A", bound=Archivable)


def archive(
    obj: A, *, user: AbstractBaseUser | None, reason: str = REASON_ARCHIVED, clean: bool = True
) -> A:
    """Archive ``obj`` now (validated, saved with history); refused if it is archived."""
    if obj.archived_at is not None:
        raise ValidationError(
            _("%(record)s is already archived.") % {"record": obj}, code="archived"
        )
    obj.archived_at = timezone.now()
    return save_with_history(obj, user=user, reason=reason, clean=clean)


def restore(
    obj: A, *, user: AbstractBaseUser | None, reason: str = REASON_RESTORED, clean: bool = True
) -> A:
    """Make ``obj`` active again (validated, saved with history); refused if it is active."""
    if obj.archived_at is None:
        raise ValidationError(_("%(record)s is not archived.") % {"record": obj}, code="active")
    obj.archived_at = None
    return save_with_history(obj, user=user, reason=reason, clean=clean)
