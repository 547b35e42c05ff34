"""Listing photos: the upload cleaned by ``ovop.core.images.photo_clean`` (a real JPEG, PNG or
WebP of at most 5 MB and 40 megapixels, without metadata), then resized on upload to
``PHOTO_WIDTHS`` pixels wide as WebP and as JPEG (the fallback for old browsers). A photo
narrower than a width is not enlarged: it gets that width's copy at its own size.

A public page asks for the copy that fits (``srcset``), so a phone on 3G downloads a 320- or
640-pixel WebP of some 20–60 KB, never the original.
"""

from __future__ import annotations

import io
import uuid
from typing import IO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from PIL import Image

from ovop.catalogue.models import PHOTO_WIDTHS
from ovop.core.images import photo_clean

#: Stored format → (Pillow format, content type).
FORMATS = {"webp": ("WEBP", "image/webp"), "jpg": ("JPEG", "image/jpeg")}
QUALITY = {"webp": 72, "jpg": 78}


def variant_key(width: int, extension: str) -> str:
    return f"{width}.{extension}"


def _encode(picture: Image.Image, extension: str) -> bytes:
    out = io.BytesIO()
    pillow_format = FORMATS[extension][0]
    copy = picture.convert("RGB") if picture.mode not in ("RGB", "L") else picture
    copy.save(out, pillow_format, quality=QUALITY[extension], optimize=extension == "jpg")
    return out.getvalue()


def _resized(picture: Image.Image, width: int) -> Image.Image:
    if picture.width <= width:
        return picture
    height = max(1, round(picture.height * width / picture.width))
    return picture.resize((width, height), Image.Resampling.LANCZOS)


def make_variants(cleaned: IO[bytes], stem: str = "") -> tuple[dict[str, str], int, int]:
    """Store the resized copies of a cleaned photo; their names by ``variant_key``, and the
    photo's width and height. With a ``stem`` (the demo's fixed names) a copy already stored
    under its name is kept as it is."""
    cleaned.seek(0)
    with Image.open(cleaned) as picture:
        picture.load()
        size = picture.size
        fixed = bool(stem)
        stem = stem or f"catalogue/{timezone.localdate().year:04d}/{uuid.uuid4().hex}"
        names: dict[str, str] = {}
        for width in PHOTO_WIDTHS:
            copy = _resized(picture, width)
            for extension in FORMATS:
                name = f"{stem}-{width}.{extension}"
                if not (fixed and default_storage.exists(name)):
                    name = default_storage.save(name, ContentFile(_encode(copy, extension)))
                names[variant_key(width, extension)] = name
    cleaned.seek(0)
    return names, size[0], size[1]


def photo_prepare(upload: IO[bytes]) -> tuple[UploadedFile, dict[str, str], int, int]:
    """The cleaned upload, its stored copies by key, its width and height. Raises
    ValidationError (from ``photo_clean``) for a file that is no image or is too large."""
    cleaned = photo_clean(upload)
    variants, width, height = make_variants(cleaned)
    return cleaned, variants, width, height


def delete_variants(variants: dict[str, str]) -> None:
    for name in variants.values():
        default_storage.delete(name)
