"""Writes of the catalogue: listings, their photos and village stories (officers and admins).

Each service checks the user (``ovop.catalogue.scope``), validates before it writes, writes in
one transaction through ``save_with_history`` (who, when, before, after) and makes the public
pages' cache stale (``public_cache.catalogue_changed``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.accounts.models import User
from ovop.catalogue import facets, scope
from ovop.catalogue.links import links_clean
from ovop.catalogue.models import (
    SLUG_MAX_LENGTH,
    Listing,
    ListingPhoto,
    ListingSlug,
    VillageStory,
)
from ovop.catalogue.photos import delete_variants, photo_prepare
from ovop.catalogue.public_cache import catalogue_changed
from ovop.catalogue.search import document_for
from ovop.core.history import delete_with_history, save_with_history
from ovop.enterprises.models import Certification, Product
from ovop.regions.models import Level, Region

#: The most photos one listing shows.
MAX_PHOTOS = 8

#: Change reasons, stored as these keys and shown translated (``REASONS``).
CREATED = "catalogue page created"
EDITED = "catalogue page edited"
PUBLISHED = "published in the catalogue"
UNPUBLISHED = "taken off the catalogue"
FOLLOWED = "catalogue page published or unpublished"
PHOTO_ADDED = "catalogue photo added"
PHOTO_REMOVED = "catalogue photo removed"
STORY = "village story edited"
REASONS = {
    CREATED: gettext_lazy("catalogue page created"),
    EDITED: gettext_lazy("catalogue page edited"),
    PUBLISHED: gettext_lazy("published in the catalogue"),
    UNPUBLISHED: gettext_lazy("taken off the catalogue"),
    FOLLOWED: gettext_lazy("catalogue page published or unpublished"),
    PHOTO_ADDED: gettext_lazy("catalogue photo added"),
    PHOTO_REMOVED: gettext_lazy("catalogue photo removed"),
    STORY: gettext_lazy("village story edited"),
}


@dataclass
class ListingValues:
    """What an officer sets on a listing (every public field, the address name and the
    certificates to show)."""

    public_name: str
    story: str = ""
    raw_material: str = ""
    price_idr: int | None = None
    unit: str = ""
    marketplace_links: list[str] = field(default_factory=list)
    show_whatsapp: bool = False
    slug: str = ""
    certification_ids: Sequence[int] = ()


def slug_for(text: str, *, listing: Listing | None = None) -> str:
    """A free address name made from ``text``: "keripik-ikan", else "keripik-ikan-2", …"""
    base = slugify(text)[: SLUG_MAX_LENGTH - 4].strip("-") or "produk"
    candidate, n = base, 1
    while _slug_taken(candidate, listing):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _slug_taken(slug: str, listing: Listing | None) -> bool:
    own = listing.pk if listing is not None else None
    current = Listing.objects.filter(slug=slug)
    old = ListingSlug.objects.filter(slug=slug)
    if own is not None:
        current, old = current.exclude(pk=own), old.exclude(listing_id=own)
    return current.exists() or old.exists()


def _certifications(product: Product, ids: Sequence[int]) -> list[Certification]:
    """The certificates named by ``ids``: each must be the product's or its enterprise's."""
    wanted = set(ids)
    found = Certification.objects.filter(
        pk__in=wanted, enterprise_id=product.enterprise_id, archived_at__isnull=True
    )
    shown = [c for c in found if c.product_id in (None, product.pk)]
    if len(shown) != len(wanted):
        raise ValidationError(
            {"certification_ids": _("Choose only certificates of this product or its IKM.")}
        )
    return shown


def _apply(listing: Listing, values: ListingValues) -> list[Certification]:
    data = asdict(values)
    ids = data.pop("certification_ids")
    slug = data.pop("slug").strip()
    data["marketplace_links"] = links_clean(values.marketplace_links)
    for name, value in data.items():
        setattr(listing, name, value)
    if slug and slug != listing.slug:
        if slugify(slug) != slug:
            raise ValidationError({"slug": _("Use lower-case letters, digits and hyphens only.")})
        if _slug_taken(slug, listing):
            raise ValidationError({"slug": _("This address name is already in use.")})
        _retire_slug(listing)
        listing.slug = slug
    elif not listing.slug:
        listing.slug = slug_for(values.public_name)
    listing.search_document = document_for(listing)
    return _certifications(listing.product, ids)


def _retire_slug(listing: Listing) -> None:
    """Keep the listing's present address name as an old one (it will redirect)."""
    if listing.pk is None or not listing.slug:
        return
    ListingSlug.objects.filter(listing=listing, slug=listing.slug).delete()
    ListingSlug.objects.create(listing=listing, slug=listing.slug)


