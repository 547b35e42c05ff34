"""Issue 13 (part): the evaluation pages in the browser — an officer on a phone goes from the
menu to the programme's estimates and to one indicator's page (sentence, charts, tables) and
changes the onset setting; a viewer on a desktop reads the same page without the change link,
and is refused the settings."""

from __future__ import annotations

import pytest
from django.utils.text import slugify
from playwright.sync_api import Page, expect

from ovop.accounts.models import Role
from ovop.enterprises.models import Enterprise
from ovop.monitoring.choices import Arm
from ovop.monitoring.defaults import indicators_install
from ovop.monitoring.models import Indicator
from ovop.programme.models import Programme
from tests.browser.conftest import SCREENSHOT_DIR, browser_login, screenshots_wanted
from tests.evaluation import efficiency_world
from tests.evaluation.conftest import hand_made_world, second_programme
from tests.factories import ProgrammeFactory, ProgrammeVillageFactory, UserFactory, village

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world() -> Programme:
    indicators_install(Indicator)
    UserFactory(username="petugas", role=Role.OFFICER)
    UserFactory(username="pengamat", role=Role.VIEWER)
    alfa = village("99.01.01.2001", "Desa Alfa")
    beta = village("99.01.02.2001", "Desa Beta")
    programme = ProgrammeFactory(name="OVOP Uji", regency=alfa.parent.parent, start_year=2020)
    ProgrammeVillageFactory(programme=programme, village=alfa, joined_year=2020)
    firms = {
        Arm.PARTICIPANT: [Enterprise.objects.create(name=f"P{n}", village=alfa) for n in range(5)],
        Arm.COMPARISON: [Enterprise.objects.create(name=f"K{n}", village=beta) for n in range(5)],
    }
    return hand_made_world(programme, firms)


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]  # type: ignore[index]


def test_an_officer_reads_the_estimates_on_a_phone(phone: Page) -> None:
    programme = _world()
    browser_login(phone, "petugas")
    phone.get_by_text("Menu").click()
    with phone.expect_navigation():
        phone.get_by_role("link", name="Evaluation").click()
    expect(phone.locator("h1")).to_contain_text("OVOP Uji")
    expect(phone.locator("#impacts")).to_contain_text("Difference-in-differences")
    _no_sideways_scroll(phone)
    with phone.expect_navigation():
        phone.get_by_role("link", name="Monthly revenue").click()
    expect(phone.locator("#sentence")).to_contain_text(
        "Monthly revenue of participating IKM rose by Rp\u00a0100.000 more than"
    )
    expect(phone.locator("#means-chart")).to_be_visible()
    expect(phone.locator("#means tbody tr")).to_have_count(2)
    _no_sideways_scroll(phone)
    if screenshots_wanted():
        phone.screenshot(path=SCREENSHOT_DIR / "evaluation-indicator-phone.png", full_page=True)
    with phone.expect_navigation():
        phone.get_by_role("link", name="Change").click()
    phone.get_by_label("Years until an effect is expected").fill("3")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Save").click()
    expect(phone.locator(".messages")).to_contain_text("the estimates use the new setting")
    expect(phone.locator("#lag")).to_contain_text("3 years after")
    with phone.expect_navigation():
        phone.get_by_role("link", name="Monthly revenue").click()
    # village A joined in 2020: treated from 2023, between the two rounds
    expect(phone.locator("#estimates .headline").first).to_contain_text("Staggered adoption")
    expect(phone.locator("#event-chart")).to_be_visible()
    assert programme.evaluation_settings.effect_lag_years == 3


def test_a_viewer_reads_but_does_not_change(page: Page) -> None:
    programme = _world()
    browser_login(page, "pengamat")
    page.goto(f"/evaluation/programmes/{programme.pk}/indicators/omzet/")
    expect(page.locator("#estimates")).to_contain_text("Before and after (participants only)")
    expect(page.get_by_role("link", name="Change")).to_have_count(0)
    if screenshots_wanted():
        page.screenshot(path=SCREENSHOT_DIR / "evaluation-indicator.png", full_page=True)
    response = page.goto(f"/evaluation/programmes/{programme.pk}/settings/")
    assert response is not None and response.status == 403


