"""A pairwise judgement made on a phone, end to end: one pair at a time, each step of Saaty's
scale a target of at least 44 px, previous/next, submit, the consistency; and the same form
without JavaScript, every pair on the page, still posts them all."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.selection.models import Criterion, Judgement, RoundStatus, SelectionRound
from tests.browser.conftest import PHONE_VIEWPORT, TIMEOUT_MS, browser_login, english_cookie
from tests.factories import ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CRITERIA = ["Market potential", "Value added", "Labour absorption"]
#: Market potential 3× value added, 5× labour absorption; value added 2× labour absorption.
ANSWERS = {"pair_0_1": "3", "pair_0_2": "5", "pair_1_2": "2"}
#: Saaty's consistency ratio of those answers (principal eigenvalue 3.003695, RI 0.58).
CR = "0.003"


def _round(officer: User, assessor: User, enterprise: Enterprise) -> SelectionRound:
    village = enterprise.village
    kecamatan = village.parent
    assert kecamatan is not None
    programme = ProgrammeFactory(  # type: ignore[no-untyped-call]
        name="OVOP Uji", regency=kecamatan.parent, start_year=2020
    )
    r = SelectionRound.objects.create(
        title="Pilihan Desa Alfa 2024",
        programme=programme,
        area=village,
        year=2024,
        status=RoundStatus.JUDGING,
        created_by=officer,
    )
    r.assessors.set([assessor])
    for k, name in enumerate(CRITERIA):
        Criterion.objects.create(round=r, position=k, name=name)
    return r


def _saved(r: SelectionRound, assessor: User) -> list[list[float]]:
    judgement = Judgement.objects.get(round=r, assessor=assessor)
    assert judgement.submitted
    return [[round(v, 4) for v in row] for row in judgement.matrix]


EXPECTED = [[1.0, 3.0, 5.0], [0.3333, 1.0, 2.0], [0.2, 0.5, 1.0]]


def test_an_assessor_judges_every_pair_on_a_phone(
    phone: Page, officer: User, assessor: User, enterprise_x: Enterprise
) -> None:
    r = _round(officer, assessor, enterprise_x)
    browser_login(phone, assessor.username)
    phone.goto(f"/selection/{r.pk}/judge/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
    previous = phone.get_by_role("button", name="‹ Previous pair")
    following = phone.get_by_role("button", name="Next pair ›")
    expect(previous).to_be_disabled()

    for k, (pair, answer) in enumerate(ANSWERS.items()):
        row = phone.locator(f"#row-{pair}")
        expect(row).to_be_visible()
        expect(phone.locator("tr.pair:visible")).to_have_count(1)  # one pair at a time
        expect(row.locator(".pair-count")).to_have_text(f"Pair {k + 1} of 3")
        # criterion A above the 17 steps, criterion B below them
        a, b = row.locator(".crit-a").bounding_box(), row.locator(".crit-b").bounding_box()
        steps = row.locator("input[type=radio]")
        expect(steps).to_have_count(17)
        for s in range(17):
            box = steps.nth(s).bounding_box()
            assert box is not None and box["width"] >= 44 and box["height"] >= 44
        first, last = steps.first.bounding_box(), steps.last.bounding_box()
        assert a and b and first and last
        assert a["y"] + a["height"] <= first["y"] and last["y"] + last["height"] <= b["y"]
        assert b["x"] + b["width"] <= PHONE_VIEWPORT["width"]
        row.locator(f'input[value="{answer}"]').tap()
        expect(row.locator(f'input[value="{answer}"]')).to_be_checked()
        if k < len(ANSWERS) - 1:
            following.tap()
    expect(following).to_be_disabled()
    previous.tap()
    expect(phone.locator("#row-pair_0_2")).to_be_visible()
    expect(phone.locator("#row-pair_0_2 input[value='5']")).to_be_checked()

    expect(phone.locator("#consistency .cr-value")).to_have_text(CR)
    phone.get_by_role("button", name="Submit judgement").tap()
    expect(phone.locator(".messages")).to_contain_text(
        f"Judgement submitted. Consistency ratio: {CR}."
    )
    assert _saved(r, assessor) == EXPECTED


def test_without_javascript_every_pair_is_on_the_phone_page_and_submits(
    browser: Browser,
    live_server: LiveServer,
    officer: User,
    assessor: User,
    enterprise_x: Enterprise,
) -> None:
    r = _round(officer, assessor, enterprise_x)
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        viewport=PHONE_VIEWPORT,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
    )
    english_cookie(context, live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        browser_login(page, assessor.username)
        page.goto(f"/selection/{r.pk}/judge/")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
        expect(page.locator("tr.pair:visible")).to_have_count(3)
        expect(page.locator(".pager")).to_be_hidden()
        for pair, answer in ANSWERS.items():
            page.locator(f'#row-{pair} input[value="{answer}"]').tap()
        page.get_by_role("button", name="Submit judgement").tap()
        expect(page.locator(".messages")).to_contain_text(
            f"Judgement submitted. Consistency ratio: {CR}."
        )
    finally:
        context.close()
    assert _saved(r, assessor) == EXPECTED
