"""``ovop tallies --check`` / ``--rebuild``: the dashboard's running sums and counts against the
values and the registry."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ovop.enterprises import tallies as registry_tallies
from ovop.monitoring import tallies


class Command(BaseCommand):
    help = (
        "Compare the value tallies and registry counts the dashboard reads with the values "
        "and the registry (--check), or recompute them all (--rebuild, after restoring data "
        "written outside ovop)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--check", action="store_true", help="report tallies that differ")
        group.add_argument("--rebuild", action="store_true", help="recompute every round")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rebuild"]:
            n = tallies.rebuild()
            rows = registry_tallies.rebuild()
            self.stdout.write(f"{n} rounds recomputed; {rows} registry counts")
            return
        wrong = tallies.differences()
        for round_id, key in wrong[:20]:
            self.stdout.write(f"round {round_id}: {key} differs")
        counts = registry_tallies.differences()
        for row in counts[:20]:
            self.stdout.write(f"registry {row} differs")
        if wrong or counts:
            raise CommandError(
                f"{len(wrong)} tallies differ from the values and {len(counts)} counts from the "
                "registry; run --rebuild"
            )
        self.stdout.write("every tally equals the values and every count the registry")