def test_a_viewer_reads_one_indicator_over_every_programme(phone: Page, page: Page) -> None:
    """Two programmes: the evaluation's home lists each indicator over every programme; the
    pooled page (sentence, estimates, event study) fits a 390 px phone and a desktop."""
    _world()
    second_programme()
    for screen in (phone, page):
        browser_login(screen, "pengamat")
        screen.goto("/evaluation/")
        with screen.expect_navigation():
            screen.locator("#pooled").get_by_role("link", name="Monthly revenue").click()
        expect(screen.locator("h1")).to_contain_text("every programme")
        expect(screen.locator("#sentence")).to_contain_text(
            "Monthly revenue of participating IKM rose by Rp\u00a0350.000 more than"
        )
        expect(screen.locator("#estimates .headline").first).to_contain_text("Staggered adoption")
        expect(screen.locator("#counts")).to_contain_text("15 enterprises in the estimate")
        expect(screen.locator("#event-chart")).to_be_visible()
        _no_sideways_scroll(screen)
    if screenshots_wanted():
        phone.screenshot(path=SCREENSHOT_DIR / "evaluation-pooled-phone.png", full_page=True)


def test_an_officer_reads_the_efficiency_on_a_phone(phone: Page) -> None:
    """From the programme's page (its years' absorption) to the cost per unit of outcome, on a
    390 px phone: the tables stack, nothing scrolls sideways."""
    indicators_install(Indicator)
    UserFactory(username="petugas", role=Role.OFFICER)
    places = efficiency_world.make_places()
    regency = places["A"].parent.parent  # type: ignore[union-attr]
    programme = ProgrammeFactory(name="OVOP Uji", regency=regency, start_year=2020)
    groups = efficiency_world.make_groups(places)
    efficiency_world.survey(programme, places, groups)
    efficiency_world.deliver(places, groups)
    browser_login(phone, "petugas")
    phone.goto(f"/evaluation/programmes/{programme.pk}/")
    expect(phone.locator("#year-2023")).to_contain_text("86.3 %")
    _no_sideways_scroll(phone)
    with phone.expect_navigation():
        phone.get_by_role("link", name="Cost per unit of outcome by activity type").click()
    expect(phone.locator("#efficiency-types")).to_contain_text("Rp\u00a09.000.000")
    expect(phone.locator("#outcome-omzet")).to_contain_text("Rp\u00a080.00")
    expect(phone.locator("#outcome-kompetensi")).to_contain_text("not bounded")
    _no_sideways_scroll(phone)
    if screenshots_wanted():
        phone.screenshot(path=SCREENSHOT_DIR / "evaluation-efficiency-phone.png", full_page=True)


def test_an_officer_downloads_the_report_on_a_phone(phone: Page) -> None:
    """The programme's page offers the report of each round's year: the form fits a 390 px
    phone; its buttons ask for the workbook or the PDF in the language chosen, the reader
    sees it made (here at once: the tests have no worker) and downloads it."""
    programme = _world()
    browser_login(phone, "petugas")
    phone.goto(f"/evaluation/programmes/{programme.pk}/")
    expect(phone.locator("#report-year option")).to_have_text(["2025", "2022"])
    _no_sideways_scroll(phone)
    phone.get_by_role("button", name="Make the evaluation report (XLSX)").click()
    expect(phone.locator("#report-status")).to_have_text("ready")
    _no_sideways_scroll(phone)
    with phone.expect_download() as workbook:
        phone.locator("#report-download").click()
    regency = slugify(programme.regency.name)
    assert workbook.value.suggested_filename == f"evaluation-{regency}-2025.xlsx"
    phone.goto(f"/evaluation/programmes/{programme.pk}/")
    phone.locator("#report-year").select_option("2022")
    phone.locator("#report-lang").select_option("id")
    phone.get_by_role("button", name="Make the evaluation report (PDF)").click()
    expect(phone.locator("#report-download")).to_contain_text(f"evaluasi-{regency}-2022.pdf")
    with phone.expect_download() as pdf:
        phone.locator("#report-download").click()
    assert pdf.value.suggested_filename == f"evaluasi-{regency}-2022.pdf"
    path = pdf.value.path()
    assert path is not None and path.read_bytes().startswith(b"%PDF")
