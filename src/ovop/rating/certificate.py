"""The star certificate as a PDF (WeasyPrint), in Bahasa Indonesia or English."""

from __future__ import annotations

import logging

from django.template.loader import render_to_string
from django.utils import timezone, translation

from ovop.rating.definition import scheme_name
from ovop.rating.models import StarRating


def certificate_context(*, rating: StarRating, verify_url: str) -> dict[str, object]:
    """What the certificate (and the public verify page) shows; nothing else."""
    village = rating.product.enterprise.village
    return {
        "rating": rating,
        "product": rating.product.name,
        "enterprise": rating.product.enterprise.name,
        "village": village.name,
        "kecamatan": village.parent.name if village.parent else "",
        "stars": rating.stars,
        "star_glyphs": "★" * rating.stars + "☆" * (5 - rating.stars),
        "issued_on": timezone.localtime(rating.issued_at).date(),
        "scheme_name": scheme_name(rating.scheme),
        "scheme_version": rating.scheme.version,
        "code": rating.verification_code,
        "verify_url": verify_url,
    }


def certificate_pdf(*, rating: StarRating, language: str, verify_url: str) -> bytes:
    """Render the certificate in ``language`` ("id" or "en") as PDF bytes."""
    with translation.override(language):
        context = certificate_context(rating=rating, verify_url=verify_url)
        html = render_to_string("rating/certificate.html", context)
    # Imported here: WeasyPrint parses its stylesheets on import, which every command would pay.
    from weasyprint import HTML

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
