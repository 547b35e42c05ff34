"""`ovop purge_inquiries`: erase buyers' personal data past the retention period (run daily)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ovop.catalogue.services_inquiries import inquiries_purge


class Command(BaseCommand):
    help = (
        "Erase the name, phone, e-mail and message of every catalogue inquiry older than "
        "OVOP_INQUIRY_RETENTION_MONTHS; the anonymised inquiries still count as demand."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = inquiries_purge()
        months = settings.OVOP_INQUIRY_RETENTION_MONTHS
        self.stdout.write(
            _("%(count)d inquiries older than %(months)d months anonymised.")
            % {"count": count, "months": months}
        )
