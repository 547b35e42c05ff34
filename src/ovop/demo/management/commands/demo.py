"""`ovop demo`: load the Bangka Tengah demo data and print the demo accounts."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.demo import data
from ovop.demo.empowerment import EmpowermentSummary
from ovop.demo.loader import DemoError, DemoSummary, Tally, demo_load
from ovop.demo.monitoring import MonitoringSummary
from ovop.demo.planning import PlanningSummary

#: The demo's "today" is kept to a sensible span (its demand year follows it).
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def _day(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            _("write the day as YYYY-MM-DD, for example 2026-12-05")
        ) from error
    if not FIRST_DAY <= day <= LAST_DAY:
        raise argparse.ArgumentTypeError(_("give a day from 2000 to 2100"))
    return day


class Command(BaseCommand):
    help = (
        "Load demo data for Kabupaten Bangka Tengah (19.04): regions if missing, ~300 IKM with "
        "products and certificates, a programme, and one demo account per role. Safe to rerun."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=data.DEFAULT_SEED, help="Random seed (default 2021)."
        )
        parser.add_argument(
            "--today",
            type=_day,
            default=None,
            help="The day the demo takes as today (YYYY-MM-DD, default the local date): the "
            "simulated demand covers the twelve full months before it.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even though DEBUG is off. The demo accounts share a published password: "
            "never on a server holding real data.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                _(
                    "DEBUG is off: this looks like production. The demo creates accounts with a "
                    "published password; add --force if this really is a demo server."
                )
            )
        try:
            summary = demo_load(
                seed=options["seed"], today=options["today"] or timezone.localdate()
            )
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        self._print(summary)

    def _print(self, summary: DemoSummary) -> None:
        out = self.stdout
        if summary.regions_loaded:
            out.write(_("regions: Bangka Tengah (%(code)s) loaded") % {"code": data.REGENCY_CODE})
        for label, tally in [
            (_("enterprises"), summary.enterprises),
            (_("products"), summary.products),
            (_("certifications"), summary.certifications),
        ]:
            out.write(f"{label}: {_tally(tally)}")
        out.write(
            _("programme %(name)r: %(n)s record(s) written")
            % {"name": data.PROGRAMME_NAME, "n": summary.programme_changes}
        )
        out.write(_empowerment(summary.empowerment))
        out.write(_planning(summary.planning))
        out.write(_monitoring(summary.monitoring))
        out.write(
            _(
                "catalogue: %(listings)s product page(s), %(published)s published, "
                "%(photos)s photo(s) added, %(proposals)s proposed change(s) and "
                "%(reviews)s review(s) written"
            )
            % {
                "listings": summary.catalogue.listings,
                "published": summary.catalogue.published,
                "photos": summary.catalogue.photos,
                "proposals": summary.catalogue.proposals,
                "reviews": summary.catalogue.reviews,
            }
        )
        out.write(
            _(
                "demand: %(counters)s monthly counter(s), %(inquiries)s inquiry(ies), "
                "%(waiting)s waiting for an answer"
            )
            % {
                "counters": summary.demand.counters,
                "inquiries": summary.demand.inquiries,
                "waiting": summary.demand.waiting,
            }
        )
        out.write(_("seed: %(seed)s") % {"seed": summary.seed} + "\n")
        out.write(_("Demo accounts (demo only; never use these on a real server):"))
        for line in _table(
            [(_("username"), _("role"), _("scope"), _("password"))]
            + [(a.username, a.role, a.scope, a.password) for a in summary.accounts]
        ):
            out.write(line)


def _table(rows: list[tuple[str, str, str, str]]) -> list[str]:
    """Rows as aligned text columns, with a rule under the header."""
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  " + "  ".join("-" * w for w in widths))
    return [line.rstrip() for line in lines]


def _tally(tally: Tally) -> str:
    return _(
        "%(total)s in the demo (%(created)s created, %(updated)s updated, %(archived)s archived)"
    ) % {
        "total": tally.total,
        "created": tally.created,
        "updated": tally.updated,
        "archived": tally.archived,
    }


def _empowerment(summary: EmpowermentSummary) -> str:
    return _(
        "empowerment: %(villages)s village(s) loaded (%(groups)s groups, %(people)s people, "
        "%(cycles)s cycles, %(meetings)s meetings, %(proposals)s proposals), %(left)s left as "
        "they were"
    ) % {
        "villages": summary.villages,
        "groups": summary.groups,
        "people": summary.people,
        "cycles": summary.cycles,
        "meetings": summary.meetings,
        "proposals": summary.proposals,
        "left": summary.left_alone,
    }


def _planning(summary: PlanningSummary) -> str:
    return _(
        "budget plan: %(years)s fiscal year(s) loaded (%(proposals)s proposals, %(scenarios)s "
        "scenarios, %(activities)s activities, %(participants)s participants), %(left)s left as "
        "they were"
    ) % {
        "years": summary.years,
        "proposals": summary.proposals,
        "scenarios": summary.scenarios,
        "activities": summary.activities,
        "participants": summary.participants,
        "left": summary.left_alone,
    }


def _monitoring(summary: MonitoringSummary) -> str:
    return _(
        "monitoring: %(rounds)s survey round(s) loaded (%(respondents)s respondents, "
        "%(values)s values, %(targets)s targets), %(left)s left as they were"
    ) % {
        "rounds": summary.rounds,
        "respondents": summary.respondents,
        "values": summary.values,
        "targets": summary.targets,
        "left": summary.left_alone,
    }
