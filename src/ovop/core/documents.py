"""Documents an office signs (star certificate, berita acara): what each carries — the
regency's name and logo, the signing official, the public address for links printed on paper,
a QR code of such a link — and the HTML to PDF step (WeasyPrint).

All of it comes from settings (``OVOP_REGENCY_NAME``, ``OVOP_REGENCY_LOGO``,
``OVOP_SIGNATORY_NAME``/``_TITLE``/``_NIP``, ``OVOP_PUBLIC_URL``; see README, "Configuration").
"""

from __future__ import annotations

import base64
import functools
import io
import logging
from dataclasses import dataclass
from pathlib import Path

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from ovop.core.images import photo_clean

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Letterhead:
    regency: str
    logo: str  # a data: URI of the cleaned logo, or "" when none is configured
    signatory_name: str
    signatory_title: str
    signatory_nip: str


def letterhead() -> Letterhead:
    """The installation's letterhead as configured now."""
    logo = regency_logo()
    return Letterhead(
        regency=settings.OVOP_REGENCY_NAME,
        logo=logo.data_uri() if logo else "",
        signatory_name=settings.OVOP_SIGNATORY_NAME,
        signatory_title=settings.OVOP_SIGNATORY_TITLE,
        signatory_nip=settings.OVOP_SIGNATORY_NIP,
    )


@dataclass(frozen=True)
class Logo:
    """The regency's logo as ovop serves and prints it: the configured file's pixels only."""

    content_type: str
    data: bytes
    version: str  # changes when the file changes: the web pages' address of it carries it

    def data_uri(self) -> str:
        return f"data:{self.content_type};base64,{base64.b64encode(self.data).decode()}"


def regency_logo() -> Logo | None:
    """The configured logo (``OVOP_REGENCY_LOGO``), or None when none is configured or the
    file is not a picture; read again only when the file changes."""
    path = settings.OVOP_REGENCY_LOGO
    if not path:
        return None
    try:
        mtime_ns = Path(path).stat().st_mtime_ns
    except OSError as error:
        log.error("OVOP_REGENCY_LOGO %s cannot be read: %s", path, error)
        return None
    return _logo(path, mtime_ns)


@functools.lru_cache(maxsize=4)
def _logo(path: str, mtime_ns: int) -> Logo | None:
    """The logo file decoded and written anew by ``photo_clean`` (pixels only); None (and an
    error in the log) when the file is not a JPEG, PNG or WebP picture."""
    try:
        with open(path, "rb") as raw:
            clean = photo_clean(raw, label="OVOP_REGENCY_LOGO")
    except (ValidationError, OSError) as error:
        log.error("OVOP_REGENCY_LOGO %s is left off the documents and pages: %s", path, error)
        return None
    return Logo(str(clean.content_type), clean.read(), version=format(mtime_ns, "x"))


def public_url(request: HttpRequest, path: str) -> str:
    """The absolute address of ``path`` ("/verify/…/") for paper: on ``OVOP_PUBLIC_URL`` when
    the installation names its public address, else on the host the request came to."""
    if settings.OVOP_PUBLIC_URL:
        return settings.OVOP_PUBLIC_URL + path
    return request.build_absolute_uri(path)


def qr_png(text: str) -> str:
    """A QR code of ``text`` as a PNG data URI: one pixel per module and no quiet zone (the
    page draws the quiet zone and scales the picture without smoothing)."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=1, border=0)
    return f"data:image/png;base64,{base64.b64encode(buffer.getvalue()).decode()}"


def html_to_pdf(html: str) -> bytes:
    """PDF bytes of an HTML document (WeasyPrint)."""
    # Imported here: WeasyPrint parses its stylesheets on import, which every command would pay.
    from weasyprint import HTML

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
