"""`ovop report --programme <id> --year <yyyy> [--lang id|en] [--output DIR]`: write the
evaluation report of a programme's year as PDF and XLSX (evaluasi-<regency>-<year>.pdf and
.xlsx; evaluation-… in English), print their paths and the time taken."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from ovop.accounts.models import Role, User
from ovop.evaluation.report import report_build
from ovop.evaluation.report_parts import round_years, year_allowed
from ovop.evaluation.report_pdf import report_filename, report_pdf
from ovop.evaluation.report_xlsx import report_workbook
from ovop.programme.models import Programme


def command_reader() -> User:
    """Who the report is made for: a reader of everything, never saved (whoever runs the
    server's commands may read every figure already)."""
    return User(username="ovop-report", role=Role.VIEWER, is_active=True)


class Command(BaseCommand):
    help = (
        "Write the evaluation report of a programme's year as PDF and XLSX (the same report "
        "the programme's evaluation page offers) and print where they are."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", type=int, required=True, help="The programme's id.")
        parser.add_argument("--year", type=int, required=True, help="The year evaluated.")
        parser.add_argument("--lang", choices=("id", "en"), default="id", help="Default: id.")
        parser.add_argument(
            "--output", default=".", help="The folder to write to (made if missing)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        with translation.override(options["lang"]):
            programme = self._programme(options["programme"], options["year"])
            folder = Path(options["output"])
            folder.mkdir(parents=True, exist_ok=True)
            report = report_build(
                user=command_reader(),
                programme=programme,
                year=options["year"],
                language=options["lang"],
            )
            pdf = folder / report_filename(report, "pdf")
            pdf.write_bytes(report_pdf(report))
            xlsx = folder / report_filename(report, "xlsx")
            xlsx.write_bytes(report_workbook(report).read())
            self.stdout.write(str(pdf.resolve()))
            self.stdout.write(str(xlsx.resolve()))
            seconds = time.perf_counter() - started
            self.stdout.write(_("Made in %(s).1f seconds.") % {"s": seconds})

    def _programme(self, pk: int, year: int) -> Programme:
        programme = (
            Programme.objects.filter(pk=pk, archived_at__isnull=True)
            .select_related("regency")
            .first()
        )
        if programme is None:
            raise CommandError(_("There is no programme %(pk)s.") % {"pk": pk})
        if not year_allowed(programme, year):
            years = ", ".join(str(y) for y in round_years(programme)) or "—"
            raise CommandError(
                _(
                    "%(programme)s has no year %(year)s: a report covers a year from the "
                    "programme's start (%(start)s) to this year, or a year of its survey "
                    "rounds (%(years)s)."
                )
                % {
                    "programme": programme.name,
                    "year": year,
                    "start": programme.start_year,
                    "years": years,
                }
            )
        return programme
