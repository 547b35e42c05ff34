"""The evaluation report's data as plain JSON for the API (``report/?year=``): every chapter's
blocks with their tables' raw numbers — the numbers the workbook holds and the PDF rounds."""

from __future__ import annotations

import math
from typing import Any

from ovop.evaluation.report_parts import Block, Figure, Report, Table


def _raw(value: float | int | str | None) -> float | int | str | None:
    """JSON has no infinity or NaN: such a number is given as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def table_snapshot(table: Table) -> dict[str, Any]:
    return {
        "key": table.key,
        "number": table.number,
        "label": table.label,
        "title": table.title,
        "columns": [c.label for c in table.xlsx_columns()],
        "rows": [[_raw(cell.value) for cell in row] for row in table.xlsx_rows()],
        "note": table.note,
    }


def _block(block: Block) -> dict[str, Any]:
    if isinstance(block, Table):
        return {"kind": "table", **table_snapshot(block)}
    if isinstance(block, Figure):
        return {"kind": "figure", **table_snapshot(block.data), "note": block.note}
    return {"kind": "text", "text": block.text, "no_data": block.empty, "items": list(block.items)}


def report_snapshot(report: Report) -> dict[str, Any]:
    return {
        "programme": report.programme.pk,
        "year": report.year,
        "language": report.language,
        "printed_on": report.printed_on.isoformat(),
        "chapters": [
            {
                "number": chapter.number,
                "key": chapter.key,
                "title": chapter.title,
                "question": chapter.question,
                "blocks": [_block(block) for block in chapter.blocks],
            }
            for chapter in report.chapters
        ],
        "methods": [{"title": m.title, "paragraphs": list(m.paragraphs)} for m in report.methods],
    }
