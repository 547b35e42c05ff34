"""Checks on uploaded images, shared by every app that takes photos."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_PHOTO_BYTES = 5 * 1024 * 1024


def photo_check(image: UploadedFile) -> None:
    """The upload must be an image Pillow can read and at most 5 MB."""
    if image.size is not None and image.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("Photo: the file is %(size).1f MB; the limit is 5 MB.")
            % {"size": image.size / (1024 * 1024)},
            code="photo_size",
        )
    try:
        image.seek(0)
        with Image.open(image) as picture:
            picture.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as exc:
        raise ValidationError(
            _("Photo: the file is not an image (JPEG, PNG or WebP)."), code="photo_invalid"
        ) from exc
    finally:
        image.seek(0)
