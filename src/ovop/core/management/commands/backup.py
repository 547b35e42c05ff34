"""`ovop backup [ARCHIVE]`: the database and every uploaded file in one archive file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write the database (SQLite online backup or pg_dump) and the uploaded files (MEDIA_ROOT) "
        "to one archive, ovop-backup-<date>-<time>.tar.gz unless named. Safe while ovop runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", nargs="?", help="The archive to write (a new file).")

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        archive = Path(options["archive"] or f"ovop-backup-{stamp}.tar.gz")
        try:
            manifest = backup_create(archive=archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("%(path)s: %(engine)s database and %(count)d uploaded file(s).")
            % {"path": archive, "engine": manifest.engine, "count": len(manifest.files)}
        )
