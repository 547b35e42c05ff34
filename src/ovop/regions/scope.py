"""Who may see and change regions: the one place for it.

The region tree (province, regency, kecamatan, village; Kemendagri codes and names) is public
knowledge: every signed-in user reads all of it. Nobody changes it through the pages or the API:
the tree comes from ``ovop load-regions <code>`` (``services.regions_load``), and the admin
corrects only postal codes and coordinates. What the region pages list or count *in* a region
(IKM, products) is scoped by ``ovop.enterprises.scope``.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from ovop.regions.models import Region


def can_read_regions(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Every signed-in, active user."""
    return bool(user.is_authenticated and user.is_active)


def regions_visible(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Region]:
    """Every region, for a user who may read them (``PermissionDenied`` for anyone else)."""
    if not can_read_regions(user):
        raise PermissionDenied
    return Region.objects.all()
