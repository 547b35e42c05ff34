# ruff: noqa: F811  (fixtures imported from conftest_records are parameters here)
"""Demand where decisions are made: beside the candidates of a selection round (for the
"market potential" criterion), on a budget proposal of the village, and in chapter 8 of the
evaluation report; each read-only and of the last twelve months (the report: its year)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from ovop.accounts.models import User
from ovop.catalogue import services_demand, services_inquiries
from ovop.catalogue.models import DemandKind, Listing
from ovop.evaluation.report_products import demand_table
from ovop.planning.models import FiscalYear
from ovop.programme.models import ProgrammeVillage
from ovop.regions.models import Region
from ovop.selection.models import Candidate, SelectionRound
from tests.conftest import login
from tests.planning.conftest_records import apbd, fy, make_proposal  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def demand_x(listing_x: Listing) -> Listing:
    """This month: 12 views, 3 WhatsApp clicks and 2 inquiries; two years ago: 99 views."""
    services_demand.count(listing_id=listing_x.pk, kind=DemandKind.VIEW, n=12)
    services_demand.count(listing_id=listing_x.pk, kind=DemandKind.WHATSAPP, n=3)
    old = timezone.localdate() - dt.timedelta(days=730)
    services_demand.count(listing_id=listing_x.pk, kind=DemandKind.VIEW, n=99, day=old)
    for _ in range(2):
        services_inquiries.inquiry_submit(
            listing=listing_x, name="B", phone="081234567890", email="", quantity=3,
            message="", language="id",
        )  # fmt: skip
    return listing_x


@pytest.fixture
def round_x(officer: User, demand_x: Listing, membership_a: ProgrammeVillage) -> SelectionRound:
    selection_round = SelectionRound.objects.create(
        title="Pemilihan Desa Alfa",
        programme=membership_a.programme,
        area=membership_a.village,
        year=2026,
        created_by=officer,
    )
    Candidate.objects.create(round=selection_round, product=demand_x.product, name="Keripik")
    Candidate.objects.create(round=selection_round, name="Komoditas baru")
    return selection_round


def test_the_round_shows_each_candidates_demand(
    client: Client, viewer: User, round_x: SelectionRound
) -> None:
    html = login(client, viewer).get(f"/selection/{round_x.pk}/").content.decode()
    assert "potensi pasar" in html
    assert "12 kunjungan · 3 klik · 2 pertanyaan · 0 pesanan" in html  # 99 old views left out
    assert "belum ada permintaan tercatat di katalog" in html  # the proposed commodity


def test_the_proposal_shows_the_village_products_demand(
    client: Client, officer: User, village_a: Region, demand_x: Listing
) -> None:
    """A year being planned weighs the last twelve months, this one with them."""
    planned = FiscalYear.objects.create(year=timezone.localdate().year + 1)
    proposal = make_proposal(planned, village_a, "Bimtek kemasan", unit_cost_idr=1_000_000)
    html = login(client, officer).get(f"/planning/proposals/{proposal.pk}/").content.decode()
    assert 'id="village-demand"' in html
    assert "Keripik Tenggiri Alfa" in html


def test_the_report_chapter_has_the_village_demand(
    demand_x: Listing, membership_a: ProgrammeVillage
) -> None:
    year = timezone.localdate().year
    table = demand_table([membership_a], year)
    assert table is not None
    (row,) = table.rows
    assert [cell.text for cell in row[:5]] == [membership_a.village.name, "12", "3", "2", "0"]
    assert demand_table([membership_a], 2000) is None
