"""Writes for what an activity produced, updating the registry where it should.

A certificate obtained (only from a certification activity: halal, P-IRT, BPOM MD, trademark)
creates the IKM's certificate record through the registry's own service
(``enterprises.services.certification_create``) in the same transaction, and links it to the
output. Equipment is recorded against the IKM or the group that received it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import save_with_history
from ovop.empowerment.models import Group
from ovop.enterprises.models import Certification, Enterprise, Product
from ovop.enterprises.services import certification_create
from ovop.planning.choices import CERTIFICATION_OF, ActivityType, OutputKind
from ovop.planning.models import Activity, Output
from ovop.planning.services_activities import (
    activity_locked,
    delivery_check,
    require_not_cancelled,
    with_guard,
)


def _check_receiver(activity: Activity, enterprise: Enterprise | None, group: Group | None) -> None:
    village = activity.village
    if enterprise is not None and (
        enterprise.village_id != activity.village_id or enterprise.archived_at is not None
    ):
        raise ValidationError(
            {
                "enterprise": _("IKM: “%(name)s” is not an active IKM of %(village)s.")
                % {"name": enterprise.name, "village": village.name}
            }
        )
    if group is not None and (group.village_id != activity.village_id or group.archived_at):
        raise ValidationError(
            {
                "group": _("Group: %(group)s is not an active group of %(village)s.")
                % {"group": group.name, "village": village.name}
            }
        )


def _certificate(
    *,
    user: User,
    activity: Activity,
    enterprise: Enterprise | None,
    number: str,
    issued_on: dt.date | None,
    product: Product | None,
) -> Certification:
    kind = CERTIFICATION_OF.get(ActivityType(activity.activity_type))
    if kind is None:
        raise ValidationError(
            {"kind": _("Kind of output: only a certification activity obtains a certificate.")}
        )
    if enterprise is None:
        raise ValidationError({"enterprise": _("IKM: a certificate belongs to one IKM.")})
    if not number.strip():
        raise ValidationError({"number": _("Certificate number: type the number it carries.")})
    data = {"kind": kind, "number": number.strip(), "issued_on": issued_on, "product": product}
    return certification_create(user=user, enterprise=enterprise, data=data)


@transaction.atomic
def output_add(
    *,
    user: User,
    activity: Activity,
    kind: str,
    description: str,
    delivered_on: dt.date,
    quantity: int = 1,
    enterprise: Enterprise | None = None,
    group: Group | None = None,
    number: str = "",
    issued_on: dt.date | None = None,
    product: Product | None = None,
    reason: str = "",
) -> Output:
    """Record an output of ``activity``. A certificate (``kind`` certification) needs the
    IKM, its ``number`` and optionally its issue date and ``product``; the IKM's certificate
    record is created with it. Equipment names the IKM or group that received it."""
    fixed = delivery_check(user=user, activity=activity, reason=reason)
    current = activity_locked(activity)
    require_not_cancelled(current, key="kind")
    _check_receiver(current, enterprise, group)
    output = Output(
        activity=current,
        kind=kind,
        description=description.strip(),
        quantity=quantity,
        enterprise=enterprise,
        group=group,
        delivered_on=delivered_on,
    )
    output.full_clean()
    if kind == OutputKind.CERTIFICATION:
        output.certification = _certificate(
            user=user,
            activity=current,
            enterprise=enterprise,
            number=number,
            issued_on=issued_on,
            product=product,
        )
    return save_with_history(output, user=user, reason=with_guard(fixed, "output recorded"))
