"""The realisation report as a workbook (XLSX): a sheet by source, by kecamatan, by activity
type, by month, one per activity and one of the alerts. Money is a number cell formatted
``#,##0``, dates are date cells, shares are percent cells; every total, absorption and
cumulative figure is a formula over the cells above it, so the sheet still adds up after an
edit. Written in the language active when called (the caller picks the user's)."""

from __future__ import annotations

from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook

from ovop.planning.alerts import Alerts
from ovop.planning.choices import ActivityStatus
from ovop.planning.figures_realisation import Row
from ovop.planning.reports_xlsx_sheets import activity_sheet, alert_sheet
from ovop.planning.selectors_realisation import Realisation
from ovop.planning.xlsx_cells import BOLD, MONTH, PERCENT, TITLE, Sheet, saved, share

#: The row of the column headings; data start on the next row.
HEAD = 5
FIRST = HEAD + 1
STATUSES = (
    ActivityStatus.PLANNED,
    ActivityStatus.IN_PROGRESS,
    ActivityStatus.DONE,
    ActivityStatus.CANCELLED,
)


def report_title() -> str:
    return _("Physical and financial realisation report")


def _top(sheet: Sheet, figures: Realisation, subtitle: str) -> None:
    sheet.append([sheet.text(report_title(), TITLE)])
    sheet.append([sheet.text(subtitle), None])
    sheet.append([_("Fiscal year"), figures.year, _("As at"), figures.as_at])


def _group_row(sheet: Sheet, row: Row, label: str) -> None:
    r = sheet.next_row
    sheet.append(
        [
            label,
            row.activities,
            sheet.money(row.planned_idr),
            sheet.money(row.realised_idr),
            sheet.formula(share(f"D{r}", f"C{r}"), PERCENT),
            sheet.percent(row.progress_share),
            *(row.count(status) for status in STATUSES),
        ]
    )


def _group_total(sheet: Sheet, last: int) -> int:
    r = sheet.next_row
    span = f"{FIRST}:{{c}}{last}"

    def total(column: str) -> str:
        return f"SUM({column}{span.format(c=column)})"

    progress = f"SUMPRODUCT(C{span.format(c='C')},F{span.format(c='F')})/C{r}"
    sheet.append(
        [
            sheet.text(_("Total")),
            sheet.formula(total("B"), "0", BOLD),
            sheet.formula(total("C"), font=BOLD),
            sheet.formula(total("D"), font=BOLD),
            sheet.formula(share(f"D{r}", f"C{r}"), PERCENT, BOLD),
            sheet.formula(f"IF(C{r}=0,0,{progress})", PERCENT, BOLD),
            *(sheet.formula(total(c), "0", BOLD) for c in "GHIJ"),
        ]
    )
    return r


def _cancelled_note(sheet: Sheet, figures: Realisation, total_row: int) -> None:
    sheet.append([])
    r = sheet.append(
        [
            _("Cancelled activities (left out above)"),
            len(figures.cancelled),
            sheet.money(figures.cancelled_planned_idr),
            sheet.money(figures.cancelled_realised_idr),
        ]
    )
    sheet.append([_("Realised, all activities"), None, None, sheet.formula(f"D{total_row}+D{r}")])


def _group_sheet(
    workbook: Workbook, figures: Realisation, grouping: str, title: str, heading: str
) -> None:
    sheet = Sheet(workbook, title, (34, 11, 18, 18, 12, 12, 10, 10, 10, 10))
    _top(sheet, figures, title)
    sheet.append([])
    heads = [heading, _("Activities"), _("Planned (Rp)"), _("Realised (Rp)"), _("Absorption")]
    heads += [_("Physical progress"), *(str(ActivityStatus(s).label) for s in STATUSES)]
    sheet.append([sheet.text(h) for h in heads])
    rows = figures.rows(grouping)
    for row in rows:
        _group_row(sheet, row, row.label or "—")
    if not rows:
        sheet.append([_("No activity")])
    total_row = _group_total(sheet, sheet.next_row - 1)
    _cancelled_note(sheet, figures, total_row)


def _month_sheet(workbook: Workbook, figures: Realisation) -> None:
    sheet = Sheet(workbook, _("By month"), (18, 20, 12, 18, 20, 14))
    _top(sheet, figures, _("By month (cumulative)"))
    sheet.append([_("Planned in the year (Rp)"), sheet.money(figures.total.planned_idr)])
    heads = [_("Month"), _("Planned by schedule, cumulative (Rp)"), _("Target")]
    heads += [_("Realised in the month (Rp)"), _("Realised, cumulative (Rp)"), _("Absorption")]
    sheet.append([sheet.text(h) for h in heads])
    for month in figures.months:
        r = sheet.next_row
        cells = [
            sheet.value(month.ends_on, MONTH),
            sheet.money(month.planned_cumulative_idr),
            sheet.formula(share(f"B{r}", "$B$4"), PERCENT),
        ]
        if month.realised_idr is not None:
            before = f"D{r}" if r == FIRST else f"E{r - 1}+D{r}"
            cells += [
                sheet.money(month.realised_idr),
                sheet.formula(before),
                sheet.formula(share(f"E{r}", "$B$4"), PERCENT),
            ]
        sheet.append(cells)
    last = sheet.next_row - 1
    sheet.append([sheet.text(_("Total")), None, None, sheet.formula(f"SUM(D{FIRST}:D{last})")])


def workbook_realisation(*, figures: Realisation, alerts: Alerts) -> IO[bytes]:
    """The realisation report of ``figures`` with its ``alerts``, as an XLSX file."""
    workbook = Workbook(write_only=True)
    _group_sheet(workbook, figures, "source", _("By source"), _("Source of funds"))
    _group_sheet(workbook, figures, "kecamatan", _("By kecamatan"), _("Kecamatan"))
    _group_sheet(workbook, figures, "type", _("By activity type"), _("Activity type"))
    _month_sheet(workbook, figures)
    activity_sheet(Sheet(workbook, _("Activities")), figures, top=_top)
    alert_sheet(Sheet(workbook, _("Alerts")), figures, alerts, top=_top)
    return saved(workbook)
