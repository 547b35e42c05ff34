"""Who may see and change which enterprise, product and certificate: the one place for it.

- admin, officer, viewer: see every record; admin and officer change them.
- facilitator: sees and changes records in the villages assigned to them.
- owner: sees and changes only the enterprises linked to their account, but may not archive
  one: archiving takes a business out of the programme, a decision of its officers and
  facilitators.
- assessor: reads enterprises and products (to score them), never private fields, changes none.
Private fields (phone, email, NIB, investment, sales, address) are shown only to users who
may change the record, and to the read-all roles.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from ovop.accounts.models import Role, User
from ovop.enterprises.models import Enterprise, Product

PRIVATE_FIELDS = ("phone", "email", "nib", "investment_idr", "annual_sales_idr", "address")


def enterprise_filter(user: User, prefix: str = "") -> Q:
    """A Q limiting enterprises (or rows reached through ``prefix``) to what ``user`` sees."""
    if user.reads_all or user.role == Role.ASSESSOR:
        return Q()
    if user.role == Role.FACILITATOR:
        return Q(**{f"{prefix}village__facilitators": user})
    if user.role == Role.OWNER:
        return Q(**{f"{prefix}account": user})
    return Q(pk__in=[])


def enterprises_visible(user: User) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(enterprise_filter(user)).distinct()


def products_visible(user: User) -> QuerySet[Product]:
    return Product.objects.filter(enterprise_filter(user, "enterprise__")).distinct()


def can_see_enterprise(user: User, enterprise: Enterprise) -> bool:
    return enterprises_visible(user).filter(pk=enterprise.pk).exists()


def can_change_enterprise(user: User, enterprise: Enterprise) -> bool:
    if user.manages:
        return True
    if user.role == Role.FACILITATOR:
        return user.villages.filter(pk=enterprise.village_id).exists()
    if user.role == Role.OWNER:
        return enterprise.account_id == user.pk
    return False


def can_archive_enterprise(user: User, enterprise: Enterprise) -> bool:
    """Admins, officers and the facilitators of its village; never its owner."""
    return user.role != Role.OWNER and can_change_enterprise(user, enterprise)


def require_archive(user: User, enterprise: Enterprise) -> None:
    if not can_archive_enterprise(user, enterprise):
        raise PermissionDenied


def can_create_enterprise(user: User) -> bool:
    return user.manages or user.role == Role.FACILITATOR


def can_see_private(user: User, enterprise: Enterprise) -> bool:
    return user.reads_all or can_change_enterprise(user, enterprise)


def private_filter(user: User) -> Q:
    """Enterprises whose private fields ``user`` may see, as a Q: the rule of
    ``can_see_private`` written as a query, so that a list needs no query per row."""
    if user.reads_all:
        return Q()
    if user.role == Role.FACILITATOR:
        return Q(village_id__in=list(user.villages.values_list("pk", flat=True)))
    if user.role == Role.OWNER:
        return Q(account_id=user.pk)
    return Q(pk__in=[])


def villages_for_new_records(user: User) -> QuerySet:  # type: ignore[type-arg]
    """Villages a user may register an enterprise in."""
    from ovop.regions.models import Level, Region

    villages = Region.objects.filter(level=Level.VILLAGE)
    if user.manages:
        return villages
    if user.role == Role.FACILITATOR:
        return villages.filter(facilitators=user)
    return villages.none()


def require_change(user: User, enterprise: Enterprise) -> None:
    if not can_change_enterprise(user, enterprise):
        raise PermissionDenied
