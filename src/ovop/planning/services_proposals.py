"""Writes for proposals: record, edit, withdraw and restore the activities the office could
fund in a fiscal year. Reading them from the empowerment action plans lives in
``services_proposals_import``.

The cost is always the service's: unit cost (copied from the price list item when none is
typed) times units. A dependency must be another proposal of the same year, and no chain of
dependencies may come back to where it started (the proposals of such a cycle are named). A
source may be listed as able to fund the proposal only when its rules allow the activity type
and the village. Every refusal names its field; nothing is half-saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import save_with_history
from ovop.empowerment.choices import Gender
from ovop.empowerment.models import Group, Person
from ovop.enterprises.models import Enterprise
from ovop.planning import scope
from ovop.planning.choices import MAX_MONEY_IDR, MAX_UNITS, ActivityType, ProposalStatus
from ovop.planning.guard import ensure_open
from ovop.planning.models import FiscalYear, PriceItem, Proposal, Source
from ovop.planning.selectors_proposals import dependency_cycle
from ovop.regions.models import Level, Region


@dataclass
class ProposalInput:
    """What a page or the API gives for one proposal (the cost is computed, never given)."""

    title: str
    activity_type: str
    village: Region
    group: Group | None = None
    enterprises: Sequence[Enterprise] = ()
    beneficiaries_female: int = 0
    beneficiaries_male: int = 0
    counts_from_group: bool = False
    price_item: PriceItem | None = None
    unit_cost_idr: int | None = None
    units: int = 1
    mandatory: bool = False
    requires: Sequence[Proposal] = ()
    allowed_sources: Sequence[Source] = ()
    notes: str = ""
    errors: dict[str, str] = field(default_factory=dict)


def group_counts(group: Group) -> tuple[int, int]:
    """(female, male) current members of ``group``."""
    people = Person.objects.filter(
        memberships__group=group, memberships__archived_at__isnull=True, archived_at__isnull=True
    ).distinct()
    female = people.filter(gender=Gender.FEMALE).count()
    return female, people.count() - female


def _check_place(data: ProposalInput) -> None:
    if not data.title.strip():
        data.errors["title"] = _("Activity: give the activity a title.")
    if data.activity_type not in ActivityType.values:
        data.errors["activity_type"] = _("Activity type: choose one of the types offered.")
    if data.village is None or data.village.level != Level.VILLAGE:
        data.errors["village"] = _("Village: choose a village.")
        return
    village = data.village
    if data.group is not None and (
        data.group.village_id != village.pk or data.group.archived_at is not None
    ):
        data.errors["group"] = _("Group: “%(name)s” is not an active group of %(village)s.") % {
            "name": data.group.name,
            "village": village.name,
        }
    strangers = [e.name for e in data.enterprises if e.village_id != village.pk or e.is_archived]
    if strangers:
        data.errors["enterprises"] = _(
            "IKM beneficiaries: %(names)s are not active IKM of %(village)s."
        ) % {"names": ", ".join(strangers), "village": village.name}


def _check_counts(data: ProposalInput) -> None:
    if data.counts_from_group:
        if data.group is None:
            data.errors["counts_from_group"] = _(
                "Beneficiaries: pick a group to take its members' counts."
            )
            return
        data.beneficiaries_female, data.beneficiaries_male = group_counts(data.group)
    for name, label in (
        ("beneficiaries_female", _("Female beneficiaries")),
        ("beneficiaries_male", _("Male beneficiaries")),
    ):
        value = getattr(data, name)
        if value is None or value < 0 or value > 100_000:
            data.errors[name] = _("%(label)s: give a number from 0 to 100000.") % {"label": label}


def _cost(data: ProposalInput, year: FiscalYear) -> int:
    """Unit cost × units (the unit cost copied from the price item when none is typed)."""
    item = data.price_item
    if item is not None and (item.fiscal_year_id != year.pk or item.archived_at is not None):
        data.errors["price_item"] = _(
            "Price list item: %(code)s is not an active item of the %(year)s price list."
        ) % {"code": item.code, "year": year.year}
    if data.unit_cost_idr is None and item is not None:
        data.unit_cost_idr = item.unit_cost_idr
    if data.unit_cost_idr is None:
        data.errors["unit_cost_idr"] = _("Unit cost: pick a price list item or type the unit cost.")
    elif not 1 <= data.unit_cost_idr <= MAX_MONEY_IDR:
        data.errors["unit_cost_idr"] = _("Unit cost: give an amount above Rp 0.")
    if data.units is None or not 1 <= data.units <= MAX_UNITS:
        data.errors["units"] = _("Units: give a number from 1 to %(max)s.") % {"max": MAX_UNITS}
    if "unit_cost_idr" in data.errors or "units" in data.errors:
        return 0
    cost = int(data.unit_cost_idr or 0) * int(data.units)
    if cost > MAX_MONEY_IDR:
        data.errors["units"] = _("Units: the cost would pass Rp 1.000.000.000.000.")
    return cost


def _rule_broken(source: Source, data: ProposalInput) -> str:
    if source.allowed_types and data.activity_type not in source.allowed_types:
        types = ", ".join(str(ActivityType(t).label) for t in source.allowed_types)
        return _("%(source)s pays only for %(types)s.") % {"source": source.name, "types": types}
    if source.village_id is not None and source.village_id != data.village.pk:
        village = source.village.name if source.village else ""
        return _("%(source)s pays only for activities in %(village)s.") % {
            "source": source.name,
            "village": village,
        }
    return ""


def _check_sources(data: ProposalInput, year: FiscalYear) -> None:
    if "village" in data.errors or "activity_type" in data.errors:
        return
    problems = []
    for source in data.allowed_sources:
        if source.fiscal_year_id != year.pk or source.archived_at is not None:
            problems.append(
                _("%(source)s is not an active source of %(year)s.")
                % {"source": source.name, "year": year.year}
            )
        elif broken := _rule_broken(source, data):
            problems.append(broken)
    if problems:
        data.errors["allowed_sources"] = _("Sources that may fund it: %(problems)s") % {
            "problems": " ".join(problems)
        }


def _check_requires(data: ProposalInput, year: FiscalYear, proposal: Proposal | None) -> None:
    others = [p for p in data.requires if p.fiscal_year_id != year.pk]
    if others:
        data.errors["requires"] = _("Depends on: %(names)s are not proposals of %(year)s.") % {
            "names": ", ".join(p.title for p in others),
            "year": year.year,
        }
        return
    if proposal is not None and any(p.pk == proposal.pk for p in data.requires):
        data.errors["requires"] = _("Depends on: a proposal cannot depend on itself.")
        return
    if proposal is None:
        return  # a new proposal: nothing depends on it yet, so no cycle can go through it
    cycle = dependency_cycle(year=year, proposal=proposal, requires=data.requires)
    if cycle:
        data.errors["requires"] = _(
            "Depends on: this makes a circle of dependencies: %(chain)s."
        ) % {"chain": " → ".join(f"“{title}”" for title in cycle)}


def _validated(data: ProposalInput, year: FiscalYear, proposal: Proposal | None) -> int:
    _check_place(data)
    _check_counts(data)
    cost = _cost(data, year)
    _check_sources(data, year)
    _check_requires(data, year, proposal)
    if data.errors:
        raise ValidationError(dict(data.errors))
    return cost


def _write(user: User, proposal: Proposal, data: ProposalInput, cost: int, reason: str) -> Proposal:
    proposal.title, proposal.activity_type = data.title.strip(), data.activity_type
    proposal.village, proposal.group = data.village, data.group
    proposal.beneficiaries_female = data.beneficiaries_female
    proposal.beneficiaries_male = data.beneficiaries_male
    proposal.price_item, proposal.unit_cost_idr = data.price_item, int(data.unit_cost_idr or 0)
    proposal.units, proposal.cost_idr = data.units, cost
    proposal.mandatory, proposal.notes = data.mandatory, data.notes.strip()
    save_with_history(proposal, user=user, reason=reason)
    proposal.enterprises.set(data.enterprises)
    proposal.requires.set(data.requires)
    proposal.allowed_sources.set(data.allowed_sources)
    return proposal


@transaction.atomic
def proposal_create(
    *, user: User, year: FiscalYear, data: ProposalInput, reason: str = ""
) -> Proposal:
    """Record a proposal of ``year`` typed by an officer."""
    scope.require_planner(user)
    history_reason = ensure_open(year, user=user, reason=reason)
    cost = _validated(data, year, None)
    proposal = Proposal(fiscal_year=year, created_by=user)
    return _write(user, proposal, data, cost, history_reason or "created")


def _require_standing(proposal: Proposal) -> None:
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise ValidationError(
            _("Proposal “%(title)s” is withdrawn; restore it before changing it.")
            % {"title": proposal.title}
        )


@transaction.atomic
def proposal_update(
    *, user: User, proposal: Proposal, data: ProposalInput, reason: str = ""
) -> Proposal:
    scope.require_planner(user)
    history_reason = ensure_open(proposal.fiscal_year, user=user, reason=reason)
    _require_standing(proposal)
    cost = _validated(data, proposal.fiscal_year, proposal)
    return _write(user, proposal, data, cost, history_reason or "edited")


def _set_status(user: User, proposal: Proposal, status: str, reason: str) -> Proposal:
    scope.require_planner(user)
    history_reason = ensure_open(proposal.fiscal_year, user=user, reason=reason)
    if proposal.status == status:
        message = {
            ProposalStatus.WITHDRAWN: _("Proposal “%(title)s” is already withdrawn."),
            ProposalStatus.PROPOSED: _("Proposal “%(title)s” is not withdrawn."),
        }[ProposalStatus(status)]
        raise ValidationError(message % {"title": proposal.title})
    proposal.status = status
    default = "withdrawn" if status == ProposalStatus.WITHDRAWN else "restored"
    return save_with_history(proposal, user=user, reason=history_reason or reason or default)


@transaction.atomic
def proposal_withdraw(*, user: User, proposal: Proposal, reason: str = "") -> Proposal:
    """Take the proposal out of the year's plan runs; it can be restored."""
    return _set_status(user, proposal, ProposalStatus.WITHDRAWN, reason.strip())


@transaction.atomic
def proposal_restore(*, user: User, proposal: Proposal, reason: str = "") -> Proposal:
    return _set_status(user, proposal, ProposalStatus.PROPOSED, reason.strip())
