"""What the public product page shows, built from a public listing: photos with their
``srcset``, the WhatsApp address (only with consent), marketplace links, the schema.org
``Product`` JSON-LD and the OpenGraph tags. No database query but through the selectors.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from ovop.catalogue.links import marketplace_name
from ovop.catalogue.models import PHOTO_WIDTHS, Listing, ListingPhoto
from ovop.catalogue.photos import variant_key

#: The prefilled WhatsApp message, always in Indonesian (the sellers' language).
WHATSAPP_MESSAGE = (
    "Halo, saya tertarik dengan produk “{name}” yang saya lihat di katalog OVOP{regency}. "
    "Apakah produk ini tersedia?"
)
#: Characters a JSON text inside a <script> element must not carry as they are.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def photo_url(photo: ListingPhoto, width: int, extension: str) -> str:
    return reverse("files:catalogue_photo", args=[photo.pk, variant_key(width, extension)])


@dataclass(frozen=True)
class PhotoView:
    alt: str
    src: str  # the 640-pixel JPEG: every browser shows it
    srcset_webp: str
    srcset_jpeg: str
    width: int
    height: int


def photo_view(photo: ListingPhoto) -> PhotoView:
    def srcset(extension: str) -> str:
        return ", ".join(f"{photo_url(photo, w, extension)} {w}w" for w in PHOTO_WIDTHS)

    shown_width = min(640, photo.width) or 640
    shown_height = round(photo.height * shown_width / photo.width) if photo.width else 480
    return PhotoView(
        alt=photo.caption,
        src=photo_url(photo, 640, "jpg"),
        srcset_webp=srcset("webp"),
        srcset_jpeg=srcset("jpg"),
        width=shown_width,
        height=shown_height,
    )


def whatsapp_number(phone: str) -> str:
    """An Indonesian phone number as wa.me wants it (62…, digits only); "" if it is none."""
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    return digits if re.fullmatch(r"62\d{7,13}", digits) else ""


def whatsapp_url(listing: Listing) -> str:
    """The wa.me address with a prefilled message; "" without the owner's consent."""
    if not listing.show_whatsapp:
        return ""
    number = whatsapp_number(listing.product.enterprise.phone)
    if not number:
        return ""
    regency = f" {settings.OVOP_REGENCY_NAME}" if settings.OVOP_REGENCY_NAME else ""
    text = WHATSAPP_MESSAGE.format(name=listing.public_name, regency=regency)
    return f"https://wa.me/{number}?text={quote(text)}"


def marketplaces(listing: Listing) -> list[tuple[str, str]]:
    """(name, address) of each marketplace link."""
    return [(marketplace_name(url), url) for url in listing.marketplace_links]


def script_json(data: Any) -> SafeString:
    """``data`` as JSON safe inside a <script> element: no "</script>" can end it early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 - escaped just above


def summary(listing: Listing, length: int = 160) -> str:
    text = listing.story or listing.raw_material or listing.public_name
    return Truncator(" ".join(text.split())).chars(length)


def product_json_ld(
    listing: Listing, *, url: str, image: str, stars: int | None, language: str
) -> dict[str, Any]:
    """The schema.org ``Product`` of a listing (absolute ``url`` and ``image``)."""
    village = listing.product.enterprise.village
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": listing.public_name,
        "description": summary(listing, 500),
        "url": url,
        "inLanguage": language,
        "category": listing.product.get_category_display(),
        "brand": {"@type": "Brand", "name": listing.product.enterprise.name},
        "countryOfOrigin": "ID",
        "additionalProperty": [
            {"@type": "PropertyValue", "name": "village", "value": village.name},
        ],
    }
    if image:
        data["image"] = [image]
    if stars:
        data["additionalProperty"].append(
            {"@type": "PropertyValue", "name": "OVOP stars", "value": stars}
        )
    if listing.price_idr is not None:
        data["offers"] = {
            "@type": "Offer",
            "price": listing.price_idr,
            "priceCurrency": "IDR",
            "availability": "https://schema.org/InStock",
            "url": url,
        }
    return data
