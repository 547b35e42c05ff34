# ruff: noqa: F811  (fixtures imported from conftest_records are parameters here)
"""Proposals: the cost the service works out, dependencies, source rules, group counts,
withdrawing, the closed year, and reading proposals from the action plans."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ovop.accounts.models import User
from ovop.core.money import parse_rupiah
from ovop.empowerment.models import Action, Cycle, Group, Person, Support, SupportProposal
from ovop.enterprises.models import Enterprise
from ovop.planning import services_proposals
from ovop.planning.choices import ActivityType, ProposalStatus
from ovop.planning.models import FiscalYear, PriceItem, Proposal, Source
from ovop.planning.services_proposals import ProposalInput
from ovop.planning.services_proposals_import import proposals_import_from_actions
from ovop.regions.models import Region
from tests.empowerment.conftest import cycle_a, cycle_b, group_a, group_b  # noqa: F401
from tests.planning.conftest_records import (  # noqa: F401 - fixtures
    JT,
    apbd,
    bimtek,
    close,
    dak,
    dana_desa_a,
    fy,
    make_proposal,
)


def _input(village: Region, **given: object) -> ProposalInput:
    values: dict[str, object] = {
        "title": "Bimtek pengolahan madu",
        "activity_type": ActivityType.TRAINING,
        "village": village,
        **given,
    }
    return ProposalInput(**values)  # type: ignore[arg-type]


def test_cost_is_unit_cost_times_units(officer: User, fy: FiscalYear, village_a: Region) -> None:
    data = _input(village_a, unit_cost_idr=parse_rupiah("Rp 1.250.000"), units=4)
    proposal = services_proposals.proposal_create(user=officer, year=fy, data=data)
    assert (proposal.unit_cost_idr, proposal.units, proposal.cost_idr) == (1_250_000, 4, 5_000_000)
    assert proposal.created_by == officer
    assert proposal.history.get().history_change_reason == "created"


def test_unit_cost_is_copied_from_the_price_item_and_stays_editable(
    officer: User, fy: FiscalYear, village_a: Region, bimtek: PriceItem
) -> None:
    copied = services_proposals.proposal_create(
        user=officer, year=fy, data=_input(village_a, price_item=bimtek, units=3)
    )
    assert (copied.unit_cost_idr, copied.cost_idr) == (1_250_000, 3_750_000)
    edited = services_proposals.proposal_update(
        user=officer,
        proposal=copied,
        data=_input(village_a, price_item=bimtek, unit_cost_idr=1_000_000, units=3),
    )
    assert edited.cost_idr == 3_000_000


def test_cost_needs_a_unit_cost(
    english: None, officer: User, fy: FiscalYear, village_a: Region
) -> None:
    with pytest.raises(ValidationError) as refused:
        services_proposals.proposal_create(user=officer, year=fy, data=_input(village_a))
    assert refused.value.message_dict == {
        "unit_cost_idr": ["Unit cost: pick a price list item or type the unit cost."]
    }
    with pytest.raises(ValidationError) as zero:
        services_proposals.proposal_create(
            user=officer, year=fy, data=_input(village_a, unit_cost_idr=0, units=0)
        )
    assert set(zero.value.message_dict) == {"unit_cost_idr", "units"}
    assert not Proposal.objects.exists()


def test_a_dependency_cycle_is_refused_naming_the_proposals(
    english: None, officer: User, fy: FiscalYear, village_a: Region
) -> None:
    a = make_proposal(fy, village_a, "Pelatihan dasar")
    b = make_proposal(fy, village_a, "Pelatihan lanjutan")
    c = make_proposal(fy, village_a, "Sertifikasi")
    b.requires.add(a)
    c.requires.add(b)
    with pytest.raises(ValidationError) as refused:
        services_proposals.proposal_update(
            user=officer,
            proposal=a,
            data=_input(village_a, title=a.title, unit_cost_idr=JT, requires=[c]),
        )
    message = refused.value.message_dict["requires"][0]
    assert message == (
        "Depends on: this makes a circle of dependencies: “Pelatihan dasar” → “Sertifikasi” "
        "→ “Pelatihan lanjutan” → “Pelatihan dasar”."
    )
    assert list(a.requires.all()) == []
    with pytest.raises(ValidationError) as itself:
        services_proposals.proposal_update(
            user=officer, proposal=a, data=_input(village_a, unit_cost_idr=JT, requires=[a])
        )
    assert list(itself.value.message_dict) == ["requires"]


def test_sources_must_allow_the_type_and_the_village(
    english: None,
    officer: User,
    fy: FiscalYear,
    village_b: Region,
    apbd: Source,
    dak: Source,
    dana_desa_a: Source,
) -> None:
    with pytest.raises(ValidationError) as refused:
        services_proposals.proposal_create(
            user=officer,
            year=fy,
            data=_input(village_b, unit_cost_idr=JT, allowed_sources=[apbd, dak, dana_desa_a]),
        )
    message = refused.value.message_dict["allowed_sources"][0]
    assert "DAK Fisik pays only for Equipment and facilities." in message
    assert "Dana Desa Alfa pays only for activities in Desa Alfa." in message
    assert "APBD" not in message
    ok = services_proposals.proposal_create(
        user=officer, year=fy, data=_input(village_b, unit_cost_idr=JT, allowed_sources=[apbd])
    )
    assert list(ok.allowed_sources.all()) == [apbd]
    assert Proposal.objects.count() == 1


def test_group_and_ikm_must_be_of_the_village(
    officer: User,
    fy: FiscalYear,
    village_a: Region,
    group_a: Group,
    group_b: Group,
    enterprise_x: Enterprise,
    enterprise_y: Enterprise,
) -> None:
    with pytest.raises(ValidationError) as refused:
        services_proposals.proposal_create(
            user=officer,
            year=fy,
            data=_input(village_a, unit_cost_idr=JT, group=group_b, enterprises=[enterprise_y]),
        )
    assert set(refused.value.message_dict) == {"group", "enterprises"}
    made = services_proposals.proposal_create(
        user=officer,
        year=fy,
        data=_input(
            village_a,
            unit_cost_idr=JT,
            group=group_a,
            enterprises=[enterprise_x],
            counts_from_group=True,
        ),
    )
    assert (made.beneficiaries_female, made.beneficiaries_male) == (2, 2)
    assert list(made.enterprises.all()) == [enterprise_x]


def test_withdraw_restore_and_editing_a_withdrawn_one(
    officer: User, fy: FiscalYear, village_a: Region
) -> None:
    proposal = make_proposal(fy, village_a, "Pameran")
    services_proposals.proposal_withdraw(user=officer, proposal=proposal, reason="dana CSR")
    assert proposal.status == ProposalStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        services_proposals.proposal_withdraw(user=officer, proposal=proposal)
    with pytest.raises(ValidationError):
        services_proposals.proposal_update(
            user=officer, proposal=proposal, data=_input(village_a, unit_cost_idr=JT)
        )
    services_proposals.proposal_restore(user=officer, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED


@pytest.mark.parametrize("persona", ["viewer", "facilitator", "owner", "assessor"])
def test_only_planners_write_proposals(
    request: pytest.FixtureRequest, persona: str, fy: FiscalYear, village_a: Region
) -> None:
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services_proposals.proposal_create(
            user=user, year=fy, data=_input(village_a, unit_cost_idr=JT)
        )
    assert not Proposal.objects.exists()


def test_closed_year_refuses_proposals(
    officer: User, admin_user: User, fy: FiscalYear, village_a: Region
) -> None:
    proposal = make_proposal(fy, village_a, "Pameran")
    close(fy, admin_user)
    with pytest.raises(ValidationError) as refused:
        services_proposals.proposal_withdraw(user=officer, proposal=proposal)
    assert "2026" in refused.value.messages[0]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED
    services_proposals.proposal_withdraw(user=admin_user, proposal=proposal, reason="koreksi")
    assert "koreksi" in proposal.history.order_by("-history_id")[0].history_change_reason


def _support(cycle: Cycle, title: str, support: str, cost: int, **extra: object) -> SupportProposal:
    person = Person.objects.filter(memberships__group__cycles=cycle).order_by("name").first()
    action = Action.objects.create(
        cycle=cycle,
        title=title,
        person_in_charge=person,
        due_on=dt.date(2026, 10, 1),
        cost_idr=cost,
        support=support,
        propose=True,
    )
    values: dict[str, object] = {
        "support": support,
        "cost_idr": cost,
        "village": cycle.village,
        "group": cycle.groups.first(),
        "for_year": 2026,
        "beneficiaries_female": 2,
        "beneficiaries_male": 2,
        **extra,
    }
    return SupportProposal.objects.create(action=action, **values)


def test_import_from_the_action_plans_is_idempotent(
    officer: User, fy: FiscalYear, cycle_a: Cycle, cycle_b: Cycle, enterprise_x: Enterprise
) -> None:
    first = _support(cycle_a, "Alat pengering madu", Support.EQUIPMENT, 12 * JT)
    first.beneficiaries.set(Person.objects.filter(village=cycle_a.village))
    _support(cycle_b, "Bimtek rusip", Support.TRAINING, 3 * JT)
    _support(cycle_a, "Pameran", Support.PROMOTION, JT, status="withdrawn")
    _support(cycle_a, "Tahun depan", Support.MENTORING, JT, for_year=2027)
    created = proposals_import_from_actions(year=fy, user=officer)
    assert len(created) == 2
    made = Proposal.objects.get(support=first)
    assert (made.title, made.activity_type, made.village_id, made.group_id) == (
        "Alat pengering madu",
        "equipment",
        cycle_a.village_id,
        first.group_id,
    )
    assert (made.unit_cost_idr, made.units, made.cost_idr) == (12 * JT, 1, 12 * JT)
    assert (made.beneficiaries_female, made.beneficiaries_male) == (2, 2)
    assert list(made.enterprises.all()) == [enterprise_x]
    assert proposals_import_from_actions(year=fy, user=officer) == []
    assert Proposal.objects.count() == 2
