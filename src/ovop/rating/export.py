"""All assessments a user may see, as an XLSX workbook (openpyxl, write-only): one sheet with
a row per assessment, one with a row per answer (the option chosen for each item and its
points), so that every result can be checked from the workbook alone. Every text is written
as a string cell, neutralised by ``ovop.core.exports`` (no cell ever runs as a formula).
The issued star ratings have a workbook of their own (one row per rating)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from itertools import chain
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from ovop.accounts.models import User
from ovop.analysis.rating import Scheme
from ovop.core.exports import xlsx_file, xlsx_row
from ovop.rating import selectors
from ovop.rating.definition import Labels, scheme_name
from ovop.rating.models import Assessment


def _headers() -> list[str]:
    return [
        _("Assessment"),
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
        _("Failed gates"),
        _("Evidence note"),
    ]


def _answer_headers() -> list[str]:
    return [
        _("Assessment"),
        _("Product"),
        _("Assessor"),
        _("Scheme"),
        _("Version"),
        _("Group"),
        _("Item"),
        _("Answer"),
        _("Points"),
    ]


def _answer_rows(
    assessment: Assessment, scheme: Scheme, labels: Labels, scheme_label: str
) -> list[list[Any]]:
    """One row per answered item, in the scheme's order, with the option's label and points."""
    rows: list[list[Any]] = []
    for group in scheme.groups:
        for item in group.items:
            option = item.option(assessment.answers.get(item.id, ""))
            if option is None:
                continue
            rows.append(
                [
                    assessment.pk,
                    assessment.product.name,
                    str(assessment.assessor),
                    scheme_label,
                    assessment.scheme.version,
                    labels.get("groups", group.id, group.label),
                    labels.get("items", item.id, item.label),
                    labels.get("options", f"{item.id}.{option.id}", option.label),
                    option.points,
                ]
            )
    return rows


def export_rows(*, user: User) -> tuple[list[list[Any]], list[list[Any]]]:
    """The assessment rows and the answer rows."""
    rows: list[list[Any]] = []
    answers: list[list[Any]] = []
    for a in selectors.assessment_list(user=user).iterator(chunk_size=500):
        result = a.result or {}
        scheme_label = scheme_name(a.scheme)
        scheme = Scheme.from_dict(a.scheme.definition)
        labels = Labels(a.scheme.labels_id or {})
        item_labels = {
            i.id: labels.get("items", i.id, i.label) for g in scheme.groups for i in g.items
        }
        village = a.product.enterprise.village
        finalised = (
            timezone.localtime(a.finalised_at).replace(tzinfo=None) if a.finalised_at else None
        )
        gates = [item_labels.get(g["item"], g["item"]) for g in result.get("failed_gates", [])]
        rows.append(
            [
                a.pk,
                a.product.name,
                a.product.enterprise.name,
                village.name,
                village.parent.name if village.parent else "",
                scheme_label,
                a.scheme.version,
                str(a.assessor),
                str(a.get_status_display()),
                result.get("points"),
                round(result["percent"], 2) if "percent" in result else None,
                result.get("stars"),
                finalised,
                ", ".join(gates) or None,
                a.evidence or None,
            ]
        )
        answers.extend(_answer_rows(a, scheme, labels, scheme_label))
    return rows, answers


def assessments_xlsx(*, user: User) -> IO[bytes]:
    """A file positioned at its start holding the workbook."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Assessments"))
    rows, answers = export_rows(user=user)
    sheet.append(xlsx_row(sheet, _headers()))
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    answer_sheet = workbook.create_sheet(_("Answers"))
    answer_sheet.append(xlsx_row(answer_sheet, _answer_headers()))
    for row in answers:
        answer_sheet.append(xlsx_row(answer_sheet, row))
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - returned
    workbook.save(out)
    out.seek(0)
    return out


# --- issued star ratings ----------------------------------------------------------------------


def star_rating_headers() -> list[str]:
    return [
        _("Product"),
        _("Enterprise"),
        _("Village"),
        _("Kecamatan"),
        _("Scheme"),
        _("Version"),
        _("Stars"),
        _("Percent"),
        _("Coaching tier"),
        _("Issued on"),
        _("Verification code"),
    ]


def star_rating_rows(*, user: User) -> Iterator[list[Any]]:
    """Every star rating ``user`` may see, newest first, as the cells of a row."""
    for rating in selectors.rating_list(user=user).iterator(chunk_size=500):
        village = rating.product.enterprise.village
        yield [
            rating.product.name,
            rating.product.enterprise.name,
            village.name,
            village.parent.name if village.parent else "",
            scheme_name(rating.scheme),
            rating.scheme.version,
            rating.stars,
            round(rating.percent, 2),
            str(rating.get_tier_display()),
            timezone.localdate(rating.issued_at),
            rating.verification_code,
        ]


def star_ratings_xlsx(*, user: User) -> IO[bytes]:
    """The issued star ratings as a one-sheet workbook (header in the active language)."""
    rows = chain([star_rating_headers()], star_rating_rows(user=user))
    return xlsx_file(title=_("Star ratings"), rows=rows)
