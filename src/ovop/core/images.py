"""Checks on uploaded images and documents, shared by every app that takes files.

An image is stored only after Pillow has decoded it and written it anew (``photo_clean``): what
is stored is pixels and nothing else — no appended data (polyglots), no EXIF (GPS position,
camera serial), no XMP, no comments, no colour profile (the pixels are converted to sRGB
first). The orientation the camera recorded is applied to the pixels before EXIF is dropped.
Only JPEG, PNG and WebP are opened at all: Pillow never parses EPS/PostScript (Ghostscript),
TIFF, GIF or SVG here. A picture over ``MAX_PHOTO_PIXELS`` is refused from its header, before
a pixel is decoded (decompression bombs).
"""

from __future__ import annotations

import io
import uuid
import warnings
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 5 * 1024 * 1024
#: 40 megapixels: more than any phone camera of 2025 at full size, far under a bomb.
MAX_PHOTO_PIXELS = 40_000_000
#: Pillow format name -> (file extension, content type) of the formats accepted and stored.
PHOTO_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
PDF_MAGIC = b"%PDF-"
_ERRORS = (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError)


def _field(label: str | None) -> str:
    return label if label is not None else _("Photo")


def _not_an_image(label: str | None) -> ValidationError:
    return ValidationError(
        _("%(field)s: the file is not an image (JPEG, PNG or WebP).") % {"field": _field(label)},
        code="photo_invalid",
    )


def _too_many_pixels(label: str | None) -> ValidationError:
    return ValidationError(
        _("%(field)s: the picture is larger than %(limit)d megapixels; send a smaller one.")
        % {"field": _field(label), "limit": MAX_PHOTO_PIXELS // 1_000_000},
        code="photo_pixels",
    )


def _size_check(upload: IO[bytes], label: str | None) -> None:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("%(field)s: the file is %(size).1f MB; the limit is 5 MB.")
            % {"field": _field(label), "size": size / (1024 * 1024)},
            code="photo_size",
        )


def _open(upload: IO[bytes], label: str | None) -> Image.Image:
    """The image, opened (header only) as one of the accepted formats and within the limits."""
    _size_check(upload, label)
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            picture = Image.open(upload, formats=list(PHOTO_FORMATS))
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels(label) from exc
    except _ERRORS as exc:
        raise _not_an_image(label) from exc
    width, height = picture.size
    if width * height > MAX_PHOTO_PIXELS:
        picture.close()
        raise _too_many_pixels(label)
    return picture


def photo_check(image: IO[bytes], *, label: str | None = None) -> None:
    """The upload is a JPEG, PNG or WebP of at most 5 MB and 40 megapixels (a quick check of
    its header and structure, for forms; ``photo_clean`` decodes it).

    ``label`` names the field in the messages ("Photo" when not given).
    """
    picture = _open(image, label)
    try:
        with picture:
            picture.verify()
    except _ERRORS as exc:
        raise _not_an_image(label) from exc
    finally:
        image.seek(0)


def _to_srgb(picture: Image.Image) -> Image.Image:
    profile = picture.info.get("icc_profile")
    if not profile or picture.mode not in ("RGB", "RGBA"):
        return picture
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        srgb = ImageCms.createProfile("sRGB")
        converted = ImageCms.profileToProfile(picture, source, srgb, outputMode=picture.mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return picture  # a broken profile: keep the pixels as they are
    return converted if converted is not None else picture


def _pixels(picture: Image.Image, fmt: str) -> Image.Image:
    """Upright pixels in a mode the format stores, without any metadata."""
    ImageOps.exif_transpose(picture, in_place=True)
    upright = picture
    if upright.mode == "1":
        upright = upright.convert("L")
    elif upright.mode in ("P", "PA"):
        transparent = upright.mode == "PA" or "transparency" in upright.info
        upright = upright.convert("RGBA" if transparent else "RGB")
    elif upright.mode.startswith("I;16"):  # 16-bit grey: keep the top 8 bits
        upright = upright.convert("I").point(lambda value: value / 256).convert("L")
    elif upright.mode not in ("RGB", "RGBA", "L", "LA"):
        upright = upright.convert("RGB")
    upright = _to_srgb(upright)
    if fmt == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    upright.info = {}  # no EXIF, XMP, comment, text chunks or colour profile is written
    return upright


def _encode(picture: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        picture.save(out, "JPEG", quality=90, optimize=True)
    elif fmt == "WEBP":
        picture.save(out, "WEBP", quality=90)
    else:
        picture.save(out, "PNG", optimize=False)
    return out.getvalue()


def photo_clean(image: IO[bytes], *, label: str | None = None) -> UploadedFile:
    """The upload, checked like ``photo_check`` and re-encoded in its own format: a new file
    holding only the (upright) pixels, named ``<uuid4 hex>.<ext>``.

    Raises ValidationError with a message naming ``label`` (default "Photo").
    """
    picture = _open(image, label)
    try:
        with picture:
            fmt = str(picture.format)
            picture.load()
            data = _encode(_pixels(picture, fmt), fmt)
    except _ERRORS as exc:
        raise _not_an_image(label) from exc
    finally:
        image.seek(0)
    extension, content_type = PHOTO_FORMATS[fmt]
    return SimpleUploadedFile(f"{uuid.uuid4().hex}.{extension}", data, content_type=content_type)


def pdf_check(document: IO[bytes], *, label: str) -> None:
    """The upload is a PDF: it starts with ``%PDF-`` (documents of any other kind are refused)."""
    document.seek(0)
    head = document.read(len(PDF_MAGIC))
    document.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError(
            _("%(field)s: the file is not a PDF document.") % {"field": label},
            code="document_invalid",
        )
