"""The IKM registry import: the office's list of IKM — owner, village, NIB, products,
certificates — checked in a dry run (``registry_plan``) and written on confirmation
(``registry_write``), all or nothing.

Reading the file (``ovop.core.tables.read_upload`` with ``REGISTRY_COLUMNS`` and
``min_matches=REGISTRY_MIN_MATCHES``) gives a table; ``registry_plan`` reads its rows as they
come, in batches, writing nothing, and decides for each row:

- **bad**: a cell that cannot be read, a village or kecamatan not in the regency (with the
  spellings nearly the same), an NIB registered outside the regency, an archived IKM, or the
  same IKM twice in the file (the same NIB, or without NIB the same name in the same village,
  or two rows that are one registered IKM): each is listed with sheet, row, column and reason.
- **update**: the row is a registered IKM — the one with its NIB, else the one of its name
  (case, spaces and punctuation aside) in its village — and a filled cell differs from the
  registry, or it names a product or certificate the IKM does not have yet, or a product's
  category changes. A blank cell leaves the registered value as it is; products and
  certificates not in the file are left as they are.
- **possible duplicate**: an IKM of its village has a name spelled nearly the same ("Getas
  Alfa" / "Getas Alpha"), or the same name but another NIB. The user rules on each: the rows
  confirmed as new IKM (``accept_new``) are created, the others left out and reported.
- **create** or **unchanged** otherwise.

Memory holds the plan's counts, the first ``MAX_PROBLEMS`` problems and one compact decision
per row that writes something (an unchanged row leaves nothing but its count): the file itself
is never held. ``registry_write`` refuses a plan with bad rows and writes the decisions in one
transaction, in batches with one history row per record changed (simple_history's bulk
helpers); a cancel (``should_stop``) or a failure leaves the registry as it was.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.accounts.models import User
from ovop.core.tables import Table
from ovop.enterprises.models import Certification, Enterprise, Product
from ovop.enterprises.registry_import_decide import (
    BAD,
    CREATE,
    DUPLICATE,
    UNCHANGED,
    UPDATE,
    Decider,
    RowDecision,
)
from ovop.enterprises.registry_import_rows import (
    REGISTRY_COLUMNS,
    REGISTRY_MIN_MATCHES,
    RowReader,
    RowValues,
)
from ovop.enterprises.registry_import_write import RegistryWriter
from ovop.regions.models import Region

__all__ = [
    "HISTORY_REASONS",
    "MAX_PROBLEMS",
    "MAX_ROWS",
    "REASON_IMPORTED",
    "REGISTRY_COLUMNS",
    "REGISTRY_MIN_MATCHES",
    "ImportCancelled",
    "RegistryPlan",
    "RegistryResult",
    "RowDecision",
    "registry_plan",
    "registry_write",
]

#: The most rows of data a registry file may have (a regency registers far fewer IKM).
MAX_ROWS = 100_000
#: The problems a plan keeps to show (all are counted).
MAX_PROBLEMS = 1000
#: Rows read, or decisions written, between two progress reports and cancel checks.
BATCH_ROWS = 500
#: The change reason of the history rows an import writes, and how history pages say it
#: (``record_history(..., reasons=HISTORY_REASONS)``).
REASON_IMPORTED = "imported"
HISTORY_REASONS = {REASON_IMPORTED: gettext_lazy("imported from a registry file")}

_COUNTED = {
    CREATE: "created",
    UPDATE: "updated",
    UNCHANGED: "unchanged",
    BAD: "bad",
    DUPLICATE: "possible_duplicates",
}

Progress = Callable[[int], None]


class ImportCancelled(Exception):
    """Raised inside the writing transaction when ``should_stop`` says so: nothing is kept."""


@dataclass
class RegistryPlan:
    """What writing a registry file would do, decided without writing anything.

    ``counts`` has ``created``, ``updated``, ``unchanged``, ``bad`` (rows) and
    ``possible_duplicates``; ``problems`` the first ``MAX_PROBLEMS`` reasons as dicts with
    ``sheet``, ``row`` (as Excel numbers it), ``column`` and ``reason`` (in the language active
    when planning), ``problem_count`` all of them; ``changes`` the first updated rows with the
    fields they change; ``possible_duplicates`` every row the user must rule on.
    """

    sheet: str
    regency_id: int
    rows_read: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[dict[str, Any]] = field(default_factory=list)
    problem_count: int = 0
    changes: list[dict[str, Any]] = field(default_factory=list)
    possible_duplicates: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[RowDecision] = field(default_factory=list)
    #: The file cannot be imported whatever its rows (a required column missing, too long).
    refused: bool = False
    #: Set once ``registry_write`` has committed it: a plan is written at most once.
    written: bool = False

    @property
    def can_write(self) -> bool:
        return not self.refused and self.counts.get("bad", 0) == 0

    @property
    def duplicate_rows(self) -> frozenset[int]:
        """The rows that ``registry_write`` creates only when named in ``accept_new``."""
        return frozenset(d.row for d in self.decisions if d.action == DUPLICATE)

    @property
    def rows_to_write(self) -> int:
        """The count ``registry_write`` reports its progress against."""
        return len(self.decisions)


@dataclass(frozen=True)
class RegistryResult:
    """What ``registry_write`` did; ``left_out`` are the possible duplicates not confirmed."""

    created: int
    updated: int
    unchanged: int
    left_out: tuple[int, ...]
    products_created: int
    products_updated: int
    certifications_created: int

    @property
    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "left_out": len(self.left_out),
            "products_created": self.products_created,
            "products_updated": self.products_updated,
            "certifications_created": self.certifications_created,
        }


# --- the dry run ------------------------------------------------------------------------------


class _Planner:
    """Keeps what the plan needs while the rows stream past: problems, counts, decisions."""

    def __init__(self, table: Table, regency: Region) -> None:
        self.reader = RowReader(table)
        self.plan = RegistryPlan(sheet=table.sheet, regency_id=regency.pk)
        self.decider = Decider(self.reader, regency, self.problem)

    def problem(self, row: int, column: str, reason: str) -> None:
        self.plan.problem_count += 1
        if len(self.plan.problems) < MAX_PROBLEMS:
            self.plan.problems.append(
                {"sheet": self.plan.sheet, "row": row, "column": column, "reason": reason}
            )

    def refuse(self, row: int, column: str, reason: str) -> RegistryPlan:
        self.problem(row, column, reason)
        self.plan.refused = True
        return self.finish()

    def decide(self, batch: list[RowValues], progress: Progress | None) -> None:
        self.plan.rows_read += len(batch)
        self.decider.decide(batch)
        batch.clear()
        if progress is not None:
            progress(self.plan.rows_read)

    def finish(self) -> RegistryPlan:
        plan, decider = self.plan, self.decider
        counted = Counter(decider.actions.values())
        plan.counts = {name: counted.get(action, 0) for action, name in _COUNTED.items()}
        plan.decisions = sorted(decider.decisions.values(), key=lambda d: d.row)
        plan.changes = [
            {
                "sheet": plan.sheet,
                "row": d.row,
                "enterprise": decider.registered_name(d.enterprise_id),
                "fields": [_change_label(name) for name in d.changed],
            }
            for d in plan.decisions
            if d.action == UPDATE
        ][:MAX_PROBLEMS]
        plan.possible_duplicates = [
            {
                "sheet": plan.sheet,
                "row": d.row,
                "name": d.fields.get("name", ""),
                "village": decider.village_name(d.fields.get("village_id")),
                "existing": decider.registered_name(d.enterprise_id),
                "existing_id": d.enterprise_id,
            }
            for d in plan.decisions
            if d.action == DUPLICATE
        ]
        return plan


def _change_label(name: str) -> str:
    if name == "products":
        return str(capfirst(Product._meta.verbose_name_plural))
    if name == "category":
        return str(capfirst(getattr(Product._meta.get_field("category"), "verbose_name", name)))
    if name == "certifications":
        return str(capfirst(Certification._meta.verbose_name_plural))
    return str(capfirst(getattr(Enterprise._meta.get_field(name), "verbose_name", name)))


def registry_plan(
    table: Table, *, regency: Region, progress: Progress | None = None
) -> RegistryPlan:
    """The dry run of importing ``table`` into the registry of ``regency``: nothing is
    written. ``progress(rows_read)`` is called after each batch of ``BATCH_ROWS`` rows."""
    planner = _Planner(table, regency)
    for name in planner.reader.missing():
        column = REGISTRY_COLUMNS[name][0]
        reason = _("The file has no column %(column)s; add it (the template has every column).")
        planner.problem(table.header_row, column, reason % {"column": column})
    if planner.plan.problem_count:
        planner.plan.refused = True
        return planner.finish()
    batch: list[RowValues] = []
    for number, cells in table.rows:
        row = planner.reader.read(number, cells)
        if row is None:
            continue
        if planner.plan.rows_read + len(batch) >= MAX_ROWS:
            reason = _("The file has more than %(limit)s rows; split it into smaller files.")
            return planner.refuse(number, "", reason % {"limit": MAX_ROWS})
        batch.append(row)
        if len(batch) >= BATCH_ROWS:
            planner.decide(batch, progress)
    if batch:
        planner.decide(batch, progress)
    return planner.finish()


# --- the confirmation -------------------------------------------------------------------------


def registry_write(
    plan: RegistryPlan,
    *,
    user: User,
    accept_new: Collection[int] = frozenset(),
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> RegistryResult:
    """Write ``plan`` in one transaction; ``accept_new`` are the rows of possible duplicates
    the user confirmed as new IKM. ``progress(rows_done)`` (out of ``plan.rows_to_write``) is
    called and ``should_stop()`` asked after each batch; when it says so, ``ImportCancelled``
    is raised and nothing is written. Only administrators and officers import."""
    if not user.manages:
        raise PermissionDenied
    if not plan.can_write:
        raise ValidationError(
            _("The file has problems; correct them and check the file again."), code="bad_rows"
        )
    if plan.written:
        raise ValueError("This plan has been written already; check the file again.")
    accepted = frozenset(accept_new)
    if not accepted <= plan.duplicate_rows:
        raise ValueError(f"Not possible duplicates: {sorted(accepted - plan.duplicate_rows)}")
    writer = RegistryWriter(user=user, accept_new=accepted, reason=REASON_IMPORTED)
    try:
        with transaction.atomic():
            for start in range(0, len(plan.decisions), BATCH_ROWS):
                batch = plan.decisions[start : start + BATCH_ROWS]
                writer.write(batch)
                if progress is not None:
                    progress(start + len(batch))
                if should_stop is not None and should_stop():
                    raise ImportCancelled
    except (IntegrityError, writer.Stale) as error:
        raise ValidationError(
            _("The registry changed since the file was checked; check the file again."),
            code="stale",
        ) from error
    plan.written = True
    return RegistryResult(
        created=writer.created,
        updated=writer.updated,
        unchanged=plan.counts.get("unchanged", 0),
        left_out=tuple(sorted(plan.duplicate_rows - accepted)),
        products_created=writer.products_created,
        products_updated=writer.products_updated,
        certifications_created=writer.certifications_created,
    )
