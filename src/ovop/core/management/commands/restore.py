"""`ovop restore ARCHIVE [--force]`: put back the database and uploaded files of a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ovop.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files by those of an archive written by "
        "`ovop backup` (same database engine). Refuses when the database holds data or "
        "MEDIA_ROOT holds files, unless --force. Stop ovop's app processes first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="An archive written by `ovop backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Confirm that the database and MEDIA_ROOT may be overwritten.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_restore(archive=Path(options["archive"]), force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("Restored the backup of %(created)s: %(engine)s database, %(count)d file(s).")
            % {
                "created": manifest.created_at,
                "engine": manifest.engine,
                "count": len(manifest.files),
            }
        )
