"""`ovop generate-national`: fill an empty database with a national-size synthetic data set."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ovop.demo.national import NationalError, NationalSummary, national_generate


def _labels() -> dict[str, str]:
    return {
        "regions": _("regions"),
        "enterprises": _("enterprises (IKM)"),
        "products": _("products"),
        "certifications": _("certifications"),
        "registry counts": _("registry counts (IKM, products, certificates by kecamatan)"),
        "programmes": _("programmes and their villages"),
        "rounds": _("survey rounds"),
        "respondents": _("respondents"),
        "values": _("values"),
        "tallies": _("value tallies (summed with the values)"),
        "targets": _("targets"),
        "budget": _("proposals, activities and realised costs"),
        "sequences": _("id sequences moved on"),
        "analyze": _("statistics (ANALYZE)"),
        "check": _("rounds whose tallies were checked against the values"),
        "vacuum": _("VACUUM after the commit"),
    }


class Command(BaseCommand):
    help = (
        "Fill an empty database with a synthetic national data set: 514 regencies, 83,762 "
        "villages, 1,000,000 IKM, 3 survey rounds x 10 indicators (30 million values) and "
        "budgets, at --scale 1 (PostgreSQL; SQLite up to --scale 0.05)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Fraction of the full size (default 1)."
        )
        parser.add_argument("--seed", type=int, default=2025, help="Random seed (default 2025).")

    def handle(self, *args: Any, **options: Any) -> None:
        labels = _labels()

        def say(key: str, seconds: float, rows: int) -> None:
            self.stdout.write(f"{labels[key]}: {rows:,} ({seconds:.1f} s)")
            self.stdout.flush()

        try:
            summary = national_generate(scale=options["scale"], seed=options["seed"], say=say)
        except NationalError as error:
            raise CommandError(str(error)) from error
        self._summary(summary)

    def _summary(self, summary: NationalSummary) -> None:
        size = summary.size
        counts = {
            "scale": f"{size.scale:g}",
            "seed": summary.seed,
            "regencies": f"{size.regencies:,}",
            "villages": f"{size.villages:,}",
            "enterprises": f"{size.enterprises:,}",
        }
        if summary.reused:
            self.stdout.write(
                _(
                    "The database already holds this data set (scale %(scale)s, seed %(seed)s: "
                    "%(regencies)s regencies, %(villages)s villages, %(enterprises)s IKM); "
                    "nothing written."
                )
                % counts
            )
            return
        self.stdout.write(
            _(
                "Generated scale %(scale)s, seed %(seed)s: %(regencies)s regencies, %(villages)s "
                "villages, %(enterprises)s IKM in %(seconds)s s."
            )
            % {**counts, "seconds": f"{summary.seconds:.1f}"}
        )
