"""Issue 12 (part): a facilitator enters one respondent's values on a 390×844 phone, tapping
and typing (a wrong amount first, then a draft, then the submission); the officer, on a
desktop, returns it with a comment, approves the corrected entry and locks the round. Every
phone page on the way fits the screen with tap targets of at least 24 px."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from ovop.accounts.models import Role
from ovop.monitoring.choices import Arm, EntryStatus, RoundStatus
from ovop.monitoring.defaults import indicators_install
from ovop.monitoring.models import Indicator, Respondent, Round, RoundIndicator
from tests.browser.conftest import TIMEOUT_MS, browser_login, english_cookie
from tests.browser.test_phone_pages import MEASURE, MIN_TARGET_PX
from tests.factories import EnterpriseFactory, ProgrammeFactory, UserFactory, village

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(phone: Page) -> None:
    found = phone.evaluate(MEASURE, MIN_TARGET_PX)
    assert found["width"] <= 390, f"{phone.url}: {found['width']} px wide"
    assert found["small"] == [], f"{phone.url}: small tap targets {found['small']}"


def _world() -> Respondent:
    indicators_install(Indicator)  # flushed by earlier transactional tests
    place = village("99.01.01.2001", "Desa Alfa")
    facilitator = UserFactory(username="pendamping", role=Role.FACILITATOR)
    facilitator.villages.add(place)
    UserFactory(username="petugas", role=Role.OFFICER)
    programme = ProgrammeFactory(name="OVOP Uji")
    round_ = Round.objects.create(
        programme=programme,
        name="Survei 2025",
        kind="baseline",
        year=2025,
        period_start=dt.date(2025, 7, 1),
        period_end=dt.date(2025, 12, 31),
    )
    for order, code in enumerate(("omzet", "tenaga_kerja", "jual_daring")):
        RoundIndicator.objects.create(
            round=round_, indicator=Indicator.objects.get(code=code), order=order
        )
    enterprise = EnterpriseFactory(name="Madu Pelawan Maryam", owner_name="Maryam", village=place)
    return Respondent.objects.create(round=round_, enterprise=enterprise, arm=Arm.PARTICIPANT)


def test_a_facilitator_enters_on_a_phone_and_the_officer_reviews_and_locks(
    phone: Page, browser: Browser, live_server: LiveServer
) -> None:
    respondent = _world()
    browser_login(phone, "pendamping")
    phone.goto("/")
    phone.locator(".menu > summary").tap()
    with phone.expect_navigation():
        phone.get_by_role("navigation", name="Main menu").get_by_role(
            "link", name="Monitoring"
        ).tap()
    _fits(phone)
    with phone.expect_navigation():
        phone.get_by_role("link", name="Survei 2025").tap()
    _fits(phone)
    with phone.expect_navigation():
        phone.get_by_role("link", name="Madu Pelawan Maryam").tap()
    _fits(phone)
    phone.get_by_label("Monthly revenue").fill("sejuta")
    phone.get_by_label("Workers — Women").fill("3")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Save draft").tap()
    expect(phone.locator(".error").first).to_be_visible()
    expect(phone.locator("main")).to_contain_text("Monthly revenue: “sejuta”")
    _fits(phone)
    phone.get_by_label("Monthly revenue").fill("Rp 1.500.000")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Save draft").tap()
    expect(phone.locator(".messages")).to_contain_text("Draft of Madu Pelawan Maryam saved.")
    expect(phone.get_by_label("Monthly revenue")).to_have_value("1.500.000")
    phone.get_by_label("Workers — Men").fill("2")
    phone.get_by_label("Workers — Youth (under 30)").fill("1")
    phone.get_by_label("Sells online").select_option("ya")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Submit for review").tap()
    expect(phone.locator(".messages")).to_contain_text("submitted for review")
    _fits(phone)
    respondent.refresh_from_db()
    assert respondent.status == EntryStatus.SUBMITTED
    assert {v.indicator.code + v.breakdown: v.number for v in respondent.values.all()} == {
        "omzet": Decimal(1_500_000),
        "tenaga_kerjafemale": Decimal(3),
        "tenaga_kerjamale": Decimal(2),
        "tenaga_kerjayouth": Decimal(1),
        "tenaga_kerja": Decimal(5),
        "jual_daring": Decimal(1),
    }

    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 1366, "height": 900}
    )
    english_cookie(context, live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    desk = context.new_page()
    browser_login(desk, "petugas")
    desk.goto(f"/monitoring/rounds/{respondent.round_id}/?status=submitted")
    with desk.expect_navigation():
        desk.get_by_role("link", name="Madu Pelawan Maryam").click()
    desk.get_by_label("Comment").fill("Omzet bulan Juli belum termasuk")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Return with comment").click()
    # the facilitator sees the comment, corrects and submits again
    phone.goto(f"/monitoring/respondents/{respondent.pk}/")
    expect(phone.locator("main")).to_contain_text("Omzet bulan Juli belum termasuk")
    phone.get_by_label("Monthly revenue").fill("1,8 juta")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Submit for review").tap()
    desk.goto(f"/monitoring/respondents/{respondent.pk}/")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Approve").click()
    desk.goto(f"/monitoring/rounds/{respondent.round_id}/")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Lock the round").click()
    expect(desk.locator("main")).to_contain_text("1 of 1 entries are approved")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Lock Survei 2025").click()
    expect(desk.locator(".messages")).to_contain_text("Round “Survei 2025” locked.")
    assert Round.objects.get().status == RoundStatus.LOCKED
    assert respondent.values.get(indicator__code="omzet").number == Decimal(1_800_000)
    # a locked round takes nothing more from the phone: the form is gone
    phone.goto(f"/monitoring/respondents/{respondent.pk}/")
    expect(phone.get_by_role("button", name="Submit for review")).to_have_count(0)
    context.close()
