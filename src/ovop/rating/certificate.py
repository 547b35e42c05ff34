"""The star certificate as a PDF (WeasyPrint), in Bahasa Indonesia or English: the regency's
letterhead, the rating, its validity, a QR code of the public verification page and the
signing official (``ovop.core.letterhead``)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ovop.core.documents import html_to_pdf, letterhead, public_url, qr_png
from ovop.rating.definition import scheme_name, unmet_conditions
from ovop.rating.models import StarRating

#: The file name of the certificate in each language, by verification code.
FILE_NAMES = {"id": "sertifikat-bintang-{code}.pdf", "en": "star-certificate-{code}.pdf"}


def verification_url(request: HttpRequest, code: str) -> str:
    """The public page that confirms the certificate ``code``, as printed on paper."""
    return public_url(request, reverse("verify:detail", args=[code]))


def certificate_filename(*, code: str, language: str) -> str:
    return FILE_NAMES.get(language, FILE_NAMES["id"]).format(code=code)


def valid_until(issued_on: dt.date) -> dt.date:
    """The last day a certificate issued on ``issued_on`` is valid: the same day
    ``OVOP_CERTIFICATE_VALID_YEARS`` later (28 February for one issued on 29 February)."""
    years = settings.OVOP_CERTIFICATE_VALID_YEARS
    try:
        return issued_on.replace(year=issued_on.year + years)
    except ValueError:
        return issued_on.replace(year=issued_on.year + years, day=28)


def rating_statement(rating: StarRating) -> dict[str, object]:
    """What the certificate and the public verify page both say beyond the stars: the
    coaching tier, each condition the product does not meet (in the active language), when it
    was issued, until when it is valid and whether it still is."""
    issued_on = timezone.localtime(rating.issued_at).date()
    until = valid_until(issued_on)
    return {
        "tier": rating.get_tier_display(),
        "unmet": unmet_conditions(rating.scheme, rating.result),
        "issued_on": issued_on,
        "valid_until": until,
        "expired": timezone.localdate() > until,
        "regency": settings.OVOP_REGENCY_NAME,
    }


def certificate_context(*, rating: StarRating, verify_url: str) -> dict[str, object]:
    """What the certificate shows; nothing else."""
    village = rating.product.enterprise.village
    return {
        **rating_statement(rating),
        "letterhead": letterhead(),
        "rating": rating,
        "product": rating.product.name,
        "enterprise": rating.product.enterprise.name,
        "village": village.name,
        "kecamatan": village.parent.name if village.parent else "",
        "stars": rating.stars,
        "star_glyphs": "★" * rating.stars + "☆" * (5 - rating.stars),
        "scheme_name": scheme_name(rating.scheme),
        "scheme_version": rating.scheme.version,
        "code": rating.verification_code,
        "verify_url": verify_url,
        "qr": qr_png(verify_url),
    }


def certificate_pdf(*, rating: StarRating, language: str, verify_url: str) -> bytes:
    """Render the certificate in ``language`` ("id" or "en") as PDF bytes."""
    with translation.override(language):
        context = certificate_context(rating=rating, verify_url=verify_url)
        html = render_to_string("rating/certificate.html", context)
    return html_to_pdf(html)
