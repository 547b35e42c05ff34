"""The realisation report and the plan (Rencana Kegiatan) as PDF documents: A4 landscape under
the regency's letterhead, the tables of the page, and the signature block of the head of
office (name and NIP from settings, ``ovop.core.documents.letterhead``). Written in the
language asked for (Indonesian by default); the HTML is kept apart so that it can be checked
before WeasyPrint turns it into a PDF."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.documents import html_to_pdf, letterhead
from ovop.planning.alerts import PACE_PCT, Alerts
from ovop.planning.figures_realisation import Row
from ovop.planning.models import Scenario
from ovop.planning.selectors_plan_report import plan_lines, plan_source_totals
from ovop.planning.selectors_realisation import Realisation

#: The file names in each language, by fiscal year (and month of the realisation).
FILE_NAMES = {
    "realisation": {"id": "realisasi-{year}-{month:02d}", "en": "realisation-{year}-{month:02d}"},
    "plan": {"id": "rencana-kegiatan-{year}-v{version}", "en": "activity-plan-{year}-v{version}"},
}


def filename(kind: str, language: str, extension: str, **parts: object) -> str:
    names = FILE_NAMES[kind]
    return names.get(language, names["id"]).format(**parts) + "." + extension


def groups(figures: Realisation) -> list[tuple[str, str, str, list[Row]]]:
    """The grouped tables: (key, title, heading of the first column, rows)."""
    return [
        ("source", _("By source of funds"), _("Source of funds"), figures.rows("source")),
        ("kecamatan", _("By kecamatan"), _("Kecamatan"), figures.rows("kecamatan")),
        ("type", _("By activity type"), _("Activity type"), figures.rows("type")),
    ]


def realisation_html(
    *, figures: Realisation, alerts: Alerts, language: str, printed_on: dt.date
) -> str:
    with translation.override(language):
        context = {
            "letterhead": letterhead(),
            "figures": figures,
            "alerts": alerts,
            "pace_pct": PACE_PCT,
            "groups": groups(figures),
            "printed_on": printed_on,
        }
        return render_to_string("planning/realisation_pdf.html", context)


def realisation_pdf(*, figures: Realisation, alerts: Alerts, language: str) -> bytes:
    """The realisation report of ``figures`` in ``language`` ("id" or "en")."""
    html = realisation_html(
        figures=figures, alerts=alerts, language=language, printed_on=timezone.localdate()
    )
    return html_to_pdf(html)


def plan_html(*, user: User, plan: Scenario, language: str) -> str:
    with translation.override(language):
        totals = plan_source_totals(user=user, plan=plan)
        lines = list(plan_lines(user=user, plan=plan))
        context = {
            "letterhead": letterhead(),
            "plan": plan,
            "approved_on": timezone.localtime(plan.approved_at) if plan.approved_at else None,
            "lines": lines,
            "source_totals": totals,
            "total_idr": sum(t.cost_idr for t in totals),
            "women": sum(line.women for line in lines),
            "men": sum(line.men for line in lines),
            "printed_on": timezone.localdate(),
        }
        return render_to_string("planning/plan_report_pdf.html", context)


def plan_pdf(*, user: User, plan: Scenario, language: str) -> bytes:
    """The funded lines of ``plan`` that ``user`` may read, in ``language``."""
    return html_to_pdf(plan_html(user=user, plan=plan, language=language))