@transaction.atomic
def listing_create(*, user: User, product: Product, values: ListingValues) -> Listing:
    """A new, unpublished listing of ``product`` (one per product)."""
    scope.require_manage(user)
    if Listing.objects.filter(product=product).exists():
        raise ValidationError(_("This product already has a catalogue page."))
    listing = Listing(product=product)
    shown = _apply(listing, values)
    save_with_history(listing, user=user, reason=CREATED)
    listing.certifications.set(shown)
    catalogue_changed()
    return listing


@transaction.atomic
def listing_update(*, user: User, listing: Listing, values: ListingValues) -> Listing:
    """Change a listing's public fields; an old address name keeps redirecting."""
    scope.require_manage(user)
    listing = Listing.objects.select_for_update().select_related("product").get(pk=listing.pk)
    ListingSlug.objects.filter(listing=listing, slug=values.slug.strip()).delete()
    shown = _apply(listing, values)
    save_with_history(listing, user=user, reason=EDITED)
    listing.certifications.set(shown)
    catalogue_changed()
    return listing


def _publishable(listing: Listing) -> None:
    product = listing.product
    if product.archived_at is not None or product.enterprise.archived_at is not None:
        raise ValidationError(_("An archived product cannot be published."))


@transaction.atomic
def listing_publish(*, user: User, listing: Listing) -> Listing:
    """Show the listing to the public (the product is marked published in the registry)."""
    scope.require_manage(user)
    listing = Listing.objects.select_related("product__enterprise").get(pk=listing.pk)
    _publishable(listing)
    if not listing.published:
        listing.published = True
        listing.published_at = timezone.now()
        save_with_history(listing, user=user, reason=PUBLISHED)
    _product_published(listing.product, True, user)
    catalogue_changed()
    return listing


@transaction.atomic
def listing_unpublish(*, user: User, listing: Listing) -> Listing:
    """Take the listing off the public catalogue (its address then answers 404)."""
    scope.require_manage(user)
    listing = Listing.objects.select_related("product").get(pk=listing.pk)
    if listing.published:
        listing.published = False
        save_with_history(listing, user=user, reason=UNPUBLISHED)
    _product_published(listing.product, False, user)
    catalogue_changed()
    return listing


def _product_published(product: Product, published: bool, user: User) -> None:
    if product.published != published:
        product.published = published
        save_with_history(product, user=user, reason=FOLLOWED, clean=False)


@transaction.atomic
def photo_add(*, user: User, listing: Listing, upload: IO[bytes], caption: str) -> ListingPhoto:
    """Add a photo: cleaned, resized to WebP and JPEG copies; refused beyond ``MAX_PHOTOS``."""
    scope.require_manage(user)
    if not caption.strip():
        raise ValidationError({"caption": _("Describe what the photo shows.")})
    if listing.photos.count() >= MAX_PHOTOS:
        raise ValidationError(_("A listing shows at most %(n)d photos.") % {"n": MAX_PHOTOS})
    cleaned, variants, width, height = photo_prepare(upload)
    photo = ListingPhoto(listing=listing, caption=caption.strip(), image=cleaned)
    photo.position = listing.photos.count()
    photo.variants, photo.width, photo.height = variants, width, height
    try:
        save_with_history(photo, user=user, reason=PHOTO_ADDED)
    except ValidationError:
        delete_variants(variants)
        raise
    catalogue_changed()
    return photo


@transaction.atomic
def photo_remove(*, user: User, photo: ListingPhoto) -> None:
    scope.require_manage(user)
    variants = dict(photo.variants)
    delete_with_history(photo, user=user, reason=PHOTO_REMOVED)
    transaction.on_commit(lambda: delete_variants(variants))
    catalogue_changed()


@transaction.atomic
def village_story_save(*, user: User, village: Region, story: str) -> VillageStory:
    """Set (or replace) the story shown on a village's catalogue page."""
    scope.require_manage(user)
    if village.level != Level.VILLAGE:
        raise ValidationError(_("A story belongs to a village."))
    record = VillageStory.objects.filter(village=village).first() or VillageStory(village=village)
    record.story = story.strip()
    save_with_history(record, user=user, reason=STORY)
    catalogue_changed()
    return record


def listings_refresh(*, listing_ids: Sequence[int]) -> int:
    """Rebuild the search text and facets of these listings (after their product, enterprise
    or village changed); the number of search texts rewritten."""
    facets.refresh(Listing.objects.filter(pk__in=listing_ids))
    changed = 0
    rows = Listing.objects.filter(pk__in=listing_ids).select_related(
        "product__enterprise__village__parent"
    )
    for listing in rows:
        document = document_for(listing)
        if document != listing.search_document:
            Listing.objects.filter(pk=listing.pk).update(search_document=document)
            changed += 1
    catalogue_changed()
    return changed
