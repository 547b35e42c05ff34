"""`ovop install-schemes`: install the shipped rating schemes (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ovop.rating.services import scheme_install_fixtures


class Command(BaseCommand):
    help = "Install the shipped star-rating schemes (Kemenperin OVOP, Vietnam OCOP) if missing."

    def handle(self, *args: Any, **options: Any) -> None:
        for scheme in scheme_install_fixtures():
            self.stdout.write(f"{scheme.code} v{scheme.version}: {scheme.get_status_display()}")
