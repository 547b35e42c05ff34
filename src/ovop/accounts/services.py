"""Writes for user accounts: the rule tying a role to its villages, and keeping an account in step.

People are managed in the Django admin (see ``admin.py``); the demo loader uses ``user_sync``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ovop.accounts.models import Role, User
from ovop.regions.models import Level, Region


def user_scope_check(*, role: str, villages: Iterable[Region]) -> None:
    """A facilitator serves at least one village, and only village-level regions are served."""
    villages = list(villages)
    wrong = [region.name for region in villages if region.level != Level.VILLAGE]
    if wrong:
        raise ValidationError(
            {
                "villages": _("Villages served: %(names)s is not a village.")
                % {"names": ", ".join(wrong)}
            }
        )
    if role == Role.FACILITATOR and not villages:
        raise ValidationError(
            {"villages": _("Villages served: a facilitator needs at least one village.")}
        )


@transaction.atomic
def user_sync(
    *,
    username: str,
    role: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    villages: Iterable[Region] = (),
    is_staff: bool = False,
    is_superuser: bool = False,
) -> tuple[User, bool]:
    """Create the account ``username`` or bring it to these values; returns (user, changed).

    Nothing is written when the account already matches, so running it again is harmless.
    """
    villages = list(villages)
    user_scope_check(role=role, villages=villages)
    user = User.objects.filter(username=username).first()
    created = user is None
    if user is None:
        user = User(username=username)
    values = {
        "role": role,
        "first_name": first_name,
        "last_name": last_name,
        "email": email,
        "is_staff": is_staff,
        "is_superuser": is_superuser,
        "is_active": True,
    }
    changed = created or any(getattr(user, key) != value for key, value in values.items())
    for key, value in values.items():
        setattr(user, key, value)
    if created or not user.check_password(password):
        user.set_password(password)
        changed = True
    if changed:
        user.full_clean(exclude=["password"] if created else None)
        user.save()
    wanted = {village.pk for village in villages}
    if created or set(user.villages.values_list("pk", flat=True)) != wanted:
        user.villages.set(villages)
        changed = True
    return user, changed
