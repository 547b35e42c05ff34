"""All assessments a user may see, as an XLSX workbook (openpyxl, write-only)."""

from __future__ import annotations

import tempfile
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from ovop.accounts.models import User
from ovop.rating import selectors


def _headers() -> list[str]:
    return [
        _("Product"),
        _("Enterprise"),
        _("Village"),
        _("Kecamatan"),
        _("Scheme"),
        _("Version"),
        _("Assessor"),
        _("Status"),
        _("Points"),
        _("Percent"),
        _("Stars"),
        _("Finalised at"),
    ]


def export_rows(*, user: User) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for a in selectors.assessment_list(user=user).iterator(chunk_size=500):
        result = a.result or {}
        village = a.product.enterprise.village
        finalised = (
            timezone.localtime(a.finalised_at).replace(tzinfo=None) if a.finalised_at else None
        )
        rows.append(
            [
                a.product.name,
                a.product.enterprise.name,
                village.name,
                village.parent.name if village.parent else "",
                a.scheme.name,
                a.scheme.version,
                str(a.assessor),
                str(a.get_status_display()),
                result.get("points"),
                round(result["percent"], 2) if "percent" in result else None,
                result.get("stars"),
                finalised,
            ]
        )
    return rows


def assessments_xlsx(*, user: User) -> IO[bytes]:
    """A file positioned at its start holding the workbook."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Assessments"))
    sheet.append(_headers())
    for row in export_rows(user=user):
        sheet.append(row)
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - returned
    workbook.save(out)
    out.seek(0)
    return out
