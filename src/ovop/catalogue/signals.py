"""The catalogue follows the registry: when a product, its enterprise, a certificate or a star
rating changes by any path (form, API, import, admin), the public pages' cache goes stale and
the search text of the listings concerned is rebuilt (their name, village or category may have
changed). A product the registry marks as not published is taken off the catalogue. The
listings' search facets (``ovop.catalogue.facets``) follow every change of what they copy."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ovop.catalogue import facets
from ovop.catalogue.models import Listing, ListingPhoto, VillageStory
from ovop.catalogue.public_cache import catalogue_changed
from ovop.catalogue.services import UNPUBLISHED, listings_refresh
from ovop.core.history import save_with_history
from ovop.enterprises.models import Certification, Enterprise, Product
from ovop.enterprises.signals import enterprises_changed
from ovop.rating.models import StarRating


@receiver(post_save, sender=Product, dispatch_uid="catalogue_product_saved")
def product_saved(sender: type[Product], instance: Product, **kwargs: Any) -> None:
    """Rebuild the listing's search text; a product the registry marks as not published
    leaves the public catalogue too (publishing again is an officer's step in the catalogue,
    where the public page is reviewed)."""
    listings = list(Listing.objects.filter(product=instance))
    if not listings:
        return
    if not instance.published:
        for listing in listings:
            if listing.published:
                listing.published = False
                save_with_history(listing, user=None, reason=UNPUBLISHED, clean=False)
    listings_refresh(listing_ids=[listing.pk for listing in listings])


@receiver(post_save, sender=Enterprise, dispatch_uid="catalogue_enterprise_saved")
def enterprise_saved(sender: type[Enterprise], instance: Enterprise, **kwargs: Any) -> None:
    ids = list(Listing.objects.filter(product__enterprise=instance).values_list("pk", flat=True))
    if ids:
        listings_refresh(listing_ids=ids)


@receiver(enterprises_changed, dispatch_uid="catalogue_enterprises_changed")
def enterprises_announced(sender: object, enterprise_ids: list[int], **kwargs: Any) -> None:
    """A registry import's bulk writes (no ``post_save``): the category of a product may have
    changed."""
    ids = list(
        Listing.objects.filter(product__enterprise_id__in=enterprise_ids).values_list(
            "pk", flat=True
        )
    )
    if ids:
        listings_refresh(listing_ids=ids)


@receiver(post_save, sender=Listing, dispatch_uid="catalogue_listing_facets")
def listing_saved(sender: type[Listing], instance: Listing, **kwargs: Any) -> None:
    facets.refresh_listing(instance)


@receiver(post_save, sender=StarRating, dispatch_uid="catalogue_rating_facets")
@receiver(post_delete, sender=StarRating, dispatch_uid="catalogue_rating_deleted")
def rating_changed(sender: type[StarRating], instance: StarRating, **kwargs: Any) -> None:
    facets.refresh_products([instance.product_id])
    catalogue_changed()


@receiver(post_save, sender=Certification, dispatch_uid="catalogue_certification_saved")
@receiver(post_save, sender=Listing, dispatch_uid="catalogue_listing_saved")
@receiver(post_save, sender=ListingPhoto, dispatch_uid="catalogue_photo_saved")
@receiver(post_save, sender=VillageStory, dispatch_uid="catalogue_story_saved")
def shown_fact_saved(sender: type[Any], instance: Any, **kwargs: Any) -> None:
    catalogue_changed()
