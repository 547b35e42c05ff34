"""Product selection in a real browser: two assessors judge (one inconsistent, then corrected),
the officer reads the ranking and designates; the village page then shows the product."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ovop.accounts.models import Role, User
from ovop.enterprises.models import Enterprise
from ovop.programme.models import Designation
from ovop.selection import services
from ovop.selection.models import Candidate, Criterion, RoundStatus, SelectionRound
from tests.browser.conftest import browser_login
from tests.factories import ProductFactory, ProgrammeFactory, ProgrammeVillageFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CRITERIA = ["Market potential", "Value added", "Labour absorption"]
SCORES = {"Madu Alfa": [5, 4, 3], "Getas Alfa": [3, 3, 4], "Rusip Alfa": [2, 4, 2]}


def _round(officer: User, enterprise: Enterprise, panel: list[User]) -> SelectionRound:
    village = enterprise.village
    programme = ProgrammeFactory(  # type: ignore[no-untyped-call]
        name="OVOP Uji",
        regency=village.parent.parent,
        start_year=2020,  # type: ignore[union-attr]
    )
    ProgrammeVillageFactory(  # type: ignore[no-untyped-call]
        programme=programme, village=village, joined_year=2020
    )
    r = SelectionRound.objects.create(
        title="Pilihan Desa Alfa 2024",
        programme=programme,
        area=village,
        year=2024,
        status=RoundStatus.JUDGING,
        created_by=officer,
    )
    r.assessors.set(panel)
    crits = [Criterion.objects.create(round=r, position=k, name=n) for k, n in enumerate(CRITERIA)]
    values = {}
    for name, row in SCORES.items():
        product = ProductFactory(enterprise=enterprise, name=name)  # type: ignore[no-untyped-call]
        cand = Candidate.objects.create(round=r, product=product, name=name)
        values.update({(cand.pk, c.pk): float(v) for c, v in zip(crits, row, strict=True)})
    services.scores_set(user=officer, selection_round=r, values=values)
    return r


def _answer(page: Page, pair: str, value: str) -> None:
    page.locator(f'input[name="{pair}"][value="{value}"]').check()


def _logout(page: Page) -> None:
    page.locator("form[action='/accounts/logout/'] button").click()


def test_two_assessors_judge_and_the_officer_designates(
    page: Page, officer: User, assessor: User, enterprise_x: Enterprise
) -> None:
    second = UserFactory(username="assessor2", role=Role.ASSESSOR)  # type: ignore[no-untyped-call]
    r = _round(officer, enterprise_x, [assessor, second])

    # the first assessor answers intransitively, is told what to revisit, then corrects
    browser_login(page, assessor.username)
    page.goto(f"/selection/{r.pk}/")
    page.get_by_role("link", name="Compare the criteria").click()
    _answer(page, "pair_0_1", "9")
    _answer(page, "pair_0_2", "1/9")
    _answer(page, "pair_1_2", "9")
    expect(page.locator("#consistency .cr-value")).to_have_text("6.130")
    expect(page.locator("#consistency")).to_contain_text(
        "Revisit: Market potential vs Labour absorption"
    )
    page.get_by_role("button", name="Submit judgement").click()
    expect(page.locator("#reason-field")).to_contain_text(
        "Reason: the consistency ratio is 6.130, above 0.10."
    )
    _answer(page, "pair_0_1", "3")
    _answer(page, "pair_0_2", "5")
    _answer(page, "pair_1_2", "2")
    expect(page.locator("#consistency")).not_to_contain_text("Revisit")
    page.get_by_role("button", name="Submit judgement").click()
    expect(page.locator(".messages")).to_contain_text("Judgement submitted.")
    _logout(page)

    browser_login(page, second.username)
    page.goto(f"/selection/{r.pk}/judge/")
    _answer(page, "pair_0_1", "2")
    _answer(page, "pair_0_2", "4")
    _answer(page, "pair_1_2", "2")
    page.get_by_role("button", name="Submit judgement").click()
    expect(page.locator(".messages")).to_contain_text("Judgement submitted.")
    _logout(page)

    # the officer reads the ranking and designates the first
    browser_login(page, officer.username)
    page.goto(f"/selection/{r.pk}/result/")
    first_row = page.locator("#ranking tbody tr").first
    expect(first_row).to_have_attribute("data-candidate", "Madu Alfa")
    expect(page.locator("#agreement")).to_contain_text("The three methods agree.")
    expect(page.locator("#sensitivity li")).to_have_count(3)
    expect(page.locator("svg.chart rect")).to_have_count(6)
    page.get_by_role("button", name="Designate Madu Alfa").click()
    expect(page.locator("h1")).to_contain_text("Designate “Madu Alfa”")  # confirm, with a reason
    assert not Designation.objects.filter(year=2024).exists()
    page.fill("#id_reason", "Agreed at the village meeting.")
    page.get_by_role("button", name="Designate", exact=True).click()
    expect(page.locator("#decision")).to_contain_text("“Madu Alfa” was designated by officer")
    designation = Designation.objects.get(year=2024)
    assert designation.product is not None and designation.product.name == "Madu Alfa"

    page.goto(enterprise_x.village.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Madu Alfa")
