"""The measured basis end to end on a 390 px phone: an officer adopts the efficiency's revenue
figures (confirming first), then makes a 2024 scenario with the measured basis and runs it; the
optimum funds the packaging clinic (Rp 0,05 a month per rupiah) before the training (Rp 0,0125),
and the page says where the figures came from. Nothing scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ovop.accounts.models import Role
from ovop.monitoring.defaults import indicators_install
from ovop.monitoring.models import Indicator
from ovop.planning.choices import ActivityType, BenefitBasis, SourceKind
from ovop.planning.models import FiscalYear, MeasuredBenefit, Proposal, Scenario, Source
from ovop.programme.models import Programme
from ovop.regions.models import Region
from tests.browser.conftest import browser_login
from tests.evaluation import efficiency_world
from tests.factories import ProgrammeFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
JT = 1_000_000


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]  # type: ignore[index]


def _world() -> tuple[Programme, dict[str, Region]]:
    indicators_install(Indicator)
    UserFactory(username="petugas", role=Role.OFFICER)
    places = efficiency_world.make_places()
    regency = places["A"].parent.parent  # type: ignore[union-attr]
    programme = ProgrammeFactory(name="OVOP Uji", regency=regency, start_year=2020)
    groups = efficiency_world.make_groups(places)
    efficiency_world.survey(programme, places, groups)
    efficiency_world.deliver(places, groups)
    year = FiscalYear.objects.get(year=2024)
    Source.objects.create(
        fiscal_year=year, kind=SourceKind.APBD_KAB, name="APBD 2024", ceiling_idr=500 * JT
    )
    for title, kind, place in (
        ("Bimtek lanjutan", ActivityType.TRAINING, places["A"]),
        ("Klinik kemasan 2", ActivityType.PACKAGING, places["C"]),
    ):
        Proposal.objects.create(
            fiscal_year=year, title=title, activity_type=kind, village=place,
            unit_cost_idr=30 * JT, units=1, cost_idr=30 * JT, beneficiaries_female=5,
        )  # fmt: skip
    return programme, places


def test_an_officer_adopts_the_figures_and_plans_with_them_on_a_phone(phone: Page) -> None:
    programme, _places = _world()
    browser_login(phone, "petugas")
    phone.goto(f"/evaluation/programmes/{programme.pk}/efficiency/")
    expect(phone.locator("#adopt-left-out")).to_contain_text("Certification: halal")
    with phone.expect_navigation():
        phone.get_by_role("link", name="Use these figures in the budget plan").click()
    expect(phone.locator("#adopt-figures")).to_contain_text("Rp\u00a012.500")
    _no_sideways_scroll(phone)
    assert not MeasuredBenefit.objects.exists()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Use these figures in the budget plan").click()
    expect(phone.locator(".messages")).to_contain_text(
        "Adopted for the budget plan: Training (bimtek), Packaging and design clinic."
    )
    assert MeasuredBenefit.objects.count() == 2

    phone.goto("/planning/scenarios/new/?year=2024")
    phone.get_by_label("Name").fill("Terukur 2024")
    phone.get_by_label("Budget: APBD 2024").fill("40 juta")
    phone.get_by_label("Measured effect per rupiah").check()
    _no_sideways_scroll(phone)
    with phone.expect_navigation():
        phone.get_by_role("button", name="Save").click()
    scenario = Scenario.objects.get()
    assert scenario.benefit_basis == BenefitBasis.MEASURED
    with phone.expect_navigation():
        phone.get_by_role("button", name="Run the optimiser").click()
    result = phone.locator("section[aria-labelledby=result-title]")
    # 30 juta × 0.05 = Rp 1.500.000 a month; the training no longer fits in Rp 40 juta
    expect(result).to_contain_text(
        "1 activities, total benefit Rp 1,500,000 extra monthly revenue, cost Rp 30,000,000."
    )
    expect(phone.locator("#measured-figures")).to_contain_text("OVOP Uji")
    expect(phone.locator("#measured-figures")).to_contain_text("Rp 50,000")
    _no_sideways_scroll(phone)
    with phone.expect_navigation():
        phone.locator("#measured-figures").get_by_role("link", name="OVOP Uji").first.click()
    expect(phone.locator("h1")).to_contain_text("Efficiency")
