"""Display helpers of the public catalogue: photo sources, product addresses, rupiah."""

from __future__ import annotations

from django import template

from ovop.catalogue.addresses import public_reverse
from ovop.catalogue.models import Listing, ListingPhoto
from ovop.catalogue.presenting import PhotoView
from ovop.catalogue.presenting import photo_view as make_photo_view
from ovop.core.money import format_rupiah
from ovop.regions.models import Region

register = template.Library()


@register.filter
def photo_view(photo: ListingPhoto) -> PhotoView:
    return make_photo_view(photo)


@register.filter
def product_url(listing: Listing, language: str) -> str:
    return public_reverse("product", language, listing.slug)


@register.filter
def rupiah(value: int | None) -> str:
    """ "Rp 1.500.000" (Indonesian grouping in both languages, as the programme writes it)."""
    return "—" if value is None else format_rupiah(value)


@register.filter
def village_url(village: Region, language: str) -> str:
    return public_reverse("village", language, village.code)
