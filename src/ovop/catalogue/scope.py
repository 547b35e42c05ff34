"""Who may see and change what in the catalogue: the one place for it.

- public (anyone, signed in or not): published listings whose product and enterprise are not
  archived, and only their public fields (``public_listings``);
- admin and officer: create, edit, publish and unpublish every listing, its photos and the
  village stories;
- viewer: reads the officers' catalogue list, changes nothing;
- facilitator, owner, assessor: no officer page of the catalogue (an owner's own edits come
  with the moderation queue).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from ovop.accounts.models import User
from ovop.catalogue.models import Listing


def public_listings() -> QuerySet[Listing]:
    """Listings the public may see: published, product and enterprise not archived."""
    return Listing.objects.filter(
        published=True,
        product__archived_at__isnull=True,
        product__enterprise__archived_at__isnull=True,
    )


def can_manage(user: User) -> bool:
    return user.is_authenticated and user.manages


def can_read(user: User) -> bool:
    return user.is_authenticated and (user.manages or user.reads_all)


def require_manage(user: User) -> None:
    if not can_manage(user):
        raise PermissionDenied


def require_read(user: User) -> None:
    if not can_read(user):
        raise PermissionDenied
