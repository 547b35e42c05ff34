"""The plan (Rencana Kegiatan) of the current approved version as a workbook (XLSX): its
version, approval date and reason for the revision on top, one row per funded line by
kecamatan and village (type, source, beneficiaries, cost), the total and the totals by source
as formulas over the lines. Rows are written as they are read (openpyxl write-only mode)."""

from __future__ import annotations

from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from ovop.accounts.models import User
from ovop.planning.models import Scenario
from ovop.planning.selectors_plan_report import plan_lines, plan_source_totals
from ovop.planning.xlsx_cells import BOLD, TITLE, Sheet, saved

#: The row of the column headings; lines start on the next row.
HEAD = 7
FIRST = HEAD + 1
WIDTHS = (5, 20, 20, 36, 24, 22, 10, 10, 14, 18)


def plan_title() -> str:
    return _("Activity plan (Rencana Kegiatan)")


def _top(sheet: Sheet, plan: Scenario) -> None:
    approved = timezone.localtime(plan.approved_at).date() if plan.approved_at else None
    sheet.append([sheet.text(plan_title(), TITLE)])
    sheet.append([_("Fiscal year"), None, plan.fiscal_year.year])
    sheet.append([_("Plan version"), None, plan.version, plan.name])
    sheet.append([_("Approved on"), None, approved])
    sheet.append([_("Reason for the revision"), None, plan.revision_reason or "—"])
    sheet.append([])
    heads = [_("No."), _("Kecamatan"), _("Village"), _("Activity"), _("Activity type")]
    heads += [_("Source of funds"), _("Women"), _("Men"), _("Beneficiaries"), _("Cost (Rp)")]
    sheet.append([sheet.text(h) for h in heads])


def _by_source(sheet: Sheet, user: User, plan: Scenario, last: int) -> None:
    sheet.append([])
    sheet.append([None, sheet.text(_("Totals by source of funds"))])
    first = sheet.next_row
    for total in plan_source_totals(user=user, plan=plan):
        r = sheet.next_row
        criteria = f"$F${FIRST}:$F${last},B{r},$J${FIRST}:$J${last}"
        sheet.append(
            [None, total.source or "—", *([None] * 7), sheet.formula(f"SUMIF({criteria})")]
        )
    end = sheet.next_row - 1
    sheet.append(
        [None, sheet.text(_("Total"))]
        + [None] * 7
        + [sheet.formula(f"SUM(J{first}:J{max(end, first)})", font=BOLD)]
    )


def workbook_plan(*, user: User, plan: Scenario) -> IO[bytes]:
    """The funded lines of ``plan`` that ``user`` may read, as an XLSX file."""
    workbook = Workbook(write_only=True)
    sheet = Sheet(workbook, _("Activity plan"), WIDTHS)
    _top(sheet, plan)
    for number, line in enumerate(plan_lines(user=user, plan=plan), start=1):
        r = sheet.next_row
        sheet.append(
            [
                number,
                line.kecamatan,
                line.village,
                line.title,
                line.type_label,
                line.source or "—",
                line.women,
                line.men,
                sheet.formula(f"G{r}+H{r}", "0"),
                sheet.money(line.cost_idr),
            ]
        )
    last = sheet.next_row - 1
    if last < FIRST:
        sheet.append([None, _("No funded line")])
        last = FIRST
    sheet.append(
        [None, sheet.text(_("Total"))]
        + [None] * 4
        + [sheet.formula(f"SUM({c}{FIRST}:{c}{last})", "0", BOLD) for c in "GHI"]
        + [sheet.formula(f"SUM(J{FIRST}:J{last})", font=BOLD)]
    )
    _by_source(sheet, user, plan, last)
    return saved(workbook)
