"""The realisation workbook's sheet of activities and sheet of alerts (see ``reports_xlsx``)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from ovop.planning.alerts import PACE_PCT, Alerts
from ovop.planning.choices import ActivityStatus
from ovop.planning.figures_realisation import ActivityFigures
from ovop.planning.selectors_realisation import Realisation
from ovop.planning.xlsx_cells import BOLD, PERCENT, Sheet, quoted, share

Top = Callable[[Sheet, Realisation, str], None]
FIRST = 6


def _activity_row(sheet: Sheet, number: int, a: ActivityFigures) -> None:
    r = sheet.next_row
    sheet.append(
        [
            number,
            a.title,
            a.kecamatan_name,
            a.village_name,
            a.type_label,
            a.source_name,
            a.starts_on,
            a.ends_on,
            a.status_label,
            sheet.money(a.planned_idr),
            sheet.money(a.realised_idr),
            sheet.formula(share(f"K{r}", f"J{r}"), PERCENT),
            None if a.cancelled else sheet.percent(a.progress_pct / 100),
            a.cancel_reason if a.cancelled else None,
        ]
    )


def _activity_totals(sheet: Sheet, last: int) -> None:
    r = sheet.next_row
    status = f"I{FIRST}:I{last}"
    not_cancelled = quoted("<>" + str(ActivityStatus.CANCELLED.label))

    def active(column: str) -> str:
        return f"SUMIF({status},{not_cancelled},{column}{FIRST}:{column}{last})"

    progress = f"SUMPRODUCT(J{FIRST}:J{last},M{FIRST}:M{last})/J{r}"
    sheet.append(
        [None, sheet.text(_("Total without the cancelled activities"))]
        + [None] * 7
        + [
            sheet.formula(active("J"), font=BOLD),
            sheet.formula(active("K"), font=BOLD),
            sheet.formula(share(f"K{r}", f"J{r}"), PERCENT, BOLD),
            sheet.formula(f"IF(J{r}=0,0,{progress})", PERCENT, BOLD),
        ]
    )
    sheet.append(
        [None, sheet.text(_("Total, all activities"))]
        + [None] * 7
        + [
            sheet.formula(f"SUM(J{FIRST}:J{last})", font=BOLD),
            sheet.formula(f"SUM(K{FIRST}:K{last})", font=BOLD),
        ]
    )


def activity_sheet(sheet: Sheet, figures: Realisation, *, top: Top) -> None:
    """One row per activity (cancelled ones too, without physical progress), then totals."""
    for column, width in zip(
        "ABCDEFGHIJKLMN", (5, 34, 18, 18, 22, 20, 12, 12, 14, 16, 16, 12, 12, 30), strict=True
    ):
        sheet.ws.column_dimensions[column].width = width
    top(sheet, figures, _("Activities"))
    sheet.append([])
    heads = [_("No."), _("Activity"), _("Kecamatan"), _("Village"), _("Activity type")]
    heads += [_("Source of funds"), _("Starts on"), _("Ends on"), _("Status")]
    heads += [_("Planned (Rp)"), _("Realised (Rp)"), _("Absorption"), _("Physical progress")]
    heads += [_("Reason for cancelling")]
    sheet.append([sheet.text(h) for h in heads])
    for number, activity in enumerate(figures.activities, start=1):
        _activity_row(sheet, number, activity)
    if not figures.activities:
        sheet.append([None, _("No activity")])
    _activity_totals(sheet, sheet.next_row - 1)


def _over_plan(sheet: Sheet, alerts: Alerts) -> None:
    sheet.append([sheet.text(_("Cost more than 10 %% over plan") % {})])
    heads = [_("Activity"), _("Village"), _("Planned (Rp)"), _("Realised (Rp)")]
    heads += [_("Over plan (Rp)"), _("Over plan")]
    sheet.append([sheet.text(h) for h in heads])
    for found in alerts.over_plan:
        a, r = found.activity, sheet.next_row
        sheet.append(
            [
                a.title,
                a.village_name,
                sheet.money(a.planned_idr),
                sheet.money(a.realised_idr),
                sheet.formula(f"D{r}-C{r}"),
                sheet.formula(share(f"E{r}", f"C{r}"), PERCENT),
            ]
        )
    if not alerts.over_plan:
        sheet.append([_("None")])


def _overdue(sheet: Sheet, alerts: Alerts) -> None:
    sheet.append([sheet.text(_("Overdue activities"))])
    heads = [_("Activity"), _("Village"), _("Ends on"), _("Status"), _("Days late")]
    sheet.append([sheet.text(h) for h in heads])
    for found in alerts.overdue:
        a = found.activity
        sheet.append([a.title, a.village_name, a.ends_on, a.status_label, found.days_late])
    if not alerts.overdue:
        sheet.append([_("None")])


def _slow(sheet: Sheet, alerts: Alerts) -> None:
    sheet.append([sheet.text(_("Money unlikely to be absorbed by the end of the year"))])
    heads = [_("Source of funds"), _("Planned (Rp)"), _("Realised (Rp)"), _("Months elapsed")]
    heads += [_("Projected by the end of the year (Rp)"), _("Projected shortfall (Rp)")]
    sheet.append([sheet.text(h) for h in heads])
    for found in alerts.slow:
        r = sheet.next_row
        sheet.append(
            [
                found.label or _("All sources"),
                sheet.money(found.planned_idr),
                sheet.money(found.realised_idr),
                found.months_elapsed,
                sheet.formula(f"INT(C{r}*12/D{r})"),
                sheet.formula(f"B{r}-E{r}"),
            ]
        )
    if not alerts.slow:
        sheet.append([_("None")])
    sheet.append([sheet.text(pace_explained(), font=None)])


def pace_explained() -> str:
    return _(
        "Projection: money realised so far ÷ months elapsed × 12 (months from January to the "
        "as-at month, the current month counted whole). Flagged when below %(pct)s %% of the "
        "planned money; the shortfall is planned − projected."
    ) % {"pct": PACE_PCT}


def alert_sheet(sheet: Sheet, figures: Realisation, alerts: Alerts, *, top: Top) -> None:
    """The three kinds of alert, one table each."""
    for column, width in zip("ABCDEF", (34, 20, 18, 18, 22, 20), strict=True):
        sheet.ws.column_dimensions[column].width = width
    top(sheet, figures, _("Alerts"))
    for part in (_over_plan, _overdue, _slow):
        sheet.append([])
        part(sheet, alerts)
