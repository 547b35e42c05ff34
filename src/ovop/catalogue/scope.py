"""Who may see and change what in the catalogue: the one place for it.

- public (anyone, signed in or not): published listings whose product and enterprise are not
  archived, and only their public fields (``public_listings``);
- admin and officer: create, edit, publish and unpublish every listing, its photos and the
  village stories;
- viewer: reads the officers' catalogue list, changes nothing;
- owner: proposes changes to the public pages of their own enterprises' products (not archived)
  and sees their own proposals and their products' photos (``photos_visible``); another
  owner's product or proposal is unknown to them (404);
- the new photos of a proposal (``proposal_photos_visible``) are never public: admins, officers
  and viewers see them (they read the queue), an owner those of their own products' proposals;
  anyone else, signed in or not, gets 404;
- moderation queue (owners' proposals, buyers' reviews): admins and officers decide, viewers
  read it, every other role is refused (403);
- facilitator, assessor: no page of the catalogue but the public ones.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from ovop.accounts.models import Role, User
from ovop.catalogue.models import (
    Inquiry,
    Listing,
    ListingPhoto,
    ListingProposal,
    ProposalPhoto,
)
from ovop.enterprises.models import Product


def public_listings() -> QuerySet[Listing]:
    """Listings the public may see: published, product and enterprise not archived — the
    listing's ``public`` facet, which ``ovop.catalogue.facets`` recomputes whichever of the
    three changes (one table to read, whatever else a search filters by)."""
    return Listing.objects.filter(public=True)


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


def is_owner(user: User) -> bool:
    return user.is_authenticated and user.role == Role.OWNER


def require_owner(user: User) -> None:
    if not is_owner(user):
        raise PermissionDenied


def owner_products(user: User) -> QuerySet[Product]:
    """The products an owner may propose changes for: their enterprises', not archived."""
    if not is_owner(user):
        return Product.objects.none()
    return Product.objects.filter(
        enterprise__account=user,
        archived_at__isnull=True,
        enterprise__archived_at__isnull=True,
    )


def owner_proposals(user: User) -> QuerySet[ListingProposal]:
    """The proposals about an owner's own products (whoever of their accounts made them)."""
    if not is_owner(user):
        return ListingProposal.objects.none()
    return ListingProposal.objects.filter(product__enterprise__account=user)


def photos_visible(user: User) -> QuerySet[ListingPhoto]:
    """The listing photos ``user`` may see: every one for admins, officers and viewers; an
    owner's own products' (published or not, for their proposals); else the public ones."""
    photos = ListingPhoto.objects.all()
    if can_read(user):
        return photos
    public = Q(listing__in=public_listings().values("pk"))
    if is_owner(user):
        return photos.filter(public | Q(listing__product__in=owner_products(user).values("pk")))
    return photos.filter(public)


def public_photos() -> QuerySet[ListingPhoto]:
    return ListingPhoto.objects.filter(listing__in=public_listings().values("pk"))


def proposal_photos_visible(user: User) -> QuerySet[ProposalPhoto]:
    """The new photos of proposals ``user`` may see: every one for admins, officers and viewers
    (who read the moderation queue); an owner's own products' (``owner_proposals``); else none."""
    if can_read(user):
        return ProposalPhoto.objects.all()
    return ProposalPhoto.objects.filter(proposal__in=owner_proposals(user).values("pk"))


def require_propose(user: User, product: Product) -> None:
    """Only the product's owner proposes a change to its public page."""
    require_owner(user)
    if not owner_products(user).filter(pk=product.pk).exists():
        raise PermissionDenied


# --- inquiries and demand (``models_demand``) ---------------------------------------------------
# - admin and officer: every inquiry; record outcomes; erase a buyer's personal data;
# - viewer: reads every inquiry and the demand figures, changes nothing;
# - owner: the inquiries about their own enterprises' products, and records their outcomes;
#   another owner's inquiry is a 404 (``inquiries_visible``);
# - facilitator, assessor: no inquiry page (403).


def can_read_inquiries(user: User) -> bool:
    return user.is_authenticated and (user.reads_all or user.role == Role.OWNER)


def require_read_inquiries(user: User) -> None:
    if not can_read_inquiries(user):
        raise PermissionDenied


def inquiries_visible(user: User) -> QuerySet[Inquiry]:
    """The inquiries ``user`` may read (403 for a role that reads none)."""
    require_read_inquiries(user)
    inquiries = Inquiry.objects.all()
    if user.reads_all:
        return inquiries
    return inquiries.filter(listing__product__enterprise__account=user)


def can_answer(user: User, inquiry: Inquiry) -> bool:
    """Admins, officers and the owner of the product's enterprise record outcomes."""
    if not user.is_authenticated:
        return False
    if user.manages:
        return True
    return user.role == Role.OWNER and inquiry.listing.product.enterprise.account_id == user.pk


def require_answer(user: User, inquiry: Inquiry) -> None:
    if not can_answer(user, inquiry):
        raise PermissionDenied


def can_erase(user: User) -> bool:
    return can_manage(user)


def require_erase(user: User) -> None:
    require_manage(user)
