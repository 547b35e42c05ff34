"""`ovop install-schemes`: install the shipped rating schemes (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ovop.rating.models import SchemeStatus
from ovop.rating.services import scheme_install_fixtures, shipped_differs


class Command(BaseCommand):
    help = (
        "Install the shipped star-rating schemes (Kemenperin OVOP v1 and v2, Vietnam OCOP v1) "
        "that are missing; a second run writes nothing. On a fresh installation the newest "
        "version of each scheme is put in use (Kemenperin v2: NIB, food permit and halal "
        "decided from the registry) and earlier ones are archived, still valid for the ratings "
        "issued under them. Where a scheme is already in use, a newer shipped version is "
        "installed as a draft: the version in use stays until an administrator puts the draft "
        "in use at /rating/schemes/."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for scheme in scheme_install_fixtures():
            line = f"{scheme.code} v{scheme.version}: {scheme.get_status_display()}"
            if scheme.status == SchemeStatus.DRAFT:
                line += " " + _("(put it in use at /rating/schemes/ to replace the version in use)")
            if shipped_differs(scheme):
                line += " " + _(
                    "(differs from the shipped version: made or edited here, left as is)"
                )
            self.stdout.write(line)
